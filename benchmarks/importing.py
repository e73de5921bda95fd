"""Benchmark: `tdkt import` reading a long Word file. Prints figures.

      .venv/bin/python benchmarks/importing.py [--pages 50]

Makes a DOCX of about N pages (an outline's shape repeated: I./1./a) headings with automatic
numbering, guidance, bullets, dotted lines; ~30 lines of 14 pt text a page) with python-docx, then
times reading it (zip, XML, numbering), building the section tree and writing the YAML, best of 3.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tdkt.importing.command import read_lines  # noqa: E402
from tdkt.importing.record import Suggestions, build_record, to_yaml  # noqa: E402
from tdkt.importing.structure import read_structure  # noqa: E402

SENTENCE = "Đánh giá kết quả thực hiện, cách làm sáng tạo trong triển khai các phong trào thi đua yêu nước của cơ quan, đơn vị."
NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""


def make_document(path: Path, pages: int) -> int:
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    document.part.numbering_part._element = parse_xml(NUMBERING)
    document.add_paragraph("ĐỀ CƯƠNG BÁO CÁO")
    document.add_paragraph("Sơ kết 05 năm thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị")
    paragraphs = 0
    lines = 0
    level0 = 0
    while lines < pages * 30:
        for level, text in ((0, "KẾT QUẢ THỰC HIỆN"), (1, "Công tác lãnh đạo, chỉ đạo"), (2, "Công tác quán triệt"), (None, SENTENCE),
                            (None, "- " + SENTENCE), (None, "………………………………………………"), (2, "Việc ban hành văn bản"), (None, SENTENCE)):
            if level == 0:
                level0 += 1
                if level0 > 3000:
                    continue
            paragraph = document.add_paragraph(text)
            if level is not None:
                paragraph._p.get_or_add_pPr().append(parse_xml(
                    f'<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'))
            paragraphs += 1
            lines += 1 if len(text) < 70 else 2
    document.save(str(path))
    return paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=50)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dai.docx"
        paragraphs = make_document(path, pages)
        best = float("inf")
        sections = 0
        for _ in range(3):
            start = time.perf_counter()
            imported = read_structure(read_lines(path), str(path))
            record, _ = build_record("de-cuong", imported, Suggestions(), "sources/dai.docx", "dai.docx")
            to_yaml("de-cuong", record, "sources/dai.docx")
            best = min(best, time.perf_counter() - start)
            sections = len(imported.walk())
        size = path.stat().st_size
    print(f"{pages} pages ({paragraphs} paragraphs, {size / 1024:.0f} KB .docx): {sections} sections read, "
          f"import {best:.2f} s (best of 3; target < 2 s)")


if __name__ == "__main__":
    main()
