"""Hostile and odd files through the real `tdkt import`: each is refused with its Vietnamese message
and nothing written, or read right. Every file is made here, in code, a few KB at most on disk.

Bounds are asserted by size (what is written, what a reader keeps), never by time; the two inputs
that used to take quadratic time are large enough that the old code would not finish within the
suite's time-out, and cheap now.
"""

from __future__ import annotations

import bz2
import io
import lzma
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from corpus import copy_project
from tdkt.importing.lines import Line, UnreadableFile
from tdkt.importing.sandbox import Limits, run_bounded
from tdkt.importing.structure import read_structure
from tdkt.content.yamlsource import parse_yaml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
HEAD = ("ĐỀ CƯƠNG BÁO CÁO", "Sơ kết công tác thi đua, khen thưởng năm 2024")


# -- files made in code ---------------------------------------------------------------------------------


def p(text: str, extra: str = "", ppr: str = "") -> str:
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'


def numbered(text: str, ilvl: str, num: str = "1") -> str:
    return p(text, ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>')


def document_xml(body: str, prolog: str = "") -> bytes:
    head = "".join(p(text) for text in HEAD)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W}"><w:body>{head}{body}</w:body></w:document>'.encode()


def numbering_xml(levels: str) -> bytes:
    return (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>').encode()


def level(ilvl: str, fmt: str, text: str, start: str = "1") -> str:
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'


def docx(path: Path, body: str, **parts: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", parts.pop("document", None) or document_xml(body))
        for name, data in parts.items():
            package.writestr(f"word/{name}.xml", data)
    return path


def odt(path: Path, body: str, styles: str = "") -> Path:
    spaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in ODF.items())
    head = "".join(f"<text:p>{text}</text:p>" for text in HEAD)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {spaces}>'
               f"<office:automatic-styles>{styles}</office:automatic-styles>"
               f"<office:body><office:text>{head}{body}</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    return path


def raw_zip(path: Path, entries: list[tuple[str, int, bytes, int, int]]) -> Path:
    """A zip written byte by byte: (name, method, stored bytes, crc, declared size) — the declared
    size may lie, which zipfile's writer does not allow."""
    out = io.BytesIO()
    central = []
    for name, method, data, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        version = 46 if method == zipfile.ZIP_BZIP2 else 63 if method == zipfile.ZIP_LZMA else 20
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", version, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", version, version, 0, method, 0, 0x21, crc, len(data), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


def bomb(path: Path, method: int, expands_to: int = 16 * 1024 * 1024) -> Path:
    """A .docx whose document.xml declares a few KB and expands to expands_to bytes."""
    honest = document_xml(p("I. KẾT QUẢ"))
    if method == zipfile.ZIP_BZIP2:
        compressor = bz2.BZ2Compressor(9)
    elif method == zipfile.ZIP_LZMA:
        compressor = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1, "preset": 1}])
    else:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(honest[:-len(b"</w:body></w:document>")])
    chunk = b" " * (8 * 1024 * 1024)
    for _ in range(expands_to // len(chunk)):
        data += compressor.compress(chunk)
    data += compressor.compress(b"</w:body></w:document>") + compressor.flush()
    if method == zipfile.ZIP_LZMA:  # zip's LZMA header: version, size of the properties, properties
        properties = lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1, "preset": 1})  # type: ignore[attr-defined]
        data = struct.pack("<BBH", 9, 4, len(properties)) + properties + data
    return raw_zip(path, [("word/document.xml", method, data, zlib.crc32(honest), len(honest))])


# -- the command ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile") / "project")


def files_in(project: Path) -> list[Path]:
    return sorted(path.relative_to(project) for path in project.rglob("*") if ".cache" not in path.parts)


def tdkt(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("tdkt")), *args, "--root", str(project)],
                          capture_output=True, text=True, timeout=300)


def refused(project: Path, path: Path, message: str, record_id: str = "thu-hostile") -> subprocess.CompletedProcess[str]:
    before = files_in(project)
    result = tdkt(project, "import", str(path), "de-cuong", record_id)
    assert result.returncode in {1, 2}, result.stdout
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Không ghi tệp nào" in result.stderr
    assert files_in(project) == before
    return result


