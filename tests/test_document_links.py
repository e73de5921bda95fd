"""Document numbers that a reader sees are links to the document's page, wherever they stand.

Counted on the built site: every number in a page's article (summaries, metadata, quotes, tables,
comparison pages, hand-written pages, drafting pages), except in headings and on the document's
own page where it names itself.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, Build
from tdkt.content.catalog import Catalog, load_catalog
from tdkt.render.html_links import link_document_numbers
from tdkt.content.mentions import find_mentions

SKIPPED = ("pagefind/", "assets/", "404.html", "tim-kiem/")


def count_links(site: Path, catalog: Catalog) -> tuple[int, int, list[str]]:
    linked = total = 0
    unlinked: list[str] = []
    for html in sorted(site.rglob("*.html")):
        path = html.relative_to(site).as_posix()
        if path.startswith(SKIPPED):
            continue
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article")
        for node in article.find_all(string=True) if article else []:
            if node.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "textarea", "script"]) is not None:
                continue
            if node.find_parent(class_="tdkt-sr-only") is not None or node.find_parent("label") is not None:
                continue  # a form control's name: a link there would take the click from the control
            for match in find_mentions(str(node)):
                target = catalog.document_by_number(match.group("number"))
                if target is not None and path == f"{target.url}index.html":
                    continue  # the document's own page
                total += 1
                if node.find_parent("a") is not None:
                    linked += 1
                else:
                    unlinked.append(f"{path}: {match.group(0)}")
    return linked, total, unlinked


def test_at_least_95_percent_of_document_numbers_are_links(built_site: Build):
    catalog = load_catalog(ROOT)
    linked, total, unlinked = count_links(built_site.site, catalog)
    assert total > 300
    assert linked / total >= 0.95, f"{linked}/{total}; not linked: {unlinked[:10]}"


def test_the_count_sees_an_unlinked_number(tmp_path: Path):
    """Control: a page with a plain number counts as unlinked, a linked one as linked."""
    catalog = load_catalog(ROOT)
    (tmp_path / "x").mkdir()
    (tmp_path / "x/index.html").write_text(
        '<article><p>Chỉ thị số 34-CT/TW</p><p><a href="#">Chỉ thị 34/CT-TW</a></p><h2>Chỉ thị số 34-CT/TW</h2></article>', encoding="utf-8"
    )
    assert count_links(tmp_path, catalog)[:2] == (1, 2)


def test_numbers_are_linked_in_text_but_not_in_links_headings_fields_or_on_their_own_page():
    documents = {"34|CT|TW": "van-ban/chi-thi-34/"}
    html = (
        "<p>Theo Chỉ thị số 34-CT/TW.</p><h3>Chỉ thị số 34-CT/TW</h3><a href='x'>Chỉ thị 34/CT-TW</a>"
        "<textarea>Chỉ thị số 34-CT/TW</textarea><td data-x='Chỉ thị số 34-CT/TW'>Chỉ thị 34/ct-tw</td>"
    )
    linked = link_document_numbers(html, "de-cuong/x/", documents)
    assert linked == (
        '<p>Theo <a class="tdkt-doc-link" href="../../van-ban/chi-thi-34/">Chỉ thị số 34-CT/TW</a>.</p>'
        "<h3>Chỉ thị số 34-CT/TW</h3><a href='x'>Chỉ thị 34/CT-TW</a><textarea>Chỉ thị số 34-CT/TW</textarea>"
        "<td data-x='Chỉ thị số 34-CT/TW'><a class=\"tdkt-doc-link\" href=\"../../van-ban/chi-thi-34/\">Chỉ thị 34/ct-tw</a></td>"
    )
    assert link_document_numbers("<p>Chỉ thị số 34-CT/TW</p>", "van-ban/chi-thi-34/", documents) == "<p>Chỉ thị số 34-CT/TW</p>"
    assert 'href="van-ban/chi-thi-34/"' in link_document_numbers("<p>Chỉ thị số 34-CT/TW</p>", "", documents)


def test_hand_written_pages_link_numbers(built_site: Build):
    soup = BeautifulSoup((built_site.site / "gioi-thieu/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.select("article a.tdkt-doc-link")}
    assert "../van-ban/chi-thi-34-ct-tw-2014/" in hrefs
