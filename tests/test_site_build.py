"""The real MkDocs build: strict, faithful to the seeds, cross-linked, and failing on bad content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO_URL, ROOT, Build, run_build
from tdkt.base.text import sort_key

SEED_PAGES = {
    "000_32aacd235dac61ad.txt": "de-cuong/ket-qua-05-nam-chi-thi-34-ct-tw-truong-hoc",
    "001_173b5770307f1bf3.txt": "de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son",
    "002_204254158d0d4ae1.txt": "de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd",
    "004_76946429fbf007d8.txt": "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw",
}


def page(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_strict_build_has_no_warning(built_site: Build):
    assert "WARNING" not in built_site.output
    assert "ERROR" not in built_site.output


# -- faithfulness ------------------------------------------------------------------------------


def seed_lines(name: str) -> list[str]:
    """The seed's lines as a reader sees them, without the extraction artifacts the README names."""
    lines = []
    for raw in (ROOT / "sources" / name).read_text(encoding="utf-8").splitlines():
        line = raw.replace("[bookmark: _GoBack]", "").strip()
        line = re.sub(r"^\)(?=\S)", "", line)  # the leading " )" fragment of seed 000
        line = re.sub(r"^- ", "", line)  # a bullet marker becomes a list item
        line = re.sub(r"^((?:[IVX]+|\d+(?:\.\d+)*)\.)(?=[^\s\d])", r"\1 ", line)  # "III.Kết quả": number spacing
        line = re.sub(r"^[¹²³]\s*", "", line)  # a footnote's own mark becomes the list number
        line = line.replace("¹", "1").replace("*", "")  # footnote reference; Markdown emphasis
        line = re.sub(r"<(https?://[^>]+)>", r"\1", line)  # an autolink shows as its address
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return lines


def page_text(build: Build, url: str) -> str:
    article = page(build, url).select_one("article")
    text = article.get_text("").replace("¶", "")
    return " ".join(text.split())


@pytest.mark.parametrize("seed", sorted(SEED_PAGES))
def test_every_line_of_the_seed_is_on_its_page(built_site: Build, seed: str):
    text = page_text(built_site, SEED_PAGES[seed])
    missing = [line for line in seed_lines(seed) if line not in text]
    assert not missing, f"{len(missing)} lines of {seed} not on the page, e.g. {missing[:3]}"


def test_faithfulness_check_catches_a_dropped_line(built_site: Build):
    """The check above would fail if a line were missing: prove it on a line that is not there."""
    text = page_text(built_site, SEED_PAGES["002_204254158d0d4ae1.txt"])
    assert "Đánh giá chung về tình hình tư tưởng" not in text  # a line of seed 000, not of 002
    assert "Khách quan" in text


# -- pages and links -----------------------------------------------------------------------------


def test_record_pages_exist_for_every_content_file(built_site: Build):
    for path in (ROOT / "data").rglob("*.yml"):
        folder = path.parent.relative_to(ROOT / "data").parts[0]
        assert (built_site.site / folder / path.stem / "index.html").is_file(), path


def test_outline_links_the_documents_it_implements(built_site: Build):
    soup = page(built_site, SEED_PAGES["002_204254158d0d4ae1.txt"])
    hrefs = {a["href"] for a in soup.select(".tdkt-facts a")}
    assert {
        "../../van-ban/ke-hoach-4724-kh-ubnd-2014/",
        "../../van-ban/chi-thi-34-ct-tw-2014/",
        "../../van-ban/chi-thi-52-ct-tu-2014/",
        "../../van-ban/van-ban-962-snv-tdkt-2024/",
    } <= hrefs
    reports = [a.get_text() for a in soup.select("#bao-cao-theo-de-cuong + ul a")]
    assert reports == ["Báo cáo tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW của UBND huyện Lý Sơn"]


