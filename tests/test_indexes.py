"""Index pages on a phone and among many: readable lists, narrowed in place, never broken."""

from __future__ import annotations

import pytest

from conftest import ROOT
from tdkt.content.catalog import Catalog, load_catalog

INDEXES = ["de-cuong", "bao-cao", "mo-hinh", "phong-trao", "van-ban"]
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("folder", INDEXES)
def test_nothing_is_wider_than_the_screen(browser, site_server, artifact, folder, width):
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})
    page.goto(f"{site_server}/{folder}/")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('article *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map((el) => el.tagName + '.' + el.className)"""
    )
    page.screenshot(path=str(artifact(f"{width}-index-{folder}.png")), full_page=True)
    assert page.locator("form.tdkt-filter").is_visible()
    page.close()
    assert wide == []


def test_on_a_phone_each_item_reads_title_first_then_what_tells_it_apart(browser, site_server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site_server}/van-ban/")
    first = page.locator("table.tdkt-index tbody tr").first
    title = first.locator("td.tdkt-index-title a").first.bounding_box()
    number = first.locator("td[data-label='Số, ký hiệu']").bounding_box()
    date = first.locator("td[data-label='Ngày ban hành']").bounding_box()
    text = first.inner_text()
    page.close()
    assert text.startswith("Chỉ thị số")  # the title, then the summary, then number, issuer, date
    assert title["y"] + title["height"] <= number["y"] + 1  # below the title, on a line of facts
    assert abs(number["y"] - date["y"]) < 30 and date["x"] + date["width"] <= 390


def test_filtering_by_text_and_facets_combines_and_is_kept_in_the_url(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}/phong-trao/")
    rows = page.locator("table.tdkt-index tbody tr:not([hidden])")
    total = rows.count()
    page.get_by_label("Lọc danh sách (gõ có dấu hay không dấu đều được)").fill("ly son")
    after_text = rows.count()
    assert 0 < after_text < total
    assert all("Lý Sơn" in rows.nth(i).inner_text() for i in range(after_text))
    page.locator("details.tdkt-filter-facet", has_text="Giai đoạn").locator("summary").click()
    page.get_by_label("2019-2025").check()
    combined = rows.count()
    assert 0 < combined <= after_text
    assert all("2019-2025" in rows.nth(i).inner_text() for i in range(combined))
    assert page.locator(".tdkt-filter-count").inner_text() == f"Hiển thị {combined}/{total} mục khớp"
    shared = page.url
    assert "q=ly+son" in shared and "theo-giai-doan=2019-2025" in shared
    other = browser.new_page()
    other.goto(shared)  # the shared link opens the same filtered list
    assert other.locator("table.tdkt-index tbody tr:not([hidden])").count() == combined
    assert other.get_by_label("2019-2025").is_checked()
    other.close()
    page.get_by_role("button", name="Bỏ lọc").click()
    page.wait_for_function(f"document.querySelectorAll('table.tdkt-index tbody tr:not([hidden])').length === {total}")
    page.get_by_label("Lọc danh sách (gõ có dấu hay không dấu đều được)").fill("khong co gi nhu the nay")
    assert page.locator(".tdkt-filter-none").is_visible()
    page.close()


def test_without_javascript_the_whole_list_shows(playwright, site_server):
    from conftest import CHROMIUM, CHROMIUM_ARGS

    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/mo-hinh/")
    catalog = load_catalog(ROOT)
    assert isinstance(catalog, Catalog)
    assert page.locator("table.tdkt-index tbody tr").count() == len(catalog.of_type_key("exemplar"))
    assert not page.locator("form.tdkt-filter").is_visible()
    browser.close()


@pytest.mark.parametrize("folder", INDEXES)
def test_every_record_is_linked_from_its_index(built_site, folder):
    from bs4 import BeautifulSoup

    catalog = load_catalog(ROOT)
    soup = BeautifulSoup((built_site.site / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    linked = {a["href"].strip("/") for a in soup.select("table.tdkt-index td.tdkt-index-title > a")}
    assert linked == {r.id for r in catalog.records.values() if r.type.folder == folder}


def test_the_feed_parses_and_lists_the_latest_records(built_site):
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built_site.site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    catalog = load_catalog(ROOT)
    assert len(entries) == min(30, len(catalog.records))
    dates = [entry.find(f"{atom}updated").text for entry in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        href = entry.find(f"{atom}link").get("href")
        assert (built_site.site / href / "index.html").is_file(), href
        assert entry.find(f"{atom}id").text.startswith("urn:uuid:")
    assert feed.find(f"{atom}updated").text == dates[0]


def test_every_page_announces_the_feed_and_the_home_page_lists_what_is_new(built_site):
    from bs4 import BeautifulSoup

    for path in ("index.html", "de-cuong/index.html", "huong-dan/index.html", f"de-cuong/{'tong-ket-10-nam-ke-hoach-4724-kh-ubnd'}/index.html"):
        soup = BeautifulSoup((built_site.site / path).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
        assert link is not None, path
        depth = path.count("/")
        assert link["href"] == "../" * depth + "feed.xml"
    home = BeautifulSoup((built_site.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    latest = home.select_one("#moi-cap-nhat").find_next("ul").select("li")
    assert len(latest) == 8 and "cập nhật" in latest[0].get_text()