def imported(project: Path, path: Path, record_id: str, folder: str = "de-cuong") -> tuple[subprocess.CompletedProcess[str], dict]:
    result = tdkt(project, "import", str(path), folder, record_id)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    data = project / "data" / folder / f"{record_id}.yml"
    assert data.stat().st_size < 20_000  # no count in the file became kilobytes of label or spaces
    return result, yaml.safe_load(data.read_text(encoding="utf-8"))


def titles(blocks: list) -> list[str]:
    out = []
    for block in blocks:
        if "title" in block:
            out.append(f"{block.get('label') or ''} {block['title']}".strip())
            out += titles(block.get("content", []))
    return out


def texts(blocks: list) -> list[str]:
    out = []
    for block in blocks:
        if "title" in block:
            out += texts(block.get("content", []))
        else:
            out += [value for value in block.values() if isinstance(value, str)]
    return out


# -- refused, nothing written --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA], ids=["bzip2", "deflate", "lzma"])
def test_a_part_expanding_past_its_declared_size_is_refused_while_it_inflates(project, tmp_path, method):
    path = bomb(tmp_path / "bom.docx", method)
    assert path.stat().st_size < 300_000
    refused(project, path, "bung ra lớn hơn kích thước nó khai báo")


def test_the_part_limit_counts_bytes_inflated_not_declared(tmp_path):
    from tdkt.importing.safety import open_package, read_entry

    honest = b"<x>" + b" " * (2 * 1024 * 1024) + b"</x>"
    path = raw_zip(tmp_path / "lon.docx", [("word/document.xml", zipfile.ZIP_DEFLATED, zlib.compress(honest)[2:-4], zlib.crc32(honest), len(honest))])
    with open_package(path, "word/document.xml", "Word (.docx)") as package:
        assert read_entry(package, "word/document.xml", path) == honest
        with pytest.raises(UnreadableFile, match="lớn hơn 1 MB"):
            read_entry(package, "word/document.xml", path, limit=1024 * 1024)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_file_defining_entities_is_refused(project, tmp_path, kind):
    doctype = '<!DOCTYPE x [<!ENTITY e "ẩn">]>'
    if kind == "docx":
        path = docx(tmp_path / "dtd.docx", "", document=document_xml(p("I. KẾT QUẢ &e; còn chữ sau"), prolog=doctype))
    else:
        path = odt(tmp_path / "dtd.odt", "<text:p>I. KẾT QUẢ &e; còn chữ sau</text:p>")
        with zipfile.ZipFile(path) as package:
            content = package.read("content.xml").replace(b"?><office", b"?>" + doctype.encode() + b"<office")
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("content.xml", content)
    refused(project, path, "khai báo DTD/thực thể")


def test_a_dangling_link_at_the_sources_copy_is_not_followed(project, tmp_path):
    outside = tmp_path / "ngoai" / "bi-ghi.docx"
    outside.parent.mkdir()
    link = project / "sources" / "thu-lien-ket.docx"
    link.symlink_to(outside)
    try:
        path = docx(tmp_path / "de-cuong.docx", p("I. KẾT QUẢ"))
        refused(project, path, "liên kết tượng trưng", record_id="thu-lien-ket")
        assert not outside.exists()
    finally:
        link.unlink()


def test_a_linked_data_folder_is_not_written_through(tmp_path):
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "ngoai"
    (project / "data" / "de-cuong").rename(outside)
    (project / "data" / "de-cuong").symlink_to(outside)
    path = docx(tmp_path / "de-cuong.docx", p("I. KẾT QUẢ"))
    before = sorted(outside.iterdir())
    refused(project, path, "liên kết tượng trưng", record_id="thu-thu-muc")
    assert sorted(outside.iterdir()) == before


# -- bounded in a child process ------------------------------------------------------------------------------


