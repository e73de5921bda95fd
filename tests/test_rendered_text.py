"""What the reader sees is what the data says: headings and table cells in the case they are written.

Checked on the rendered text (innerText, after the theme's CSS), not the HTML: Material's h5 style
alone turned "a) Công tác quán triệt…" into "A) CÔNG TÁC QUÁN TRIỆT…".
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from tdkt.content.catalog import Catalog, load_catalog

WIDTHS = {"desktop": 1280, "phone": 390}


def _catalog() -> Catalog:
    result = load_catalog(ROOT)
    assert isinstance(result, Catalog), result
    return result


def written_pages() -> list[str]:
    catalog = _catalog()
    return [record.key for record in catalog.records.values() if record.type.key in {"outline", "report"}]


def _shown(text: str) -> str:
    return " ".join(text.replace("¶", " ").split())


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("key", written_pages())
def test_every_heading_reads_as_written(browser, site_server, key, width):
    record = _catalog().records[key]
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})
    page.goto(f"{site_server}/{record.url}")
    anchors = [placed.anchor for placed in record.sections()]
    shown = page.evaluate("ids => ids.map(id => document.getElementById(id).innerText)", anchors)
    page.close()
    expected = [_shown(f"{placed.section.label or ''} {placed.section.title}") for placed in record.sections()]
    assert [_shown(text) for text in shown] == expected


@pytest.mark.parametrize("folder", ["de-cuong", "bao-cao", "mo-hinh", "phong-trao", "van-ban"])
def test_index_table_cells_read_as_written(browser, site_server, folder):
    catalog = _catalog()
    titles = sorted(_shown(r.title) for r in catalog.records.values() if r.type.folder == folder)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_server}/{folder}/")
    # The title is the cell's link (a document's cell goes on with its summary).
    cells = page.evaluate("[...document.querySelectorAll('article table td:first-child > a:first-child')].map(a => a.innerText)")
    page.close()
    assert sorted(_shown(cell) for cell in cells) == titles
