"""Importing outlines as provinces publish them: every label style, PDFs with a text layer,
scanned PDFs and photos (Tesseract), outlines inside the plan or letter they came with, and the
bad files of these formats refused with nothing written.

Word files are made here with python-docx, PDFs from them by LibreOffice, scans from those PDFs
with pdftoppm and Pillow (a slight skew, as a scanner leaves it).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.shared import Pt

from conftest import ROOT
from test_importing import EXPECTED, blocks_of, convert, skeleton, word_file
from tdkt.importing.command import read_lines
from tdkt.importing.structure import read_structure


def imported(path: Path):
    return read_structure(read_lines(path), str(path))


# -- label styles -----------------------------------------------------------------------------------

# (level, label as written, title); level None: a plain paragraph.
STYLES = {
    "dash": [
        (None, None, "ĐỀ CƯƠNG BÁO CÁO"), (None, None, "Sơ kết công tác thi đua, khen thưởng"),
        (0, "I-", "KHÁI QUÁT TÌNH HÌNH"), (3, "-", "Thuận lợi"), (3, "-", "Khó khăn"),
        (0, "II-", "KẾT QUẢ THỰC HIỆN"), (1, "1-", "Công tác lãnh đạo"), (2, "a-", "Quán triệt"), (2, "b-", "Ban hành văn bản"),
        (1, "2-", "Phong trào thi đua"), (0, "III-", "ĐÁNH GIÁ CHUNG"),
    ],
    "slash": [
        (None, None, "ĐỀ CƯƠNG BÁO CÁO"), (None, None, "Sơ kết công tác thi đua, khen thưởng"),
        (0, "I/", "KHÁI QUÁT TÌNH HÌNH"), (0, "II/", "KẾT QUẢ THỰC HIỆN"), (1, "1/", "Công tác lãnh đạo"),
        (2, "a/", "Quán triệt"), (2, "đ/", "Ban hành văn bản"), (1, "2/", "Phong trào thi đua"), (0, "III/", "ĐÁNH GIÁ CHUNG"),
    ],
    "decimals-dash": [
        (None, None, "ĐỀ CƯƠNG BÁO CÁO"), (None, None, "Sơ kết công tác thi đua, khen thưởng"),
        (0, "I.", "KHÁI QUÁT TÌNH HÌNH"), (1, "1.", "Công tác lãnh đạo"), (2, "1.1-", "Quán triệt"), (2, "1.2-", "Ban hành văn bản"),
        (1, "2.", "Phong trào thi đua"), (0, "II.", "ĐÁNH GIÁ CHUNG"),
    ],
    "muc-dieu": [
        (None, None, "HƯỚNG DẪN"), (None, None, "Công tác thi đua, khen thưởng năm 2025"),
        (0, "Mục I.", "QUY ĐỊNH CHUNG"), (1, "Điều 1.", "Phạm vi áp dụng"), (1, "Điều 2.", "Đối tượng"),
        (2, "a)", "Cá nhân"), (0, "Mục II.", "TỔ CHỨC THỰC HIỆN"), (1, "Điều 3.", "Trách nhiệm"),
    ],
}


def styled_expected(style: str) -> list[tuple[int, str, str]]:
    return [(level + 1, label, title) for level, label, title in STYLES[style] if level is not None and level < 3]


def styled_text(style: str) -> str:
    return "".join(f"{label} {title}\n" if label else f"{title}\n" for _, label, title in STYLES[style])


def styled_word(path: Path, style: str) -> Path:
    document = Document()
    for level, label, title in STYLES[style]:
        run = document.add_paragraph().add_run(f"{label} {title}" if label else title)
        run.bold = level in {0, 1} or level is None
        run.font.size = Pt(14)
    document.save(str(path))
    return path


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_every_label_style_imports_with_labels_as_written(tmp_path, style, fmt):
    if fmt == "docx":
        path = styled_word(tmp_path / "de-cuong.docx", style)
    else:
        path = tmp_path / "de-cuong.txt"
        path.write_text(styled_text(style), encoding="utf-8")
    result = imported(path)
    assert skeleton(result.section_data()) == styled_expected(style)
    assert not result.unplaced
    if style == "dash":
        assert ("bullet", "Thuận lợi") in blocks_of(result.section_data())


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_a_title_followed_by_a_sentence_is_split_at_the_colon(tmp_path, fmt):
    lines = ["ĐỀ CƯƠNG", "Báo cáo tổng kết", "I. KHEN THƯỞNG",
             "1. Hình thức: Theo quy định của Luật Thi đua, khen thưởng năm 2022.",
             "2. Kết quả: số lượng, tỷ lệ",  # not a sentence: the title as written
             "3. Về tổ chức bộ máy:"]
    if fmt == "docx":
        path = tmp_path / "de-cuong.docx"
        document = Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    else:
        path = tmp_path / "de-cuong.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = imported(path).section_data()
    assert data[0]["content"][0] == {"label": "1.", "title": "Hình thức", "content": [
        {"text": "Theo quy định của Luật Thi đua, khen thưởng năm 2022."}]}
    assert data[0]["content"][1] == {"label": "2.", "title": "Kết quả: số lượng, tỷ lệ"}
    assert data[0]["content"][2] == {"label": "3.", "title": "Về tổ chức bộ máy:"}