def gone(pid: int) -> bool:
    """No such process, or only its exit status waiting to be collected (a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in {"Z", "X"}


def _allocate() -> bytes:
    return b"x" * (4 * 1024 * 1024 * 1024)


def _spin() -> None:
    while True:
        pass


def _wait_with_a_child(marker: Path) -> None:
    process = subprocess.Popen(["sleep", "600"], process_group=0)  # as a converter is started
    marker.write_text(str(process.pid))
    process.wait()


def test_the_bounded_child_reports_each_bound_in_vietnamese_and_leaves_no_process(tmp_path):
    with pytest.raises(UnreadableFile, match="cần hơn 256 MB bộ nhớ"):
        run_bounded(_allocate, source="bom.docx", limits=Limits(memory=256 * 1024 * 1024))
    with pytest.raises(UnreadableFile, match="quá 1 giây xử lý"):
        run_bounded(_spin, source="vong.docx", limits=Limits(cpu=1, wall=60))
    marker = tmp_path / "pid"
    with pytest.raises(UnreadableFile, match="đọc tệp quá 1 giây"):
        run_bounded(_wait_with_a_child, marker, source="cho.doc", limits=Limits(wall=1))
    assert gone(int(marker.read_text()))  # the grandchild in its own process group went too
    with pytest.raises(UnreadableFile, match=r"lỗi của chương trình khi đọc tệp \(ZeroDivisionError"):
        run_bounded(lambda: 1 / 0, source="loi.docx")
    assert run_bounded(lambda x: [Line(x, 1)], "đúng", source="a.txt") == [Line("đúng", 1)]


def test_an_import_over_its_memory_bound_is_stopped_with_its_message_and_nothing_written(project, tmp_path):
    # 6 MB of text in 60 000 paragraphs: honest sizes, ordinary compression, more than 16 MB to read.
    body = "".join(p(os.urandom(48).hex()) for _ in range(60_000))
    path = docx(tmp_path / "lon.docx", p("I. KẾT QUẢ") + body)
    before = files_in(project)
    result = subprocess.run([str(Path(sys.executable).with_name("tdkt")), "import", str(path), "de-cuong", "thu-bo-nho", "--root", str(project)],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "TDKT_IMPORT_MEMORY_MB": "16"})
    assert result.returncode == 1 and "cần hơn 16 MB bộ nhớ" in result.stderr and "Không ghi tệp nào" in result.stderr
    assert "Traceback" not in result.stderr and files_in(project) == before


# -- numbers used as counts ---------------------------------------------------------------------------------


def test_an_odt_space_run_of_300_million_is_one_space(project, tmp_path):
    path = odt(tmp_path / "khoang.odt", '<text:p>I. KẾT<text:s text:c="300000000"/>QUẢ</text:p><text:p>II. KIẾN NGHỊ</text:p>')
    assert path.stat().st_size < 2000
    result, record = imported(project, path, "thu-khoang-trang")
    assert titles(record["sections"]) == ["I. KẾT QUẢ", "II. KIẾN NGHỊ"]
    assert "dãy 300000000 dấu cách" in result.stdout


@pytest.mark.parametrize(("start", "ilvl"), [("10000000000", "0"), ("²", "0"), ("1", "9"), ("1", "x")])
def test_list_starts_and_levels_that_are_no_numbers_draw_no_label(project, tmp_path, start, ilvl):
    numbering = numbering_xml(level("0", "upperRoman", "%1.", start) + level("1", "lowerLetter", "%2)", start))
    path = docx(tmp_path / "so.docx", numbered("KẾT QUẢ", ilvl) + numbered("Chi tiết", "1") + p("II. KIẾN NGHỊ"), numbering=numbering)
    result, record = imported(project, path, f"thu-so-{len(start)}-{ord(ilvl[0])}")
    assert "KIẾN NGHỊ" in " ".join(titles(record["sections"]))
    assert "không hợp lệ" in result.stdout
    assert tdkt(project, "check").returncode in {0, 1}


def test_an_odt_list_eleven_levels_deep(project, tmp_path):
    levels = "".join(f'<text:list-level-style-number text:level="{n}" style:num-format="1" style:num-suffix="."/>' for n in range(1, 11))
    styles = f'<text:list-style style:name="L1">{levels}</text:list-style>'
    nested = "<text:p>Sâu nhất</text:p>"
    for _ in range(11):
        nested = f"<text:list text:style-name=\"L1\"><text:list-item>{nested}</text:list-item></text:list>"
    path = odt(tmp_path / "sau.odt", "<text:p>I. KẾT QUẢ</text:p>" + nested + "<text:p>II. KIẾN NGHỊ</text:p>", styles)
    result, record = imported(project, path, "thu-long-sau")
    assert "Sâu nhất" in texts(record["sections"]) + titles(record["sections"])
    assert "lồng quá 10 cấp" in result.stdout


# -- quadratic inputs: large enough that the old code would not finish ---------------------------------------


def test_many_numbered_lines_before_a_roman_one_read_in_linear_time():
    lines = [Line("ĐỀ CƯƠNG", 1), Line("Sơ kết", 2)] + [Line(f"{i % 99 + 1}. Nội dung {i}", i + 3) for i in range(30_000)]
    result = read_structure(lines + [Line("I. CUỐI", 40_000)], "nhieu.txt")  # was ~5 µs × 30 000² ≈ 75 min
    assert len(result.introduction) == 30_000 and len(result.walk()) == 1


def test_a_long_markdown_heading_line_reads_in_linear_time(tmp_path):
    from tdkt.importing.text_reader import read_text

    path = tmp_path / "dai.md"
    path.write_text("# ĐỀ CƯƠNG" + " \t" * 500_000 + "x ##\n## I. KẾT QUẢ\n", encoding="utf-8")  # 1 MB: was hours
    lines = read_text(path)
    assert lines[0].text.endswith("x") and lines[0].heading == 1


# -- characters --------------------------------------------------------------------------------------------------


def test_characters_yaml_refuses_are_dropped_listed_and_check_still_reads_the_project(project, tmp_path):
    # XML cannot hold U+FFFE, but it can hold DEL and the C1 controls; a text file can hold them all.
    path = docx(tmp_path / "ky-tu.docx", p("I. KẾT QUẢ\u0085 CHUNG") + p("Đoạn\u007f có\u0093 ký tự lạ\u009f.") + p("II. KIẾN NGHỊ"))
    result, record = imported(project, path, "thu-ky-tu")
    assert titles(record["sections"]) == ["I. KẾT QUẢ CHUNG", "II. KIẾN NGHỊ"]
    assert "Đoạn có ký tự lạ." in texts(record["sections"])
    assert "<U+007F> ×1" in result.stdout and "<U+0093> ×1" in result.stdout
    text = tmp_path / "ky-tu.txt"
    text.write_text("ĐỀ CƯƠNG\nSơ kết\nI. KẾT\ufffe QUẢ\nĐoạn\x01 một\ufeff.\n", encoding="utf-8")
    result, record = imported(project, text, "thu-ky-tu-txt")
    assert titles(record["sections"]) == ["I. KẾT QUẢ"] and texts(record["sections"]) == ["Đoạn một\ufeff."]
    assert "<U+FFFE> ×1 ở đoạn/dòng 3" in result.stdout and "<U+0001> ×1 ở đoạn/dòng 4" in result.stdout
    check = tdkt(project, "check")
    assert "Traceback" not in check.stdout + check.stderr and "Ký tự không in được" not in check.stdout + check.stderr
    for record_id in ("thu-ky-tu", "thu-ky-tu-txt"):
        written = project / "data" / "de-cuong" / f"{record_id}.yml"
        assert not isinstance(parse_yaml(written.read_text(encoding="utf-8"), record_id), list)  # as check reads it


@pytest.mark.parametrize("suffix", [".yml", ".md"])
def test_check_reports_an_unreadable_character_at_its_line_and_column(tmp_path, suffix):
    project = copy_project(tmp_path / "project")
    source = project / "data" / "van-ban" / "chi-thi-34-ct-tw-2014.yml"
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = lines[at].replace("title: ", "title: \u0085x\ufffe", 1)
    bad = "\n".join(lines) + "\n"
    if suffix == ".md":
        source.unlink()
        source = source.with_suffix(".md")
        bad = "---\n" + bad + "---\n\nPhần bài có \x1b[31m mã màu.\n"
    source.write_text(bad, encoding="utf-8")
    result = tdkt(project, "check")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    line = at + 1 + (1 if suffix == ".md" else 0)
    column = len("title: ") + 1
    assert f"{source.relative_to(project).as_posix()}:{line}:{column}: Ký tự không in được U+0085" in output
    assert f":{line}:{column + 2}: Ký tự không in được U+FFFE" in output
    if suffix == ".md":
        assert "Ký tự không in được U+001B" in output


def test_escape_sequences_and_bidi_overrides_of_a_text_file_are_shown_not_obeyed(project, tmp_path):
    path = tmp_path / "an.txt"
    path.write_text("ĐỀ CƯƠNG\nSơ kết\nI. KẾT QUẢ\x1b[2K\x1b[1A\n\u202eII. KIẾN NGHỊ\u202c\nĐoạn \u2066ẩn\u2069 chữ.\n", encoding="utf-8")
    result, record = imported(project, path, "thu-an-chu")
    assert "\x1b" not in result.stdout + result.stderr
    assert not any(ch in result.stdout for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "<U+001B> ×2" in result.stdout and "<U+202E> ×1" in result.stdout
    assert titles(record["sections"]) == ["I. KẾT QUẢ[2K[1A", "II. KIẾN NGHỊ"]


def test_words_yaml_reads_as_booleans_or_numbers_stay_text(project, tmp_path):
    words = ["no", "on", "0x1f", "1e3", "~", "null", "2024-1-5", "yes"]
    path = tmp_path / "tu.txt"
    path.write_text("ĐỀ CƯƠNG\nSơ kết\nI. KẾT QUẢ\n" + "".join(f"- {word}\n" for word in words), encoding="utf-8")
    _, record = imported(project, path, "thu-tu-yaml")
    assert record["sections"][0]["content"] == [{"bullet": word} for word in words]


# -- read right: what used to be dropped without a word -----------------------------------------------------------


def test_body_tables_stay_content_and_only_the_closing_table_is_the_signature(project, tmp_path):
    body_table = "<w:tbl><w:tr><w:tc>" + p("Chỉ tiêu") + "</w:tc><w:tc>" + p("Kết quả") + "</w:tc></w:tr></w:tbl>"
    sdt_cell = "<w:tbl><w:tr><w:tc><w:sdt><w:sdtContent>" + p("Ô trong điều khiển nội dung") + "</w:sdtContent></w:sdt></w:tc></w:tr></w:tbl>"
    signature = ("<w:tbl><w:tr><w:tc>" + p("Nơi nhận:") + p("- Sở Nội vụ;") + "</w:tc><w:tc>"
                 + p("TM. ỦY BAN NHÂN DÂN") + p("KT. CHỦ TỊCH") + p("PHÓ CHỦ TỊCH") + p("Nguyễn Văn An") + "</w:tc></w:tr></w:tbl>")
    path = docx(tmp_path / "bang.docx", p("I. KẾT QUẢ") + body_table + p("1. Công tác chỉ đạo") + sdt_cell + p("II. KIẾN NGHỊ") + signature)
    result, record = imported(project, path, "thu-bang", folder="bao-cao")
    assert titles(record["sections"]) == ["I. KẾT QUẢ", "1. Công tác chỉ đạo", "II. KIẾN NGHỊ"]
    assert {"Chỉ tiêu", "Kết quả", "Ô trong điều khiển nội dung"} <= set(texts(record["sections"]))
    signer = record["closing"]["signer"]
    assert signer["authority"] == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"
    assert signer["title"] == "PHÓ CHỦ TỊCH" and signer["name"] == "Nguyễn Văn An"
    assert "hai dòng quyền hạn ký" in result.stdout and "bảng trong mục" in result.stdout


def test_docx_footnotes_and_hyphens_are_read(project, tmp_path):
    footnotes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Kế hoạch số 94/KH-UBND.</w:t></w:r></w:p></w:footnote>'
                 "</w:footnotes>").encode()
    reference = '<w:r><w:footnoteReference w:id="2"/></w:r>'
    hyphens = '<w:p><w:r><w:t>Thực hiện Chỉ thị số 12</w:t><w:noBreakHyphen/><w:t>CT/TU và kế</w:t><w:softHyphen/><w:t>hoạch.</w:t></w:r></w:p>'
    path = docx(tmp_path / "chu-thich.docx", p("I. KẾT QUẢ") + p("Đã triển khai năm 2024", reference) + hyphens + p("II. KIẾN NGHỊ"),
                footnotes=footnotes)
    result, record = imported(project, path, "thu-chu-thich", folder="bao-cao")
    assert "Đã triển khai năm 2024[^1]" in texts(record["sections"])
    assert "Thực hiện Chỉ thị số 12-CT/TU và kếhoạch." in texts(record["sections"])
    assert record["footnotes"] == [{"mark": "1", "text": "Kế hoạch số 94/KH-UBND."}]
    assert "1 chú thích cuối trang" in result.stdout


def test_odt_notes_dates_and_references_are_read(project, tmp_path):
    body = ('<text:p>I. KẾT QUẢ</text:p>'
            '<text:p>Ngày <text:date text:date-value="2024-05-10">10/5/2024</text:date>, xem mục '
            '<text:bookmark-ref text:ref-name="a">II</text:bookmark-ref> và <text:reference-ref text:ref-name="b">Phụ lục</text:reference-ref>'
            '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
            '<text:p>Theo Công văn số 309/SNV-TĐKT.</text:p></text:note-body></text:note>.</text:p>'
            '<text:p>Số 12\u2011CT/TU đã ban hành.</text:p>'
            '<text:list><text:list-item><text:p>Mục có bảng</text:p><table:table><table:table-row><table:table-cell>'
            '<text:p>Ô bảng trong danh sách</text:p></table:table-cell></table:table-row></table:table></text:list-item></text:list>'
            '<text:p>II. KIẾN NGHỊ</text:p>')
    path = odt(tmp_path / "truong.odt", body)
    result, record = imported(project, path, "thu-truong", folder="bao-cao")
    assert "Ngày 10/5/2024, xem mục II và Phụ lục[^1]." in texts(record["sections"])
    assert "Số 12-CT/TU đã ban hành." in texts(record["sections"])
    assert "Ô bảng trong danh sách" in texts(record["sections"])  # a table inside a list item
    assert record["footnotes"] == [{"mark": "1", "text": "Theo Công văn số 309/SNV-TĐKT."}]
    assert "1 chú thích (text:note)" in result.stdout


# -- LibreOffice ---------------------------------------------------------------------------------------------------


FAKE_SOFFICE = """#!/bin/sh
# Records how it was started, then behaves as a hung office: a child that outlives the launcher.
for arg in "$@"; do case "$arg" in -env:UserInstallation=file://*) profile="${arg#-env:UserInstallation=file://}";; esac; done
folder=$(dirname "$profile")
stat -c %a "$folder" > "$RECORD/mode"
echo "$folder" > "$RECORD/folder"
tail -n +3 /proc/self/net/dev | cut -d: -f1 > "$RECORD/net"  # the interfaces of its network namespace
sleep 600 &
echo $! > "$RECORD/child"
sleep 600
"""


def test_libreoffice_runs_private_offline_and_is_ended_whole_on_its_time_out(tmp_path, monkeypatch):
    from tdkt.importing import libreoffice

    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "soffice"
    fake.write_text(FAKE_SOFFICE)
    fake.chmod(0o755)
    record = tmp_path / "record"
    record.mkdir()
    monkeypatch.setenv("PATH", f"{bin_folder}:{os.environ['PATH']}")
    monkeypatch.setenv("RECORD", str(record))
    monkeypatch.setattr(libreoffice, "CONVERSION_TIMEOUT", 3)
    old = tmp_path / "cu.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(UnreadableFile, match="LibreOffice không chuyển xong tệp sau 3 giây"):
        libreoffice.read_converted(old)
    assert (record / "mode").read_text().strip() == "700"
    assert not Path((record / "folder").read_text().strip()).exists()  # profile, copy and output removed
    assert gone(int((record / "child").read_text()))  # the office's own child was ended with the launcher
    if libreoffice.isolated():
        assert (record / "net").read_text().split() in (["lo"], [])


def test_the_yaml_writer_escapes_what_yaml_would_read_otherwise_and_the_import_reads_it_back():
    from tdkt.importing.command import reads_back
    from tdkt.importing.record import to_yaml

    record = {"title": "Đề cương \u2028dòng\u0085 \u202eđảo\u202c \x7f", "sections": [{"label": "1.", "title": "no"}, {"text": "0x1f"}]}
    text = to_yaml("de-cuong", record, "sources/x.docx")
    assert not any(ch in text for ch in "\u2028\u0085\u202e\u202c\x7f")
    assert reads_back(text, record, "data/de-cuong/x.yml") is None
    assert "U+FFFE" in reads_back(text.replace("Đề", "Đ\ufffeề"), record, "data/de-cuong/x.yml")
    assert reads_back(text.replace('"no"', "no"), record, "data/de-cuong/x.yml") == "nội dung đọc lại khác nội dung đã đọc"
