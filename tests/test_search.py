"""Search as Vietnamese users type, run for real: Pagefind's index of the built site, in Chromium."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from conftest import copy_project, run_build, serve
from tdkt.search.index import for_index, is_indexed, prepare_page

DOCUMENT_34 = "/van-ban/chi-thi-34-ct-tw-2014/"


def search(browser, site_server: str, query: str) -> list[dict]:
    page = browser.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1" else None)
    page.goto(f"{site_server}/tim-kiem/?q={quote(query)}")
    page.wait_for_function("document.getElementById('tdkt-search-status').textContent.includes('kết quả')")
    results = page.eval_on_selector_all(
        ".tdkt-result",
        """items => items.map(item => ({
            url: new URL(item.querySelector('a').href).pathname,
            type: item.querySelector('.tdkt-result__type').textContent,
            title: item.querySelector('.tdkt-result__title').textContent,
            marks: [...item.querySelectorAll('mark')].map(m => m.textContent),
        }))""",
    )
    page.close()
    assert foreign == [], "search must not leave the site"
    return results


def urls(results: list[dict], top: int = 3) -> list[str]:
    return [r["url"] for r in results[:top]]


@pytest.mark.parametrize("query", ["34-CT/TW", "34/CT-TW", "chỉ thị 34", "34/ct-tw"])
def test_document_numbers_in_any_form_find_the_document_first(browser, site_server, query):
    results = search(browser, site_server, query)
    assert urls(results, 1) == [DOCUMENT_34]
    assert results[0]["type"] == "Văn bản"
    citing = {r["url"] for r in results[1:8]}
    assert "/de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son/" in citing  # then pages that cite it


def test_a_quoted_sentence_finds_the_page_it_comes_from_not_the_document_quoting_it(browser, site_server, built_site):
    sentence = "nhận thức của cấp ủy, chính quyền về vai trò, vị trí"  # the Lý Sơn report, II > 2 > a
    quoting = (built_site.site / DOCUMENT_34.strip("/") / "index.html").read_text(encoding="utf-8")
    assert sentence in quoting, "the document page quotes it among the passages that name it"
    found = urls(search(browser, site_server, sentence), 10)
    assert "/bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/" in found[:3]
    assert DOCUMENT_34 not in found


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("4724/KH-UBND", "/van-ban/ke-hoach-4724-kh-ubnd-2014/"),
        ("962/snv-tdkt", "/van-ban/van-ban-962-snv-tdkt-2024/"),
        ("16/2018/QĐ-UBND", "/van-ban/quyet-dinh-16-2018-qd-ubnd/"),
    ],
)
def test_other_document_numbers(browser, site_server, query, first):
    assert urls(search(browser, site_server, query), 1) == [first]


@pytest.mark.parametrize(
    ("typed", "exact", "first"),
    [
        ("nuoi heo dat", "nuôi heo đất", "/mo-hinh/nuoi-heo-dat-gui-yeu-thuong/"),
        ("van hoa cong so", "văn hóa công sở", "/phong-trao/can-bo-cong-chuc-vien-chuc-thi-dua-thuc-hien-van-hoa-cong-so/"),
        ("dan van kheo", "Dân vận khéo", "/phong-trao/dan-van-kheo/"),
        ("thu gom rac", "thu gom rác", "/mo-hinh/thu-gom-rac-vo-chai-bao-bi-quanh-bo-bien/"),
    ],
)
def test_without_diacritics_finds_what_with_diacritics_finds(browser, site_server, typed, exact, first):
    folded, accented = search(browser, site_server, typed), search(browser, site_server, exact)
    assert urls(folded, 1) == urls(accented, 1) == [first]


def result_count(browser, site_server: str, query: str) -> int:
    page = browser.new_page()
    page.goto(f"{site_server}/tim-kiem/?q={quote(query)}")
    page.wait_for_function("document.getElementById('tdkt-search-status').textContent.includes('kết quả')")
    status = page.locator("#tdkt-search-status").text_content()
    page.close()
    return int(status.split()[0]) if status[0].isdigit() else 0


def test_ly_son_without_diacritics_and_in_capitals(browser, site_server):
    counts = {q: result_count(browser, site_server, q) for q in ("ly son", "LÝ SƠN", "Lý Sơn")}
    assert len(set(counts.values())) == 1 and counts["Lý Sơn"] > 10, counts  # the same pages found
    plain, upper, accented = (search(browser, site_server, q) for q in ("ly son", "LÝ SƠN", "Lý Sơn"))
    assert urls(upper, 20) == urls(accented, 20)  # case does not change anything
    assert any("ly-son" in url for url in urls(plain))
    assert "Lý" in plain[0]["marks"]  # highlighted in the original diacritics


def test_d_without_stroke_finds_dang(browser, site_server):
    results = search(browser, site_server, "dang")
    assert any("Đảng" in r["title"] for r in results[:3])
    assert any(mark.startswith("Đảng") for r in results[:3] for mark in r["marks"])


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (("văn hóa công sở", "văn hoá công sở", "van hoa cong so"), "/phong-trao/can-bo-cong-chuc-vien-chuc-thi-dua-thuc-hien-van-hoa-cong-so/"),
        (("đa dạng hoá", "đa dạng hóa"), "/bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/"),
    ],
)
def test_tone_mark_placement_does_not_matter(browser, site_server, variants, expected):
    """“hoá” and “hóa” find the same pages; only the order may favour the form typed."""
    found = [search(browser, site_server, variant) for variant in variants]
    assert len({result_count(browser, site_server, variant) for variant in variants}) == 1  # the same pages
    assert all(expected in urls(results, 3) for results in found)


def test_prefix_matches_while_typing(browser, site_server):
    results = search(browser, site_server, "khen thư")
    assert any(mark.lower().startswith("thưởng") for r in results[:3] for mark in r["marks"])


def test_results_show_type_and_excerpt_with_original_diacritics(browser, site_server):
    result = search(browser, site_server, "nuoi heo dat")[0]
    assert result["type"] == "Mô hình"
    assert result["title"] == "Nuôi heo đất, gửi yêu thương"
    assert result["marks"][:3] == ["Nuôi", "heo", "đất,"]


def test_no_result_says_so(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}/tim-kiem/?q=xyzzyqwv")
    page.wait_for_function("document.getElementById('tdkt-search-status').textContent.includes('Không tìm thấy')")
    assert page.locator(".tdkt-result").count() == 0
    page.close()


def test_a_missing_index_is_said_not_searched_for_ever(browser, site_server):
    """While an editor's preview rebuilds the index (or a file of it fails to load), the page says
    so instead of "Đang tìm…" without end."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(f"{site_server}/tim-kiem/?q=ly%20son")
    page.wait_for_function("!document.getElementById('tdkt-search-status').textContent.includes('Đang tìm')")
    assert page.inner_text("#tdkt-search-status").startswith("Chưa tải được chỉ mục tìm kiếm.")
    assert page.locator(".tdkt-result").count() == 0
    page.goto(f"{site_server}/van-ban/")
    page.fill("#tdkt-header-q", "ly son")
    page.wait_for_function("document.querySelector('.tdkt-suggest__status')?.textContent.startsWith('Chưa tải được')")
    assert page.locator(".tdkt-suggest__status").inner_text().startswith("Chưa tải được chỉ mục tìm kiếm.")
    page.close()