def test_document_page_lists_who_cites_it_and_relations_both_ways(built_site: Build):
    soup = page(built_site, "van-ban/chi-thi-34-ct-tw-2014")
    cited = soup.select_one("#duoc-neu-trong").find_next("ul").get_text(" ")
    text = soup.get_text(" ")
    assert "Đề cương báo cáo sơ kết 05 năm" in text and "Báo cáo tổng kết 10 năm" in text
    assert "Được triển khai bởi" in text and "Kế hoạch số 4724/KH-UBND" in text
    assert cited
    amended = page(built_site, "van-ban/quyet-dinh-16-2018-qd-ubnd").get_text(" ")
    assert "Thay thế:" in amended and "Được sửa đổi, bổ sung bởi:" in amended


def test_model_links_back_to_the_report_section(built_site: Build):
    soup = page(built_site, "mo-hinh/nuoi-heo-dat-gui-yeu-thuong")
    hrefs = [a["href"] for a in soup.select("article a")]
    assert "../../bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/#muc-ii-2-b" in hrefs
    report = page(built_site, SEED_PAGES["004_76946429fbf007d8.txt"])
    assert report.select_one("#muc-ii-2-b") is not None


def test_index_pages_are_sorted_the_vietnamese_way(built_site: Build):
    names = [a.get_text() for a in page(built_site, "phong-trao").select("article table tbody tr td:first-child a")]
    assert len(names) == 12
    assert names == sorted(names, key=sort_key)
    assert names.index("Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí") > names.index("Dân vận khéo")


def test_index_buttons_stand_below_the_table_not_in_it(built_site: Build):
    outlines = page(built_site, "de-cuong")
    rows = outlines.select("article table tbody tr")
    assert len(rows) == 3  # one per outline
    assert not outlines.select("article table a.md-button")
    labels = [a.get_text(" ", strip=True) for a in outlines.select("article p > a.md-button")]
    assert any(label.startswith("So sánh các đề cương") for label in labels)
    assert any(label.startswith("Tải tất cả mẫu báo cáo") for label in labels)


def test_generated_pages_are_not_in_the_global_navigation(built_site: Build):
    nav = page(built_site, "").select_one("nav.md-nav--primary")
    links = [a["href"] for a in nav.select("a")]
    assert not any("chi-thi-34" in href for href in links)
    assert any(href.endswith("de-cuong/") for href in links)


def test_edit_links_point_at_the_data_file(built_site: Build):
    soup = page(built_site, "van-ban/chi-thi-34-ct-tw-2014")
    edit = soup.select_one('a[title="Sửa trang này"], a.md-content__button[href*="/edit/"]')
    assert edit is not None
    assert edit["href"] == f"{REPO_URL}/edit/main/data/van-ban/chi-thi-34-ct-tw-2014.yml"
    home = page(built_site, "").select_one('a.md-content__button[href*="/edit/"]')
    assert home["href"] == f"{REPO_URL}/edit/main/docs/index.md"


def test_original_source_is_downloadable(built_site: Build):
    soup = page(built_site, SEED_PAGES["004_76946429fbf007d8.txt"])
    link = soup.select_one('a[href$="004_76946429fbf007d8.txt"]')
    assert link is not None
    served = built_site.site / "nguon" / "004_76946429fbf007d8.txt"
    assert served.read_bytes() == (ROOT / "sources" / "004_76946429fbf007d8.txt").read_bytes()


def test_page_language_and_title_are_vietnamese(built_site: Build):
    soup = page(built_site, "de-cuong")
    assert soup.html["lang"] == "vi"
    assert soup.title.get_text().startswith("Đề cương báo cáo")


def test_fill_ins_are_marked(built_site: Build):
    marks = page(built_site, SEED_PAGES["001_173b5770307f1bf3.txt"]).select(".tdkt-fill-in")
    assert [m.get_text() for m in marks] == ["….", "......."]


# -- bad content fails the build -----------------------------------------------------------------


