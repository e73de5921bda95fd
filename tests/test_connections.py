"""Connected knowledge: mentions of documents in text become links, citations and timelines."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Build
from tdkt.content.catalog import Catalog, load_catalog
from tdkt.content.mentions import find_mentions, number_key
from tdkt.connections.relations import family, status


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT)
    assert isinstance(result, Catalog)
    return result


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Chỉ thị số 34-CT/TW ngày 07/4/2014", "34-CT/TW"),
        ("Thực hiện Chỉ thị số 34/CT-TW ngày", "34/CT-TW"),
        ("tuyên truyền Chỉ thị 34-CT/TW của Bộ Chính trị", "34-CT/TW"),
        ("Kế hoạch số 4724/KH-UBND ngày 30/9/2014", "4724/KH-UBND"),
        ("các Quyết định số 16/2018/QĐ-UBND ngày", "16/2018/QĐ-UBND"),
        ("Văn bản số 962/SNV-TĐKT ngày 13 tháng 3", "962/SNV-TĐKT"),
    ],
)
def test_mentions_are_recognised_in_the_spellings_of_the_seeds(text, number):
    assert [m.group("number") for m in find_mentions(text)] == [number]


def test_number_forms_are_the_same_document():
    assert number_key("34-CT/TW") == number_key("34/CT-TW") == number_key("34/ct-tw")
    assert number_key("962/SNV-TĐKT") == number_key("962/snv-tdkt")
    assert number_key("14/CT-UBND") != number_key("14/2015/QĐ-UBND")


def test_every_number_named_in_the_seeds_is_a_document(catalog: Catalog):
    cited = {c.target.entry.number for c in catalog.citations}
    assert {"34-CT/TW", "25-CT/TU", "30-CT/TU", "52-CT/TU", "4724/KH-UBND", "962/SNV-TĐKT", "309/SNV-TĐKT",
            "22-CT/TW", "05-CT/TW", "19/CT-TTg", "14/CT-UBND", "14/2015/QĐ-UBND", "16/2018/QĐ-UBND",
            "04/2022/QĐ-UBND", "94/KH-UBND", "717/UBND", "25/KH-UBND", "164/KH-UBND"} == cited


def test_an_unknown_number_is_reported_where_it_is_written(tmp_path: Path):
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    outline = project / "data/de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace('- bullet: "Thuận lợi"', '- bullet: "Thuận lợi theo Chỉ thị số 99-CT/TU"'), encoding="utf-8")
    problems = load_catalog(project)
    assert isinstance(problems, list)
    assert [str(p.location) for p in problems] == ["data/de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd.yml:23:17"]
    assert problems[0].message == "Văn bản số “99-CT/TU” được nhắc đến nhưng chưa có trong data/van-ban/."


def test_decisions_of_the_district_form_one_timeline(catalog: Catalog):
    decisions = ["quyet-dinh-14-2015-qd-ubnd", "quyet-dinh-16-2018-qd-ubnd", "quyet-dinh-04-2022-qd-ubnd"]
    for record_id in decisions:
        assert [r.id for r in family(catalog, catalog.get("van-ban", record_id))] == decisions
    labels = [status(catalog, catalog.get("van-ban", d)).label for d in decisions]
    assert labels == ["Đã bị thay thế", "Đã được sửa đổi, bổ sung", "Chưa ghi nhận văn bản thay thế"]
    assert family(catalog, catalog.get("van-ban", "chi-thi-22-ct-tw")) == [catalog.get("van-ban", "chi-thi-22-ct-tw")]


def page(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_mentions_in_text_link_to_the_document_in_every_spelling(built_site: Build):
    report = page(built_site, "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw")
    section = next(p for p in report.select_one("#muc-ii-3-a").find_all_next("p") if "tdkt-answers" not in p.get("class", []))
    links = {a.get_text(): a["href"] for a in section.select("a")}
    assert links["Chỉ thị số 34/CT-TW"] == "../../van-ban/chi-thi-34-ct-tw-2014/"
    footnote = report.select_one(".footnote")
    assert "../../van-ban/ke-hoach-94-kh-ubnd-2014/" in [a["href"] for a in footnote.select("a")]


def test_document_page_quotes_where_it_is_cited(built_site: Build):
    soup = page(built_site, "van-ban/ke-hoach-4724-kh-ubnd-2014")
    items = soup.select_one("#doan-nhac-den").find_next("ul").select("li")
    texts = [li.get_text(" ", strip=True) for li in items]
    assert any("Đề cương báo cáo tổng kết 10 năm" in t and "Kế hoạch số 4724/KH-UBND ngày 30/9/2014" in t for t in texts)


def test_document_page_shows_the_timeline(built_site: Build):
    rows = page(built_site, "van-ban/quyet-dinh-04-2022-qd-ubnd").select("#dong-thoi-gian ~ table tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in rows]
    assert [c[0] for c in cells] == ["08/12/2015", "24/12/2018", "25/08/2022"]
    assert cells[0][2] == "Đã bị thay thế: Quyết định số 16/2018/QĐ-UBND"


def test_report_coverage_of_its_outline_is_what_reading_both_shows(catalog: Catalog):
    from tdkt.connections.coverage import coverage

    report = catalog.get("bao-cao", "ly-son-tong-ket-10-nam-chi-thi-34-ct-tw")
    outline = catalog.get("de-cuong", report.entry.follows)
    result = coverage(outline.entry.sections, report.entry.sections)
    # Skipped: the three points of II.1 (the report answers II.1 in bullets), the awards for the
    # resistance wars and for foreigners (II.3 c, d), and the objective/subjective split of III.2.
    assert result.skipped == ["II > 1 > a", "II > 1 > b", "II > 1 > c", "II > 3 > c", "II > 3 > d", "III > 2 > a", "III > 2 > b"]
    assert result.added == []
    # The report renumbers: its II.3 c) answers the outline's e) (administrative reform, IT).
    assert ("II > 3 > e", "II > 3 > c") in result.answered
    assert len(result.answered) == 19
    # The outline's bullets "Thuận lợi", "Khó khăn" are answered by sections 1. and 2. of part I.
    assert sorted(result.answered_items) == [("Khó khăn", "I > 2"), ("Thuận lợi", "I > 1")]


def test_report_page_links_each_section_to_the_outline_item_it_answers(built_site: Build):
    report = page(built_site, "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw")
    note = report.select_one("#muc-ii-3-c").find_next("p")
    assert "tdkt-answers" in note.get("class", [])
    assert note.select_one("a")["href"] == "../../de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd/#muc-ii-3-e"
    summary = report.select_one("#doi-chieu").find_next("p").get_text(" ", strip=True)
    assert summary.startswith("Báo cáo trả lời 19 trên 26 mục")
    outline = page(built_site, "de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd")
    assert "trả lời 19/26 mục" in outline.select_one("#bao-cao-theo-de-cuong").find_next("ul").get_text(" ")


def test_three_outlines_of_directive_34_are_compared_section_by_section(catalog: Catalog):
    from tdkt.connections.comparison import comparable_groups, compare

    groups = comparable_groups(catalog)
    assert [(d.id, [o.id for o in outlines]) for d, outlines in groups] == [
        ("chi-thi-34-ct-tw-2014", [
            "ket-qua-05-nam-chi-thi-34-ct-tw-truong-hoc",
            "so-ket-05-nam-chi-thi-34-ct-tw-lang-son",
            "tong-ket-10-nam-ke-hoach-4724-kh-ubnd",
        ])
    ]
    rows = compare(groups[0][1])
    addresses = [[cell.address if cell else None for cell in row.cells] for row in rows]
    # The general situation is asked by all three; "Bài học kinh nghiệm" by the 5-year and 10-year ones.
    assert ["Phần thứ nhất > I", "I", "I"] in addresses
    assert [None, "IV > 4", "III > 3"] in addresses or ["Phần thứ nhất > IV", "IV > 4", "III > 3"] in addresses
    # Asked only by the 10-year outline: awards for the resistance wars and for foreigners.
    only_ten_year = [row.cells[2].address for row in rows if row.only == 2]
    assert "II > 3 > c" in only_ten_year and "II > 3 > d" in only_ten_year
    # Asked only by Lạng Sơn's: inspection and supervision of emulation work.
    assert "III > 3 > 3.5" in [row.cells[1].address for row in rows if row.only == 1]


def test_facet_pages_group_models_movements_and_outlines(built_site: Build):
    movements = page(built_site, "phong-trao/theo-dia-phuong")
    groups = [h.get_text(strip=True).rstrip("¶") for h in movements.select("article h2")]
    assert groups == ["Huyện Lý Sơn, tỉnh Quảng Ngãi", "Tỉnh Lạng Sơn", "Nguồn không nêu"]
    models = page(built_site, "mo-hinh/theo-linh-vuc")
    assert [h.get_text(strip=True).rstrip("¶") for h in models.select("article h2")] == ["Giữ gìn vệ sinh, môi trường", "Nhân đạo, từ thiện"]
    by_directive = page(built_site, "de-cuong/theo-van-ban")
    section = next(h for h in by_directive.select("article h2") if h.get_text().startswith("Chỉ thị số 34-CT/TW"))
    assert len(section.find_next("ul").select("li")) == 3
    assert page(built_site, "de-cuong").select_one('a[href="so-sanh-chi-thi-34-ct-tw-2014/"]') is not None