def test_header_form_leads_to_the_search_page(browser, site_server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_server}/van-ban/")
    page.fill("#tdkt-header-q", "4724/KH-UBND")
    page.press("#tdkt-header-q", "Enter")
    page.wait_for_selector(".tdkt-result")
    assert urlparse(page.url).path == "/tim-kiem/"
    assert urlparse(page.locator(".tdkt-result a").first.get_attribute("href")).path.endswith("/van-ban/ke-hoach-4724-kh-ubnd-2014/")
    page.close()


def test_index_writes_d_with_a_combining_stroke_in_the_article():
    prepared = prepare_page('<h1 id="x">Đảng đất <a class="headerlink">¶</a></h1><p>Đoàn</p>', "Văn bản")
    assert '<article data-pagefind-body data-pagefind-meta="loai:Văn bản">' in prepared
    assert "D\u0335ảng d\u0335ất" in prepared and "D\u0335oàn" in prepared
    assert 'class="headerlink" data-pagefind-ignore' in prepared
    assert '<h1 data-pagefind-weight="10" id="x">' in prepared  # a document's title outranks its citations
    assert "data-pagefind-weight" not in prepare_page("<h1>Mô hình</h1>", "Mô hình")
    assert for_index("đĐ") == "d\u0335D\u0335"


