"""Importing outlines and reports from the files they arrive in: `tdkt import`.

Seeds import to their curated data files; the portal's own DOCX/ODT templates import back to their
outline; Word files with automatic or typed numbering (made here with python-docx, one converted
to ODT by LibreOffice) import to the same tree; bad files are refused with nothing written.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.shared import Pt

from conftest import ROOT
from tdkt.content.catalog import Catalog, load_catalog
from tdkt.importing.command import read_lines
from tdkt.importing.lines import UnreadableFile
from tdkt.importing.structure import read_structure

# What the curation notes of each seed's data file record as done by hand (see source.notes).
CURATED = {
    "ket-qua-05-nam-chi-thi-34-ct-tw-truong-hoc": {(3, None, "Về tổ chức bộ máy và cán bộ làm công tác thi đua, khen thưởng:")},
}


def skeleton(blocks: list, depth: int = 1) -> list[tuple[int, str | None, str]]:
    out = []
    for block in blocks:
        if "title" in block:
            out.append((depth, block.get("label"), block["title"]))
            out += skeleton(block.get("content", []), depth + 1)
    return out


def blocks_of(blocks: list) -> list[tuple[str, str]]:
    out = []
    for block in blocks:
        if "title" in block:
            out.append(("section", f"{block.get('label') or ''} {block['title']}".strip()))
            out += blocks_of(block.get("content", []))
        else:
            out += list(block.items())
    return out


def imported(path: Path) -> list[dict]:
    return read_structure(read_lines(path), str(path)).section_data()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT)
    assert isinstance(result, Catalog), result
    return result


@pytest.mark.parametrize("record_id", ["ket-qua-05-nam-chi-thi-34-ct-tw-truong-hoc", "so-ket-05-nam-chi-thi-34-ct-tw-lang-son",
                                       "tong-ket-10-nam-ke-hoach-4724-kh-ubnd", "ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"])
def test_each_seed_imports_to_its_data_files_tree(catalog, record_id):
    record = catalog.get("de-cuong", record_id) or catalog.get("bao-cao", record_id)
    data = yaml.safe_load((ROOT / record.path).read_text(encoding="utf-8"))
    expected = [s for s in skeleton(data["sections"]) if s not in CURATED.get(record_id, set())]
    assert skeleton(imported(ROOT / record.entry.source.file)) == expected


@pytest.mark.parametrize("record_id", ["so-ket-05-nam-chi-thi-34-ct-tw-lang-son", "tong-ket-10-nam-ke-hoach-4724-kh-ubnd"])
def test_outline_seeds_import_block_for_block(catalog, record_id):
    """Texts, bullets and notes too, in place, for the seeds whose notes record no restructuring."""
    record = catalog.get("de-cuong", record_id)
    data = yaml.safe_load((ROOT / record.path).read_text(encoding="utf-8"))
    assert blocks_of(imported(ROOT / record.entry.source.file)) == blocks_of(data["sections"])


def test_title_block_and_closing_of_a_report_seed():
    result = read_structure(read_lines(ROOT / "sources/004_76946429fbf007d8.txt"), "004")
    assert result.heading == "BÁO CÁO"
    assert result.summary == "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị"
    assert result.introduction[0].startswith("Theo đề nghị của Sở Nội vụ tại Công văn số 309/SNV-TĐKT")
    assert result.signer == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Phạm Thị Hương"}
    assert result.recipients[0] == "Sở Nội vụ;" and result.recipients[-1] == "Lưu: VT."
    assert result.footnotes[0][0] == "1" and result.footnotes[0][1].startswith("Kế hoạch số 94/KH-UBND")


@pytest.fixture(scope="module")
def templates(catalog, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every outline's DOCX and ODT template, written as the site publishes them."""
    from tdkt.forms.build import build_forms

    folder = tmp_path_factory.mktemp("templates")
    outlines = {r.id: r.entry for r in catalog.of_type_key("outline")}
    files: dict[str, dict[str, Path]] = {}
    for outline_id, forms in build_forms(outlines, None).items():
        for form in forms:
            if form.format.extension in {"docx", "odt"}:
                path = folder / Path(form.uri).name
                path.write_bytes(form.content)
                files.setdefault(outline_id, {})[f"{form.variant}.{form.format.extension}"] = path
    return files


@pytest.mark.parametrize("variant", ["huong-dan.docx", "huong-dan.odt", "ban-trang.docx", "ban-trang.odt"])
def test_every_outline_template_imports_back_to_its_outline(catalog, templates, variant):
    for outline_id, files in templates.items():
        record = catalog.get("de-cuong", outline_id)
        expected = [(p.depth, p.section.label, p.section.title.upper() if (p.section.label or "").startswith("Phần") else p.section.title)
                    for p in record.sections()]
        assert skeleton(imported(files[variant])) == expected, (outline_id, variant)


