"""Importing outlines as provinces publish them: every label style, PDFs with a text layer,
scanned PDFs and photos (Tesseract), outlines inside the plan or letter they came with, and the
bad files of these formats refused with nothing written.

Word files are made here with python-docx, PDFs from them by LibreOffice, scans from those PDFs
with pdftoppm and Pillow (a slight skew, as a scanner leaves it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.shared import Pt

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


# -- PDF with a text layer, scans and photos --------------------------------------------------------

FIXTURES = ["automatic", "typed", *sorted(STYLES)]


def _expected(name: str) -> list[tuple[int, str, str]]:
    return EXPECTED if name in {"automatic", "typed"} else styled_expected(name)


@pytest.fixture(scope="module")
def word_fixtures(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("word")
    files = {"automatic": word_file(folder / "automatic.docx", automatic=True), "typed": word_file(folder / "typed.docx", automatic=False)}
    files |= {style: styled_word(folder / f"{style}.docx", style) for style in STYLES}
    for path in files.values():  # in the typeface administrative documents use (Nghị định 30/2020/NĐ-CP)
        document = Document(str(path))
        document.styles["Normal"].font.name = "Times New Roman"
        document.save(str(path))
    return files


@pytest.fixture(scope="module")
def pdfs(word_fixtures, tmp_path_factory) -> dict[str, Path]:
    """Every Word fixture printed to PDF by LibreOffice (one run for all)."""
    folder = tmp_path_factory.mktemp("pdf")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, word_fixtures.values())], check=True, capture_output=True, timeout=300)
    return {name: folder / f"{path.stem}.pdf" for name, path in word_fixtures.items()}


def scan(pdf: Path, target: Path, skew: float = 0.4) -> list[Path]:
    """The PDF's pages as a scanner gives them: 200 dpi, grey, turned slightly."""
    from PIL import Image

    prefix = target.parent / f"{target.stem}-page"
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(prefix)], check=True, timeout=120)
    pages = []
    for page in sorted(target.parent.glob(f"{prefix.name}-*.png")):
        with Image.open(page) as image:
            image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255).save(page)
        pages.append(page)
    return pages


@pytest.mark.parametrize("name", FIXTURES)
def test_pdf_printed_from_word_imports_to_the_same_tree_as_the_docx(word_fixtures, pdfs, name):
    from_word = imported(word_fixtures[name])
    from_pdf = imported(pdfs[name])
    assert skeleton(from_pdf.section_data()) == skeleton(from_word.section_data()) == _expected(name)
    assert (from_pdf.heading, from_pdf.summary) == (from_word.heading, from_word.summary)
    assert not from_pdf.ocr and not from_pdf.repairs
    blocks = [block for block in blocks_of(from_pdf.section_data()) if block[0] != "section"]
    assert blocks == [block for block in blocks_of(from_word.section_data()) if block[0] != "section"]