def test_passages_a_document_page_quotes_are_left_to_the_pages_they_come_from():
    article = (
        '<h1 id="t">Chỉ thị 34</h1><h2 id="duoc-neu-trong">Được nêu trong</h2><p>Đề cương A</p>'
        '<h2 id="doan-nhac-den">Các đoạn nhắc đến văn bản này</h2><ul><li>câu của báo cáo</li></ul>'
        '<h2 id="nguon-thong-tin">Nguồn thông tin</h2><p>Hồ sơ nguồn</p>'
    )
    prepared = prepare_page(article, "Văn bản")
    assert "câu của báo cáo" not in prepared and "Các đoạn nhắc" not in prepared
    assert "ợc nêu trong" in prepared and "Hồ sơ nguồn" in prepared
    at_the_end = prepare_page('<h1>X</h1><h2 id="doan-nhac-den">Các đoạn</h2><p>câu</p>', "Văn bản")
    assert "câu" not in at_the_end and "<h1" in at_the_end


@pytest.mark.parametrize(
    ("path", "indexed"),
    [
        ("de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son/index.html", True),
        ("van-ban/index.html", True),
        ("index.html", True),
        ("de-cuong/so-sanh-chi-thi-34-ct-tw-2014/index.html", False),  # made of other pages' sections
        ("tim-kiem/index.html", False),
        ("404.html", False),
    ],
)
def test_which_pages_are_indexed(path, indexed):
    assert is_indexed(path) is indexed


VARIANTS = {
    # file: name; names differing only in diacritics, so that nothing but diacritics decides the
    # order (rare words: Pagefind also matches prefixes, and "da" begins "đại", "Đẩy"…)
    "hoa-nhap-moi": "Phong trào hoà nhập cộng đồng",
    "hoa-nhap-cu": "Phong trào hòa nhập cộng đồng",
    "deo-hai-van": "Mô hình đèo Hải Vân",
    "deo-hai-van-khong-dau": "Mô hình deo Hai Van",
}


@pytest.fixture(scope="module")
def variant_server(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("variants") / "project")
    for name, title in VARIANTS.items():
        (project / "data" / "phong-trao" / f"{name}.yml").write_text(
            f'name: "{title}"\nsources: [{{ref: "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"}}]\n', encoding="utf-8"
        )
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.output
    with serve(build.site) as url:
        yield url


@pytest.mark.parametrize(
    ("typed", "first"),
    [("hoà nhập", "hoa-nhap-moi"), ("hòa nhập", "hoa-nhap-cu"), ("đèo hải vân", "deo-hai-van"), ("deo hai van", "deo-hai-van-khong-dau")],
)
def test_exact_diacritics_rank_above_folded_matches(browser, variant_server, typed, first):
    results = [r for r in search(browser, variant_server, typed) if r["url"].startswith("/phong-trao/")]
    found = {r["url"].split("/")[2] for r in results}
    assert {name for name in VARIANTS if name.startswith(first.split("-")[0])} <= found  # both forms found
    assert results[0]["url"] == f"/phong-trao/{first}/"  # the exact form first


def test_facet_pages_are_found_by_search(browser, site_server):
    assert "/phong-trao/theo-dia-phuong/" in urls(search(browser, site_server, "phong trao theo dia phuong"), 3)


# -- results under the header's box -----------------------------------------------------------------