# -- Word files made as a clerk's office makes them -------------------------------------------------

NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""

OUTLINE = [  # (level or None for a plain paragraph, text, italic)
    (None, "ĐỀ CƯƠNG BÁO CÁO", False),
    (None, "Sơ kết 05 năm thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị", False),
    (0, "KHÁI QUÁT TÌNH HÌNH", False),
    (3, "Thuận lợi", False),
    (3, "Khó khăn", False),
    (0, "KẾT QUẢ THỰC HIỆN", False),
    (1, "Công tác lãnh đạo, chỉ đạo", False),
    (2, "Công tác quán triệt", False),
    (None, "(Nêu rõ số cuộc, số người tham dự)", True),
    (2, "Việc ban hành văn bản", False),
    (1, "Phong trào thi đua", False),
    (None, "Lưu ý: báo cáo kèm số liệu từng năm.", False),
    (1, "Công tác khen thưởng", False),
    (0, "ĐÁNH GIÁ CHUNG", False),
]
EXPECTED = [
    (1, "I.", "KHÁI QUÁT TÌNH HÌNH"), (1, "II.", "KẾT QUẢ THỰC HIỆN"), (2, "1.", "Công tác lãnh đạo, chỉ đạo"),
    (3, "a)", "Công tác quán triệt"), (3, "b)", "Việc ban hành văn bản"), (2, "2.", "Phong trào thi đua"),
    (2, "3.", "Công tác khen thưởng"), (1, "III.", "ĐÁNH GIÁ CHUNG"),
]
TYPED = {0: ["I.", "II.", "III."], 1: ["1.", "2.", "3."], 2: ["a)", "b)"], 3: ["-"]}


def word_file(path: Path, automatic: bool) -> Path:
    document = Document()
    if automatic:
        numbering = document.part.numbering_part
        numbering._element = parse_xml(NUMBERING)  # one multi-level list: I. / 1. / a) / -
    counters = {level: 0 for level in TYPED}
    for level, text, italic in OUTLINE:
        paragraph = document.add_paragraph()
        if level is not None and automatic:
            numpr = parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
            )
            paragraph._p.get_or_add_pPr().append(numpr)
            run = paragraph.add_run(text)
        elif level is not None:
            labels = TYPED[level]
            label = labels[min(counters[level], len(labels) - 1)]
            counters[level] += 1
            for deeper in range(level + 1, 4):
                counters[deeper] = 0
            run = paragraph.add_run(f"{label} {text}")
        else:
            run = paragraph.add_run(text)
        run.italic = italic
        run.bold = level in {0, 1} or text.startswith("ĐỀ CƯƠNG")
        run.font.size = Pt(14)
    document.save(str(path))
    return path


@pytest.mark.parametrize("automatic", [True, False], ids=["automatic-numbering", "typed-numbering"])
def test_word_outline_imports_with_its_tree_notes_and_title(tmp_path, automatic):
    path = word_file(tmp_path / "de-cuong.docx", automatic)
    result = read_structure(read_lines(path), str(path))
    assert skeleton(result.section_data()) == EXPECTED
    assert result.heading == "ĐỀ CƯƠNG BÁO CÁO"
    assert result.summary.startswith("Sơ kết 05 năm")
    blocks = blocks_of(result.section_data())
    assert ("bullet", "Thuận lợi") in blocks and ("bullet", "Khó khăn") in blocks
    at = blocks.index(("section", "a) Công tác quán triệt"))
    assert blocks[at + 1] == ("text", "(Nêu rõ số cuộc, số người tham dự)")  # guidance stays at its place
    assert ("note", "báo cáo kèm số liệu từng năm.") in blocks
    assert result.numbered_by_word == (8 if automatic else 0)