@pytest.fixture(scope="module")
def scanned(pdfs, tmp_path_factory) -> dict[str, Path]:
    """The PDFs scanned: pages at 200 dpi, skewed 0.4°, put back into a PDF without text."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("scan")
    out = {}
    for name, pdf in pdfs.items():
        pages = scan(pdf, folder / f"{name}.pdf")
        images = [Image.open(page) for page in pages]
        images[0].save(folder / f"{name}.pdf", save_all=True, append_images=images[1:], resolution=200)
        out[name] = folder / f"{name}.pdf"
    return out


def test_scanned_pdfs_import_with_at_least_95_percent_of_sections_right(scanned):
    right = total = 0
    report = []
    for name, path in scanned.items():
        result = imported(path)
        assert result.ocr
        got = {(label, title) for _, label, title in skeleton(result.section_data())}
        expected = [(label, title) for _, label, title in _expected(name)]
        right += sum(1 for section in expected if section in got)
        total += len(expected)
        report.append((name, [s for s in expected if s not in got], result.repairs))
    assert right / total >= 0.95, (right, total, report)
    assert any(repairs for _, _, repairs in report)  # OCR damaged some labels, and the repairs are listed


def test_a_photo_of_a_page_imports_by_ocr(pdfs, tmp_path):
    from PIL import Image

    page = scan(pdfs["typed"], tmp_path / "anh.png", skew=-0.3)[0]
    photo = tmp_path / "de-cuong.jpg"
    with Image.open(page) as image:
        # As a phone stores a photo taken sideways: pixels turned, an EXIF tag saying how to show them.
        exif = Image.Exif()
        exif[0x0112] = 6  # orientation: turn 90° clockwise to show
        image.convert("L").transpose(Image.Transpose.ROTATE_90).save(photo, quality=85, exif=exif)
    result = imported(photo)
    assert result.ocr and result.heading == "ĐỀ CƯƠNG BÁO CÁO"
    got = {(label, title) for _, label, title in skeleton(result.section_data())}
    assert sum(1 for _, label, title in EXPECTED if (label, title) in got) >= len(EXPECTED) - 1


# -- bad input of these formats ---------------------------------------------------------------------


def _pdf(path: Path, pages: int = 1, change=None) -> Path:  # type: ignore[no-untyped-def]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if change:
        change(writer)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _script(writer) -> None:  # type: ignore[no-untyped-def]
    from pypdf.actions import JavaScript

    writer.add_open_action(JavaScript("app.alert('x');"))


def _huge_png(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims a picture far larger than its bytes: decoding it would take GBs."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))
    return path


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    from PIL import Image

    cases: dict[str, tuple[Path, str]] = {}
    cases["encrypted PDF"] = (_pdf(folder / "mat-khau.pdf", change=lambda w: w.encrypt("mat-khau", algorithm="AES-128")), "được đặt mật khẩu")
    cases["PDF with JavaScript"] = (_pdf(folder / "js.pdf", change=_script), "mã JavaScript")
    cases["PDF with an attachment"] = (_pdf(folder / "dinh-kem.pdf", change=lambda w: w.add_attachment("a.exe", b"MZ")), "tệp đính kèm")
    cases["PDF over the page limit"] = (_pdf(folder / "dai.pdf", pages=61), "có 61 trang (tối đa 60)")
    cases["damaged PDF"] = ((folder / "hong.pdf"), "tệp PDF bị hỏng")
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<" + b"\x00" * 200)
    cases["image too large"] = (_huge_png(folder / "lon.png", 30000, 30000), "ảnh quá lớn để mở an toàn")
    blank = folder / "trang.jpg"
    Image.new("L", (1200, 1700), 235).save(blank)
    cases["photo with no text"] = (blank, "không đọc được chữ nào")
    cases["scanned PDF with no text"] = (_pdf(folder / "trang.pdf", pages=2), "không đọc được chữ nào")
    fake = folder / "anh.png"
    fake.write_bytes(b"not a picture at all" * 10)
    cases["not a picture"] = (fake, "không mở được")
    return cases


@pytest.mark.parametrize("case", ["encrypted PDF", "PDF with JavaScript", "PDF with an attachment", "PDF over the page limit",
                                  "damaged PDF", "image too large", "photo with no text", "scanned PDF with no text", "not a picture"])
def test_bad_files_of_these_formats_are_refused_with_nothing_written(project_copy, tmp_path, case):
    from test_importing import run_tdkt

    path, message = bad_files(tmp_path)[case]
    before = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*") if ".cache" not in p.parts)
    result = run_tdkt(project_copy, "import", str(path), "de-cuong", "thu-loi")
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert "Không ghi tệp nào." in result.stderr
    after = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*") if ".cache" not in p.parts)
    assert after == before


def test_a_pdf_with_an_owner_password_only_is_read(pdfs, tmp_path):
    """Offices lock editing with an owner password; such a PDF opens without one and is read."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdfs["typed"]))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-128")
    locked = tmp_path / "khoa-sua.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert skeleton(imported(locked).section_data()) == EXPECTED


# -- an outline inside the plan it was sent with ----------------------------------------------------

PLAN_HEAD = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("HUYỆN LÝ SƠN", "Độc lập - Tự do - Hạnh phúc"),
             ("Số: 77/KH-UBND", "Lý Sơn, ngày 15 tháng 3 năm 2024")]
PLAN = [
    "KẾ HOẠCH", "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW trên địa bàn huyện",
    "I. MỤC ĐÍCH, YÊU CẦU", "Đánh giá đúng kết quả đạt được.", "II. NỘI DUNG", "1. Thời gian: Các đơn vị gửi báo cáo trước ngày 30/3/2024.",
    "Nơi nhận:", "- Các phòng, ban;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Thị Hương",
    "ĐỀ CƯƠNG BÁO CÁO", "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW", "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN",
    "1. Công tác lãnh đạo", "2. Kết quả phong trào", "III. PHƯƠNG HƯỚNG",
]
PLAN_OUTLINE = [(1, "I.", "ĐẶC ĐIỂM TÌNH HÌNH"), (1, "II.", "KẾT QUẢ THỰC HIỆN"), (2, "1.", "Công tác lãnh đạo"),
                (2, "2.", "Kết quả phong trào"), (1, "III.", "PHƯƠNG HƯỚNG")]


def plan_file(folder: Path, fmt: str) -> Path:
    if fmt == "txt":
        path = folder / "ke-hoach.txt"
        path.write_text("\n".join([cell for row in PLAN_HEAD for cell in row] + PLAN) + "\n", encoding="utf-8")
        return path
    document = Document()
    table = document.add_table(rows=len(PLAN_HEAD), cols=2)
    for row, cells in zip(table.rows, PLAN_HEAD):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    for text in PLAN:
        document.add_paragraph(text)
    path = folder / "ke-hoach.docx"
    document.save(str(path))
    return convert(path, "pdf") if fmt == "pdf" else path


