"""Benchmark: the index pages among thousands of records. Prints figures and checks links.

      .venv/bin/python benchmarks/indexes.py --items 5000

Builds a copy of the project with N synthetic records across all types (benchmarks/corpus.py),
then for each index page prints: rows, the HTML's size and gzip size, and the gzip size of the page
with its CSS and JavaScript; and checks that every record of the type is linked from its index
(exit status 1 when one is not).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tdkt.content.catalog import Catalog, load_catalog  # noqa: E402
from tdkt.content.content_types import CONTENT_TYPES  # noqa: E402
from corpus import add_corpus, copy_project, mkdocs_build  # noqa: E402

_ASSET = re.compile(r'(?:href|src)="([^"]+\.(?:css|js))"')
_ROW_LINK = re.compile(r'<td class="tdkt-index-title"><a href="([^"]+)"')


def measure(items: int) -> bool:
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary) / "project")
        add_corpus(project, items)
        seconds = mkdocs_build(project)
        catalog = load_catalog(project)
        assert isinstance(catalog, Catalog), catalog
        site = project / "site"
        print(f"{len(catalog.records)} records, built in {seconds:.1f} s")
        complete = True
        for content_type in CONTENT_TYPES:
            page = site / content_type.folder / "index.html"
            html = page.read_bytes()
            assets = sum(
                len(gzip.compress((page.parent / href).read_bytes()))
                for href in set(_ASSET.findall(html.decode("utf-8")))
                if not href.startswith("http") and (page.parent / href).is_file()
            )
            linked = {href.strip("/") for href in _ROW_LINK.findall(html.decode("utf-8"))}
            expected = {r.id for r in catalog.records.values() if r.type is content_type}
            missing = expected - linked
            complete &= not missing
            print(
                f"  {content_type.folder + '/':<12} {len(expected):>5} rows | HTML {len(html) / 1024:7.0f} KB, "
                f"gzip {len(gzip.compress(html)) / 1024:5.0f} KB | with CSS and JS {(len(gzip.compress(html)) + assets) / 1024:5.0f} KB gzip"
                f" | every record linked: {'yes' if not missing else f'NO, {len(missing)} missing'}"
            )
        return complete


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[5000])
    ok = all([measure(count) for count in parser.parse_args().items])
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