def typed_in_header(browser, site_server: str, path: str, text: str):
    """A page with text typed into the header's box, key by key, and its results shown."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_server}/{path}")
    page.click("#tdkt-header-q")
    page.keyboard.type(text, delay=40)
    page.wait_for_selector("#tdkt-suggest-all")
    return page


def test_results_appear_under_the_header_box_as_one_types(browser, site_server):
    page = typed_in_header(browser, site_server, "", "ly son")
    options = page.locator("#tdkt-suggest-list [role=option]")
    assert 2 <= options.count() <= 7
    first = options.first
    assert first.locator(".tdkt-result__type").inner_text() and "Lý Sơn" in first.locator(".tdkt-result__title").inner_text()
    assert "Lý" in [m.inner_text() for m in first.locator("mark").all()]
    assert page.get_attribute("#tdkt-header-q", "aria-expanded") == "true"
    href = first.locator("a").get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#tdkt-header-q", "aria-activedescendant") == "tdkt-suggest-0"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == urlparse(href).path if href.startswith("http") else page.url.endswith(href.lstrip("./"))
    page.close()


def test_escape_closes_and_all_results_opens_the_search_page(browser, site_server):
    page = typed_in_header(browser, site_server, "de-cuong/", "nuoi heo dat")
    page.keyboard.press("Escape")
    assert page.locator(".tdkt-suggest").is_hidden()
    page.keyboard.press("ArrowDown")  # opens again on the first result
    assert page.locator(".tdkt-suggest").is_visible()
    page.keyboard.press("ArrowUp")  # from the first, up to the last: "Xem tất cả kết quả"
    assert page.get_attribute("#tdkt-header-q", "aria-activedescendant") == "tdkt-suggest-all"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/tim-kiem/" and "nuoi+heo+dat" in page.url.replace("%20", "+")
    page.wait_for_selector(".tdkt-result")
    page.close()


PHRASE_PAGES = {
    # Both words, apart, in the name: Pagefind alone ranks this first for "lua vang".
    "vang-son-lua-xanh": ("Vàng son một thời, lúa xanh đồng nội", "Vàng son của làng, lúa xanh của xã, vàng và lúa."),
    # The words together, once, in the text.
    "canh-dong-lua-vang": ("Phong trào thi đua của xã", "Nông dân thi đua giữ cánh đồng lúa vàng quanh năm."),
}


@pytest.fixture(scope="module")
def phrase_server(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("phrase") / "project")
    for name, (title, description) in PHRASE_PAGES.items():
        (project / "data" / "phong-trao" / f"{name}.yml").write_text(
            f'name: "{title}"\ndescription: "{description}"\nsources: [{{ref: "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"}}]\n',
            encoding="utf-8",
        )
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.output
    with serve(build.site) as url:
        yield url


def test_words_typed_together_rank_first_where_they_stand_together(browser, phrase_server):
    page = browser.new_page()
    page.goto(f"{phrase_server}/tim-kiem/")
    raw = page.evaluate(
        """async () => {
            const pf = await import('/pagefind/pagefind.js');
            await pf.options({ baseUrl: '/' });
            const search = await pf.search('lua vang');
            return Promise.all(search.results.slice(0, 30).map(async (r) => (await r.data()).url));
        }"""
    )
    page.close()
    ours = [u for u in raw if "/phong-trao/" in u and any(name in u for name in PHRASE_PAGES)]
    assert ours[0].endswith("/vang-son-lua-xanh/")  # the control: Pagefind alone puts the words-apart page first
    shown = [r["url"] for r in search(browser, phrase_server, "lua vang") if any(name in r["url"] for name in PHRASE_PAGES)]
    assert shown[0] == "/phong-trao/canh-dong-lua-vang/"


def test_results_do_not_shift_the_page(browser, site_server):
    """Cumulative layout shift while results arrive on the search page stays under 0.1 (Lighthouse's good)."""
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(f"{site_server}/tim-kiem/?q=ly%20son")
    page.wait_for_selector(".tdkt-result")
    page.wait_for_timeout(500)
    shift = page.evaluate(
        """() => new Promise((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(total), 200);
        })"""
    )
    page.close()
    assert shift < 0.1


def test_more_results_load_when_asked(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}/tim-kiem/?q=ly%20son")
    page.wait_for_selector(".tdkt-result")
    assert page.locator(".tdkt-result").count() == 10
    total = int(page.locator("#tdkt-search-status").inner_text().split()[0])
    page.get_by_role("button", name="Xem thêm").click()
    page.wait_for_function("document.querySelectorAll('.tdkt-result').length > 10")
    assert page.locator(".tdkt-result").count() == min(20, total)
    page.close()


@pytest.mark.parametrize("serving", [True, False])
def test_a_new_index_keeps_the_old_files_only_while_serving(tmp_path, serving):
    """A search page opened before an edit asks for the old index's chunks after the swap: while
    serving they stay (a 404 otherwise, seen in CI); a built site holds only its own index."""
    from tdkt.search.index import SearchIndex

    index = SearchIndex(tmp_path / "site" / "pagefind", tmp_path / "articles")
    index._background = serving  # as start(background=serving) sets it
    for folder, name in ((index.output, "vi_old"), (index._new_output, "vi_new")):
        (folder / "index").mkdir(parents=True)
        (folder / "index" / f"{name}.pf_index").write_bytes(name.encode())
        (folder / "fragment").mkdir()
        (folder / "fragment" / f"{name}.pf_fragment").write_bytes(name.encode())
        (folder / f"pagefind.{name}.pf_meta").write_bytes(name.encode())
        (folder / "pagefind-entry.json").write_text(name, encoding="utf-8")
    index._replace_index()
    files = sorted(p.relative_to(index.output).as_posix() for p in index.output.rglob("*") if p.is_file())
    new = ["fragment/vi_new.pf_fragment", "index/vi_new.pf_index", "pagefind-entry.json", "pagefind.vi_new.pf_meta"]
    old = ["fragment/vi_old.pf_fragment", "index/vi_old.pf_index", "pagefind.vi_old.pf_meta"]
    assert files == sorted(new + old if serving else new)
    assert (index.output / "pagefind-entry.json").read_text(encoding="utf-8") == "vi_new"
    assert not index._new_output.exists()