@pytest.mark.parametrize("fmt", ["docx", "pdf", "txt"])
def test_an_outline_inside_a_plan_imports_with_the_plan_as_its_document(project_copy, tmp_path, fmt):
    from test_importing import run_tdkt

    result = run_tdkt(project_copy, "import", str(plan_file(tmp_path, fmt)), "de-cuong", "de-cuong-trong-ke-hoach")
    assert result.returncode == 0, result.stdout + result.stderr
    outline = yaml.safe_load((project_copy / "data/de-cuong/de-cuong-trong-ke-hoach.yml").read_text(encoding="utf-8"))
    assert skeleton(outline["sections"]) == PLAN_OUTLINE  # the plan's own sections are not the outline's
    assert outline["heading"] == "ĐỀ CƯƠNG BÁO CÁO" and outline["summary"] == "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW"
    assert outline["sent_with"] == "ke-hoach-77-kh-ubnd-2024"
    document = yaml.safe_load((project_copy / "data/van-ban/ke-hoach-77-kh-ubnd-2024.yml").read_text(encoding="utf-8"))
    assert document["type"] == "Kế hoạch" and document["number"] == "77/KH-UBND"
    assert str(document["date"]) == "2024-03-15"
    assert document["title"] == "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW trên địa bàn huyện"
    assert document.get("issuer") == ("HUYỆN LÝ SƠN" if fmt != "txt" else None)  # a .txt has no header table: not guessed
    assert "ghi thành data/van-ban/ke-hoach-77-kh-ubnd-2024.yml" in result.stdout
    assert "Kiểm tra (tdkt check): tệp mới hợp lệ" in result.stdout


def test_a_guidance_heading_is_read_as_the_header(tmp_path):
    path = tmp_path / "huong-dan.txt"
    path.write_text(styled_text("muc-dieu"), encoding="utf-8")
    result = imported(path)
    assert result.heading == "HƯỚNG DẪN" and result.summary == "Công tác thi đua, khen thưởng năm 2025"
    assert result.introduction == []


@pytest.mark.parametrize("missing", ["tesseract", "vie"])
def test_without_tesseract_or_its_vietnamese_model_the_message_says_how_to_install(project_copy, tmp_path, missing):
    from PIL import Image

    photo = tmp_path / "anh.jpg"
    Image.new("L", (800, 1000), 255).save(photo)
    tools = tmp_path / "bin"
    tools.mkdir()
    if missing == "vie":  # a Tesseract with the English model only
        fake = tools / "tesseract"
        fake.write_text('#!/bin/sh\necho "List of available languages (2):"\necho eng\necho osd\n', encoding="utf-8")
        fake.chmod(0o755)
    result = subprocess.run([str(Path(sys.executable).with_name("tdkt")), "import", str(photo), "de-cuong", "thu-anh", "--root", str(project_copy)],
                            capture_output=True, text=True, timeout=120, env={"PATH": str(tools), "HOME": str(tmp_path)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("tesseract-ocr-vie" in result.stderr) and ("tiếng Việt" in result.stderr if missing == "vie" else "Tesseract" in result.stderr)
    assert not (project_copy / "data/de-cuong/thu-anh.yml").exists() and not (project_copy / "sources/thu-anh.jpg").exists()


def test_lines_that_only_look_like_labels_are_not_sections():
    from tdkt.importing.structure import classify

    for text in ("V/v tổng kết 10 năm thực hiện Chỉ thị 34", "v/v báo cáo", "1/2024 là năm đầu", "a-b", "20-25% số hộ"):
        assert classify(text) is None, text


def test_an_outline_in_an_annex_of_a_letter_imports_with_the_letter_as_its_document(project_copy, tmp_path):
    from test_importing import run_tdkt

    document = Document()
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("Số: 512/SNV-TĐKT", "Độc lập - Tự do - Hạnh phúc"),
                                       ("V/v báo cáo tổng kết công tác thi đua", "Quảng Ngãi, ngày 02 tháng 4 năm 2024")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    for text in ["Kính gửi: Các sở, ban, ngành tỉnh.", "Sở Nội vụ đề nghị các cơ quan báo cáo theo đề cương gửi kèm.",
                 "Nơi nhận:", "- Như trên;", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An",
                 "Phụ lục", "ĐỀ CƯƠNG BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng năm 2024",
                 "I- KẾT QUẢ", "1- Công tác tổ chức", "II- KIẾN NGHỊ"]:
        document.add_paragraph(text)
    path = tmp_path / "cong-van.docx"
    document.save(str(path))
    result = run_tdkt(project_copy, "import", str(path), "de-cuong", "de-cuong-phu-luc")
    assert result.returncode == 0, result.stdout + result.stderr
    outline = yaml.safe_load((project_copy / "data/de-cuong/de-cuong-phu-luc.yml").read_text(encoding="utf-8"))
    assert skeleton(outline["sections"]) == [(1, "I-", "KẾT QUẢ"), (2, "1-", "Công tác tổ chức"), (1, "II-", "KIẾN NGHỊ")]
    assert outline["sent_with"] == "cong-van-512-snv-tdkt-2024"
    letter = yaml.safe_load((project_copy / "data/van-ban/cong-van-512-snv-tdkt-2024.yml").read_text(encoding="utf-8"))
    assert (letter["type"], letter["number"], letter["issuer"], str(letter["date"]), letter["title"]) == (
        "Công văn", "512/SNV-TĐKT", "SỞ NỘI VỤ", "2024-04-02", "V/v báo cáo tổng kết công tác thi đua")