def convert(path: Path, extension: str) -> Path:
    """The file saved in another format by LibreOffice, as an office would."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{path.parent / 'profile'}", "--headless", "--convert-to", extension,
         "--outdir", str(path.parent), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return path.with_suffix(f".{extension}")


def test_word_file_converted_to_odt_by_libreoffice_imports_the_same(tmp_path):
    odt = convert(word_file(tmp_path / "de-cuong.docx", automatic=True), "odt")
    with zipfile.ZipFile(odt) as package:
        assert b"continue" in package.read("content.xml") or b"text:list" in package.read("content.xml")
    assert skeleton(imported(odt)) == EXPECTED


@pytest.mark.parametrize("extension", ["rtf", "doc"])
def test_doc_and_rtf_go_through_libreoffice(tmp_path, extension):
    old = convert(word_file(tmp_path / "de-cuong.docx", automatic=False), extension)
    assert skeleton(imported(old)) == EXPECTED


def test_typed_parts_numbering_bullets_and_what_cannot_be_placed(tmp_path):
    path = tmp_path / "de-cuong.md"
    path.write_text(
        "Gửi các phòng, ban để thực hiện.\n"  # before any section and not the title block
        "# ĐỀ CƯƠNG\n"
        "Báo cáo sơ kết công tác thi đua\n"
        "PHẦN I\n"
        "KẾT QUẢ ĐẠT ĐƯỢC\n"
        "1. Công tác chỉ đạo\n"
        "1.1. Ban hành văn bản\n"
        "+ Số văn bản đã ban hành\n"
        "…………………………………………\n"
        "1.2. Kiểm tra\n"
        "**Công tác phối hợp**\n"
        "2. Khen thưởng\n"
        "Phần thứ hai: PHƯƠNG HƯỚNG\n"
        "1. Nhiệm vụ\n",
        encoding="utf-8",
    )
    result = read_structure(read_lines(path), str(path))
    assert skeleton(result.section_data()) == [
        (1, "PHẦN I", "KẾT QUẢ ĐẠT ĐƯỢC"), (2, "1.", "Công tác chỉ đạo"), (3, "1.1.", "Ban hành văn bản"),
        (3, "1.2.", "Kiểm tra"), (3, None, "Công tác phối hợp"), (2, "2.", "Khen thưởng"),
        (1, "Phần thứ hai", "PHƯƠNG HƯỚNG"), (2, "1.", "Nhiệm vụ"),
    ]
    assert result.heading == "ĐỀ CƯƠNG" and result.summary == "Báo cáo sơ kết công tác thi đua"
    assert ("bullet", "Số văn bản đã ban hành") in blocks_of(result.section_data())
    assert result.dropped_dots == 1
    assert any("Công tác phối hợp" in guess for guess in result.guessed)
    assert result.introduction == ["Gửi các phòng, ban để thực hiện."]


def test_nothing_before_the_first_section_is_dropped_from_an_outline(project_copy, tmp_path):
    path = tmp_path / "de-cuong.txt"
    path.write_text("Gửi các phòng, ban để thực hiện.\nĐỀ CƯƠNG\nBáo cáo sơ kết\nI. KẾT QUẢ\nII. KIẾN NGHỊ\n", encoding="utf-8")
    result = run_tdkt(project_copy, "import", str(path), "de-cuong", "thu-dau")
    assert result.returncode == 0, result.stderr
    assert "trước mục đầu tiên: Gửi các phòng, ban để thực hiện." in result.stdout
    record = yaml.safe_load((project_copy / "data/de-cuong/thu-dau.yml").read_text(encoding="utf-8"))
    assert record["sections"][0] == {"text": "Gửi các phòng, ban để thực hiện."}


def test_report_import_suggests_the_outline_it_answers(project_copy):
    result = run_tdkt(project_copy, "import", str(ROOT / "sources/004_76946429fbf007d8.txt"), "bao-cao", "ly-son-nhap-lai")
    assert result.returncode == 0, result.stderr
    assert "Báo cáo trả lời 19/26 mục của đề cương tong-ket-10-nam-ke-hoach-4724-kh-ubnd" in result.stdout
    record = yaml.safe_load((project_copy / "data/bao-cao/ly-son-nhap-lai.yml").read_text(encoding="utf-8"))
    assert record["follows"] == "tong-ket-10-nam-ke-hoach-4724-kh-ubnd"
    assert record["responds_to"] == "cong-van-309-snv-tdkt-2024"
    text = yaml.safe_dump(record, allow_unicode=True)
    assert "km²" in text and "[^1]" in text and "[^2]" not in text  # only marks with a footnote
    assert "<https" not in text
    assert "“issuer” (Cơ quan báo cáo) đang để trống" in result.stdout  # no header block in a .txt: to fill


# -- the command ------------------------------------------------------------------------------------


def run_tdkt(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("tdkt")), *args, "--root", str(project)],
        capture_output=True, text=True, timeout=300,
    )


def test_import_writes_the_data_file_keeps_the_original_and_reviews(project_copy, tmp_path):
    source = word_file(tmp_path / "De cuong so ket.docx", automatic=True)
    document = Document(str(source))
    document.add_paragraph("Báo cáo theo Kế hoạch số 99/KH-UBND ngày 01/01/2024 và Chỉ thị số 34-CT/TW.")
    document.save(str(source))
    result = run_tdkt(project_copy, "import", str(source), "de-cuong", "so-ket-thu")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    data = project_copy / "data/de-cuong/so-ket-thu.yml"
    assert (project_copy / "sources/so-ket-thu.docx").read_bytes() == source.read_bytes()
    text = data.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/de-cuong.schema.json\n")
    record = yaml.safe_load(text)
    assert record["source"]["file"] == "sources/so-ket-thu.docx"
    assert record["implements"] == ["chi-thi-34-ct-tw-2014"]
    assert "Các mục: cấp 1: 3, cấp 2: 3, cấp 3: 2 (số mục do Word/LibreOffice tự đánh: 8)" in out
    assert "99/KH-UBND: .venv/bin/tdkt new van-ban 99-kh-ubnd" in out
    # The unknown number is what check reports, at its line of the new file.
    assert "Kiểm tra (tdkt check): cần sửa trước khi đưa lên:" in out
    assert "data/de-cuong/so-ket-thu.yml:" in out and "99/KH-UBND" in out.split("cần sửa trước khi đưa lên:")[1]
    data.write_text(text.replace("Kế hoạch số 99/KH-UBND ngày 01/01/2024 và ", ""), encoding="utf-8")
    assert run_tdkt(project_copy, "check").returncode == 0
    text = data.read_text(encoding="utf-8")
    # Never overwrites.
    again = run_tdkt(project_copy, "import", str(source), "de-cuong", "so-ket-thu")
    assert again.returncode == 2 and "không ghi đè" in again.stderr
    assert data.read_text(encoding="utf-8") == text


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    good = word_file(folder / "tot.docx", automatic=True).read_bytes()
    cases = {}
    truncated = folder / "hong.docx"
    truncated.write_bytes(good[: len(good) // 2])
    cases["damaged"] = (truncated, "tệp hỏng hoặc sai đuôi")
    encrypted = folder / "mat-khau.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    cases["encrypted"] = (encrypted, "đặt mật khẩu")
    bomb = folder / "bom.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\x00" * (60 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    cases["zip bomb"] = (bomb, "tệp nén bất thường")
    picture = folder / "anh.docx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    cases["not a document"] = (picture, "không phải tệp Word")
    other_zip = folder / "khac.odt"
    with zipfile.ZipFile(other_zip, "w") as package:
        package.writestr("hello.txt", "xin chào")
    cases["zip of something else"] = (other_zip, "thiếu content.xml")
    legacy = folder / "tcvn3.docx"
    document = Document()
    for text in ("B¸o c¸o tæng kÕt c«ng t¸c thi ®ua", "I. Kh¸i qu¸t t×nh h×nh"):
        run = document.add_paragraph().add_run(text)
        run.font.name = ".VnTime"
    document.save(str(legacy))
    cases["TCVN3 text"] = (legacy, "bảng mã cũ TCVN3")
    latin1 = folder / "cu.txt"
    latin1.write_bytes("I. KHÁI QUÁT".encode("cp1258"))
    cases["not UTF-8"] = (latin1, "không phải văn bản UTF-8")
    huge = folder / "lon.docx"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    cases["too large"] = (huge, "tệp quá lớn")
    pdf = folder / "de-cuong.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    cases["PDF"] = (pdf, "tệp PDF bị hỏng")
    return cases


@pytest.mark.parametrize("case", ["damaged", "encrypted", "zip bomb", "not a document", "zip of something else", "TCVN3 text", "not UTF-8", "too large", "PDF"])
def test_bad_files_are_refused_with_nothing_written(project_copy, tmp_path, case):
    path, message = bad_files(tmp_path)[case]
    before = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*") if ".cache" not in p.parts)
    result = run_tdkt(project_copy, "import", str(path), "de-cuong", "thu-loi")
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    after = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*") if ".cache" not in p.parts)
    assert after == before


@pytest.mark.parametrize(("args", "message"), [
    (("de-cuong", "../ngoai"), "không hợp lệ"),
    (("de-cuong", "Có Dấu"), "không hợp lệ"),
    (("van-ban", "x"), "dùng “de-cuong”"),
])
def test_unsafe_ids_and_kinds_are_refused(project_copy, args, message):
    result = run_tdkt(project_copy, "import", str(ROOT / "sources/002_204254158d0d4ae1.txt"), *args)
    assert result.returncode == 2 and message in result.stderr


def test_unreadable_error_names_the_file():
    with pytest.raises(UnreadableFile, match="khong-co.xyz"):
        read_lines(Path("khong-co.xyz"))


def test_import_command_forks_its_reader_before_loading_the_content_model():
    """`tdkt import` forks the bounded reader first and loads the content model while it reads, so
    the two take the time of the longer; a reader loads only in the child that uses it. Whatever
    `tdkt` and the import command import at their top would be loaded before the fork."""
    heavy = ("tdkt.content.catalog", "tdkt.model", "pydantic", "pypdf", "pypdfium2", "docx", "odf", "PIL")
    probe = ("import sys, tdkt.cli, tdkt.importing.command; "
             f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} or m.startswith({heavy!r})))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
