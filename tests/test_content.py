"""The seed content as data: every content type loads with the facts the sources state."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from tdkt.content.catalog import Catalog, load_catalog
from tdkt.model.sections import Bullet, Note, Paragraph, walk_sections

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT)
    assert isinstance(result, Catalog), [str(p) for p in result]
    return result


def test_content_files_are_nfc():
    for path in [*(ROOT / "data").rglob("*.yml"), *(ROOT / "data").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text), path


def test_every_seed_is_kept_and_transcribed(catalog: Catalog):
    seeds = sorted(p.name for p in (ROOT / "sources").glob("*.txt"))
    transcribed = sorted(Path(r.entry.source.file).name for r in catalog.records.values() if hasattr(r.entry, "source"))
    assert transcribed == seeds


@pytest.mark.parametrize(
    ("record_id", "number", "issuer", "date"),
    [
        ("chi-thi-34-ct-tw-2014", "34-CT/TW", "Bộ Chính trị", dt.date(2014, 4, 7)),
        ("chi-thi-30-ct-tu-2014", "30-CT/TU", "Ban Thường vụ Tỉnh ủy Lạng Sơn", dt.date(2014, 11, 18)),
        ("chi-thi-52-ct-tu-2014", "52-CT/TU", "Tỉnh ủy", dt.date(2014, 5, 28)),
        ("ke-hoach-4724-kh-ubnd-2014", "4724/KH-UBND", "Ủy ban nhân dân tỉnh", dt.date(2014, 9, 30)),
        ("van-ban-962-snv-tdkt-2024", "962/SNV-TĐKT", "Sở Nội vụ", dt.date(2024, 3, 13)),
        ("cong-van-309-snv-tdkt-2024", "309/SNV-TĐKT", "Sở Nội vụ", dt.date(2024, 3, 1)),
        ("chi-thi-05-ct-tw-2016", "05-CT/TW", "Bộ Chính trị", dt.date(2016, 5, 15)),
        ("chi-thi-19-ct-ttg-2021", "19/CT-TTg", "Thủ tướng Chính phủ", dt.date(2021, 7, 16)),
        ("chi-thi-14-ct-ubnd-2021", "14/CT-UBND", "Chủ tịch Ủy ban nhân dân tỉnh", dt.date(2021, 8, 6)),
        ("quyet-dinh-14-2015-qd-ubnd", "14/2015/QĐ-UBND", "UBND huyện Lý Sơn", dt.date(2015, 12, 8)),
        ("quyet-dinh-16-2018-qd-ubnd", "16/2018/QĐ-UBND", "UBND huyện Lý Sơn", dt.date(2018, 12, 24)),
        ("quyet-dinh-04-2022-qd-ubnd", "04/2022/QĐ-UBND", "UBND huyện Lý Sơn", dt.date(2022, 8, 25)),
        ("ke-hoach-94-kh-ubnd-2014", "94/KH-UBND", "UBND huyện Lý Sơn", dt.date(2014, 12, 10)),
        ("cong-van-717-ubnd-2015", "717/UBND", "UBND huyện Lý Sơn", dt.date(2015, 5, 20)),
        ("ke-hoach-164-kh-ubnd-2019", "164/KH-UBND", "UBND huyện Lý Sơn", dt.date(2019, 12, 13)),
        # Facts the sources do not state stay empty.
        ("chi-thi-25-ct-tu", "25-CT/TU", "Ban Thường vụ Thành ủy", None),
        ("chi-thi-22-ct-tw", "22-CT/TW", "Ban Bí thư Trung ương Đảng", None),
        ("ke-hoach-25-kh-ubnd-2020", "25/KH-UBND", None, dt.date(2020, 2, 24)),
    ],
)
def test_documents_carry_the_facts_of_the_sources(catalog: Catalog, record_id, number, issuer, date):
    entry = catalog.get("van-ban", record_id).entry
    assert (entry.number, entry.issuer, entry.date) == (number, issuer, date)


def test_document_relations_follow_the_report(catalog: Catalog):
    amends = catalog.get("van-ban", "quyet-dinh-04-2022-qd-ubnd").entry.relations
    replaces = catalog.get("van-ban", "quyet-dinh-16-2018-qd-ubnd").entry.relations
    assert [(r.kind.value, r.target) for r in amends] == [("amends", "quyet-dinh-16-2018-qd-ubnd")]
    assert [(r.kind.value, r.target) for r in replaces] == [("replaces", "quyet-dinh-14-2015-qd-ubnd")]


def _tree(record) -> list[str]:
    return [placed.address for placed in walk_sections(record.entry.sections)]


def test_outline_002_section_tree(catalog: Catalog):
    outline = catalog.get("de-cuong", "tong-ket-10-nam-ke-hoach-4724-kh-ubnd")
    assert _tree(outline) == [
        "I", "II", "II > 1", "II > 1 > a", "II > 1 > b", "II > 1 > c",
        "II > 2", "II > 2 > a", "II > 2 > b", "II > 2 > c",
        "II > 3", "II > 3 > a", "II > 3 > b", "II > 3 > c", "II > 3 > d", "II > 3 > e", "II > 4",
        "III", "III > 1", "III > 1 > a", "III > 1 > b", "III > 2", "III > 2 > a", "III > 2 > b", "III > 3",
        "IV",
    ]
    assert outline.entry.sent_with == "van-ban-962-snv-tdkt-2024"
    assert outline.entry.implements == ["ke-hoach-4724-kh-ubnd-2014", "chi-thi-34-ct-tw-2014", "chi-thi-52-ct-tu-2014"]


def test_outline_001_keeps_notes_fill_ins_and_closing(catalog: Catalog):
    outline = catalog.get("de-cuong", "so-ket-05-nam-chi-thi-34-ct-tw-lang-son")
    section_31 = outline.find_section("III > 3 > 3.1").section
    assert [type(block) for block in section_31.content] == [Paragraph, Note]
    section_33 = outline.find_section("III > 3 > 3.3").section
    assert "đạt….%" in section_33.content[2].bullet
    assert outline.entry.closing.signer.title == "Thủ trưởng đơn vị"
    assert outline.entry.closing.signer.note == "(ký tên, đóng dấu)"
    assert outline.entry.locality == "Tỉnh Lạng Sơn"


def test_outline_000_has_two_parts_and_an_unnumbered_section(catalog: Catalog):
    outline = catalog.get("de-cuong", "ket-qua-05-nam-chi-thi-34-ct-tw-truong-hoc")
    top = [placed.address for placed in walk_sections(outline.entry.sections) if placed.depth == 1]
    assert top == ["Phần thứ nhất", "Phần thứ hai"]
    unnumbered = outline.find_section("Phần thứ nhất > III > ve-to-chuc-bo-may")
    assert unnumbered is not None and unnumbered.section.label is None
    assert all(isinstance(b, Bullet) for b in unnumbered.section.content)


def test_report_follows_outline_and_keeps_footnote_and_signer(catalog: Catalog):
    report = catalog.get("bao-cao", "ly-son-tong-ket-10-nam-chi-thi-34-ct-tw")
    assert report.entry.issuer == "UBND huyện Lý Sơn"
    assert report.entry.responds_to == "cong-van-309-snv-tdkt-2024"
    assert report.entry.follows == "tong-ket-10-nam-ke-hoach-4724-kh-ubnd"
    assert report.entry.footnotes[0].text.startswith("Kế hoạch số 94/KH-UBND ngày 10/12/2014")
    assert report.entry.closing.signer.name == "Phạm Thị Hương"
    assert report.entry.date is None and report.entry.number is None  # the source gives neither
    # Every top-level section of the outline it follows is answered, under the same labels.
    outline = catalog.get("de-cuong", report.entry.follows)
    top = lambda record: [p.address for p in walk_sections(record.entry.sections) if p.depth == 1]
    assert top(report) == top(outline)


def test_models_and_movements_named_in_the_seeds(catalog: Catalog):
    exemplars = {r.entry.name for r in catalog.records.values() if r.type.key == "exemplar"}
    assert exemplars == {
        "Thu gom rác, vỏ chai, bao bì quanh bờ biển",
        "Vườn hoa, trồng cây xanh",
        "Nuôi heo đất, gửi yêu thương",
        "Góp quỹ cho học sinh nghèo hiếu học",
    }
    movements = {r.entry.name for r in catalog.records.values() if r.type.key == "movement"}
    assert {
        "Lý Sơn chung sức xây dựng nông thôn mới",
        "Dân vận khéo",
        "Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau",
        "Lao động giỏi, lao động sáng tạo",
        "Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới",
    } <= movements
    assert len(movements) == 12


def test_every_quote_is_found_in_its_source(catalog: Catalog):
    """A quote backing a fact must be words of the source (ellipses mark left-out words)."""
    for record in catalog.records.values():
        sources = list(getattr(record.entry, "sources", []))
        sources += [r.source for r in getattr(record.entry, "relations", []) if r.source]
        for source in sources:
            if not source.quote:
                continue
            if source.file:
                file, text = source.file, (ROOT / source.file).read_text(encoding="utf-8")
            else:
                target = catalog.get(*source.ref.split("/"))
                file, text = target.entry.source.file, _source_text(target)
            for piece in source.quote.split("…"):
                piece = piece.strip(" .;")
                assert _flat(piece) in _flat(text), f"{record.path}: «{piece}» not in {file}"


def _source_text(record) -> str:
    return (ROOT / record.entry.source.file).read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return " ".join(text.replace("*", "").replace("\n", " ").split()).lower()