def test_bad_content_fails_the_build_with_a_vietnamese_message(project_copy: Path):
    document = project_copy / "data/van-ban/chi-thi-34-ct-tw-2014.yml"
    document.write_text(document.read_text(encoding="utf-8").replace("date: 2014-04-07", 'date: "07/4/2014"'), encoding="utf-8")
    outline = project_copy / "data/de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("  - chi-thi-30-ct-tu-2014", "  - chi-thi-30-ct-tu-2099"), encoding="utf-8")
    build = run_build(project_copy, project_copy / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert "data/van-ban/chi-thi-34-ct-tw-2014.yml:5:7: Ngày “07/4/2014” của “date” (Ngày ban hành) không hợp lệ." in build.output
    assert "data/de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son.yml:9:5: Không tìm thấy “chi-thi-30-ct-tu-2099”" in build.output
    assert not (project_copy / "site" / "index.html").exists()


def test_a_copied_record_fails_the_build_naming_both_files(project_copy: Path):
    original = project_copy / "data/mo-hinh/nuoi-heo-dat-gui-yeu-thuong.yml"
    (project_copy / "data/mo-hinh/nuoi-heo-dat-ban-sao.yml").write_bytes(original.read_bytes())
    build = run_build(project_copy, project_copy / "site")
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "data/mo-hinh/nuoi-heo-dat-gui-yeu-thuong.yml:2:7: Nội dung giống hệt tệp data/mo-hinh/nuoi-heo-dat-ban-sao.yml" in build.output


def test_markup_in_a_title_never_reaches_a_page(project_copy: Path):
    exemplar = project_copy / "data/mo-hinh/vuon-hoa-trong-cay-xanh.yml"
    exemplar.write_text(
        exemplar.read_text(encoding="utf-8").replace('name: "Vườn hoa, trồng cây xanh"', 'name: "</title><script>alert(1)</script>"'),
        encoding="utf-8",
    )
    build = run_build(project_copy, project_copy / "site")
    assert build.returncode != 0
    assert "data/mo-hinh/vuon-hoa-trong-cay-xanh.yml:2:7: “name” (Tên mô hình) chứa thẻ HTML hoặc mã lệnh." in build.output


def test_every_link_within_the_site_leads_to_a_page_and_its_anchor(built_site: Build):
    """MkDocs checks the links Markdown writes; lists written straight as HTML (indexes, facet
    pages, "cited by" lists: GeneratedPage.blocks) and the theme's own are checked here."""
    site = built_site.site.resolve()
    ids: dict[Path, set[str]] = {}

    def anchors(file: Path) -> set[str]:
        if file not in ids:
            soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
            ids[file] = {tag["id"] for tag in soup.find_all(id=True)}
        return ids[file]

    broken = []
    pages = sorted(site.rglob("*.html"))
    for file in pages:
        if file.parts[len(site.parts)] == "pagefind":
            continue
        for link in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            href = link["href"]
            if re.match(r"[a-z]+:|//", href) or href.startswith("#") and not href[1:]:
                continue
            address, _, anchor = href.partition("#")
            # The 404 page's links start at the site's root: it is shown at any address.
            base = site if address.startswith("/") else file.parent
            target = (base / address.split("?")[0].lstrip("/")).resolve() if address else file
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site not in target.parents and target != site:
                broken.append(f"{file.relative_to(site)} → {href}")
            elif anchor and target.suffix == ".html" and anchor not in anchors(target):
                broken.append(f"{file.relative_to(site)} → {href} (không có mục #{anchor})")
    assert len(pages) > 50
    assert broken == [], "\n".join(broken)


def test_a_record_citing_the_same_section_twice_is_listed_once(built_site: Build):
    # Quyết định 04/2022/QĐ-UBND names section II > 1 of the Lý Sơn report as the source of a
    # relation and among its own sources.
    soup = page(built_site, "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw")
    section = soup.find(id="lien-quan")
    assert section is not None
    items = [li.get_text(" ", strip=True) for li in section.find_all_next("li") if li.find_parent(class_="md-content")]
    lines = [line for line in items if "04/2022/QĐ-UBND" in line]
    assert lines == ["Quyết định số 04/2022/QĐ-UBND — mục II > 1"]
