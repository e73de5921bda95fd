"""Benchmark: the portal's build against plain MkDocs + Material with the same pages. Prints figures.

    .venv/bin/python benchmarks/site.py --items 100 1000 5000

For each size, N synthetic movement records (~2 KB of Vietnamese each) are added to a copy of the
project, then:
- portal: `mkdocs build --strict` of the project (hooks, templates from cache, Pagefind index);
- rebuild: the same after changing one data file (MkDocs rebuilds everything; only the template
  cache carries over);
- floor: a plain Material site whose docs/ holds the portal's generated pages as ordinary Markdown
  files, not listed in the navigation, with Material's own search;
- nav: the floor with every page listed in the navigation (up to 1,000 items: it grows with the
  square of the pages);
- page weight: gzip bytes of the home page and of an outline page with the CSS and JavaScript
  they load, before search is opened.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_movements, copy_project, folder_size, mkdocs_build  # noqa: E402
from tdkt.site import build_site_content  # noqa: E402

NAV_LIMIT = 1000


def floor_project(portal: Path, destination: Path, with_nav: bool) -> Path:
    """Plain MkDocs + Material: the portal's pages as Markdown files, no hooks, no templates."""
    content = build_site_content(portal)
    assert not isinstance(content, list), content
    docs = destination / "docs"
    for source in (portal / "docs").rglob("*"):
        if source.is_file():
            target = docs / source.relative_to(portal / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    for page in content.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    portal_config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = next(line for line in portal_config.splitlines() if line.startswith("site_name:"))
    # The same Markdown extensions as the portal, copied as written (they hold Python tags).
    extensions = re.search(r"^markdown_extensions:\n(?:[ #].*\n|\n)*", portal_config, re.M)
    assert extensions, "mkdocs.yml has no markdown_extensions"
    plain = {
        "theme": {"name": "material", "language": "vi", "font": False, "features": ["navigation.tabs"]},
        "plugins": ["search"],
        "extra_css": ["assets/tdkt.css"],
    }
    pages = sorted(page.src_uri for page in content.pages)
    plain["nav"] = ["index.md", *pages] if with_nav else ["index.md", *sorted(p for p in pages if p.endswith("index.md"))]
    destination.mkdir(parents=True, exist_ok=True)
    text = site_name + "\n" + yaml.safe_dump(plain, allow_unicode=True) + extensions.group(0)
    (destination / "mkdocs.yml").write_text(text, encoding="utf-8")
    return destination


def page_weight(site: Path, page: str) -> int:
    """gzip bytes of a page's HTML and the stylesheets and scripts it loads."""
    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    total = len(gzip.compress(html.encode()))
    assets = [link["href"] for link in soup.select('link[rel="stylesheet"]')] + [s["src"] for s in soup.select("script[src]")]
    for href in assets:
        asset = (html_path.parent / href.split("?")[0]).resolve()
        if asset.is_file():
            total += len(gzip.compress(asset.read_bytes()))
    return total


def measure(count: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        portal = copy_project(root / "portal")
        add_movements(portal, count)
        mkdocs_build(portal)  # fills the template cache, as any earlier build would
        portal_s = mkdocs_build(portal)
        changed = next((portal / "data" / "phong-trao").glob("phong-trao-tong-hop-1.yml"))
        changed.write_text(changed.read_text(encoding="utf-8").replace("Phong trào thi đua số 1:", "Phong trào thi đua số một:"), encoding="utf-8")
        rebuild_s = mkdocs_build(portal)
        floor = floor_project(portal, root / "floor", with_nav=False)
        floor_s = mkdocs_build(floor)
        line = (
            f"{count:>5} items | portal {portal_s:6.1f} s, rebuild after one change {rebuild_s:6.1f} s | "
            f"floor {floor_s:6.1f} s | ratio {portal_s / floor_s:4.2f} | site {folder_size(portal / 'site') / 1e6:6.1f} MB "
            f"(floor {folder_size(floor / 'site') / 1e6:6.1f} MB) | home {page_weight(portal / 'site', '') / 1024:4.0f} KB, "
            f"outline {page_weight(portal / 'site', 'de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son') / 1024:4.0f} KB gzip"
        )
        if count <= NAV_LIMIT:
            nav = floor_project(portal, root / "nav", with_nav=True)
            nav_s = mkdocs_build(nav)
            line += f" | all in nav {nav_s:6.1f} s ({nav_s / portal_s:4.1f}× the portal)"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[100, 1000, 5000])
    for count in parser.parse_args().items:
        measure(count)


if __name__ == "__main__":
    main()
