"""Full-text search index of the built site, by Pagefind, with Vietnamese folding that works.

Pagefind folds diacritics (a query "ly son" finds "Lý Sơn", exact forms rank first) but not "đ",
which has no Unicode decomposition: "dang" would miss "Đảng", "nuoi heo dat" would miss "đất".
So the pages are indexed from a copy in which "đ" is written as "d" plus a combining stroke
(U+0335): Pagefind strips the stroke when folding, keeps the exact form as a variant, and the
search page writes the stroke back as "đ" in titles and excerpts (see docs/assets/tim-kiem.js).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

STROKE = "\u0335"
OUTPUT = "pagefind"
SKIPPED = {"tim-kiem", OUTPUT, "404.html", "nguon", "mau", "assets"}
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
_IGNORED = re.compile(r'class="(headerlink|md-content__button md-icon)"')


class SearchIndexError(Exception):
    """Pagefind failed: the message is its own output."""


def for_index(html: str) -> str:
    """The text as Pagefind should see it: 'đ' as 'd' + combining stroke, so that it folds to 'd'."""
    return html.replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)


_H1 = re.compile(r"<h1(?=[ >])")
TITLE_WEIGHT = {"Văn bản": 10}  # a document's number in its title outranks pages that cite it


def prepare_page(html: str, page_type: str) -> str | None:
    """A page ready for indexing: only its article, labelled with its type; None to leave it out."""
    if not _ARTICLE.search(html):
        return None
    if weight := TITLE_WEIGHT.get(page_type):
        html = _H1.sub(f'<h1 data-pagefind-weight="{weight}"', html, count=1)
    labelled = _ARTICLE.sub(
        f'<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-meta="loai:{page_type}">',
        html,
        count=1,
    )
    return for_index(_IGNORED.sub(r'class="\1" data-pagefind-ignore', labelled))


def build_index(site_dir: Path, page_type: Callable[[tuple[str, ...]], str]) -> None:
    """Index every page of the built site into site_dir/pagefind.

    page_type gets the page's path parts under the site (e.g. ("de-cuong", "x", "index.html"))
    and returns the label shown beside a result ("Đề cương", "Văn bản"…).
    """
    with tempfile.TemporaryDirectory(prefix="tdkt-search-") as temporary:
        copy = Path(temporary)
        for page in sorted(site_dir.rglob("*.html")):
            parts = page.relative_to(site_dir).parts
            # Comparison pages are made of links to outline sections, which are indexed already.
            if parts[0] in SKIPPED or (len(parts) > 2 and parts[1].startswith("so-sanh")):
                continue
            prepared = prepare_page(page.read_text(encoding="utf-8"), page_type(parts))
            if prepared is not None:
                target = copy.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(prepared, encoding="utf-8")
        command = [
            sys.executable, "-m", "pagefind",
            "--site", str(copy),
            "--output-path", str(site_dir / OUTPUT),
            "--force-language", "vi",
            "--quiet",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SearchIndexError(result.stdout + result.stderr)
