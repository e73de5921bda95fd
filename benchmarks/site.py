"""Benchmark: the portal at 100, 1,000 and 5,000 items, every figure in one run. Prints figures.

    .venv/bin/python benchmarks/site.py --items 100 1000 5000

For each size, a copy of the project gets N synthetic items across the content types in the
shares of corpus.MIX (outlines and reports cloned from the seeds, models, movements and documents
written from the Lý Sơn report's sentences), then:
- templates: every template of every outline generated with an empty cache;
- cold: the first `mkdocs build --strict` with an empty .cache (a runner without the cache that
  the workflows restore);
- portal (warm): `mkdocs build --strict` of the project after an earlier build (which leaves the caches
  of validated files, templates and compiled page templates, as any build does), --rounds times
  alternated with the floor's build (portal first, then floor first): the ratio is the median of
  the rounds' ratios (neighbouring builds see the same machine speed), times the fastest of each;
- rebuild: `mkdocs build --strict --dirty` after changing one data file, search index included;
  serve: `mkdocs serve --dirty` (scripts/serve.sh), seconds from saving an edit to the page served
  with it (the search index follows in the background), for three title edits (the indexes and
  pages listing the record change too) and three text edits, 5 s apart (--serve-only: this alone);
- floor: a plain Material site whose docs/ holds the portal's generated pages as ordinary Markdown
  files with the portal's Markdown extensions, not listed in the navigation, with Material's own
  search; nav: the same with every page in the navigation (up to 1,000 items: it grows with the
  square of the pages);
- site size; page weight: gzip bytes of the home page and of an outline page with the CSS and
  JavaScript they load, before search is opened;
- search: in Chromium, the bytes fetched before the first result and query times (search.py).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_corpus, copy_project, folder_size, free_port, mkdocs_build, timed, wait_for_text  # noqa: E402
from search import pagefind_figures  # noqa: E402
from tdkt.content.catalog import Catalog, load_catalog  # noqa: E402
from tdkt.forms.build import build_forms  # noqa: E402
from tdkt.base.project import CACHE_DIR  # noqa: E402
from tdkt.build.site import build_site_content  # noqa: E402

NAV_LIMIT = 1000
ROUNDS = 3


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


SERVE_EDITS = 3  # edits of each kind while serving
PAUSE = 5.0  # seconds between two saves, as an editor reads the page between edits


def serve_reloads(project: Path, data_file: Path, edits: list[tuple[str, str, str, str]]) -> list[tuple[str, float]]:
    """`mkdocs serve --dirty` as scripts/serve.sh runs it: for each edit (kind, old, new, what the
    page then shows) in turn, seconds from saving it to the edited page served with it (the search index follows in the
    background). The file is left as it was."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--dirty", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{data_file.parent.name}/{data_file.stem}/"
    original = data_file.read_text(encoding="utf-8")
    times = []
    try:
        wait_for_text(url, edits[0][1], 1800)
        time.sleep(2 * PAUSE)  # let the first build's search index finish: it is not part of a reload
        text = original
        for kind, old, new, shown in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
            start = time.perf_counter()
            data_file.write_text(text, encoding="utf-8")
            wait_for_text(url, shown, 600)
            times.append((kind, time.perf_counter() - start))
            time.sleep(PAUSE)
        return times
    finally:
        data_file.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)


def serve_figures(project: Path) -> str:
    """Title edits (the pages listing the record change too) and text edits (its page only)."""
    changed = project / "data" / "phong-trao" / "phong-trao-tong-hop-1.yml"
    edits = []
    for number in range(SERVE_EDITS):
        title = f"Phong trào thi đua số 1 (sửa {number + 1}):"
        edits.append(("title", f"Phong trào thi đua số 1{f' (sửa {number})' if number else ''}:", title, title))
        edits.append(("text", "description: ", f"description: Sửa lần {number + 1}. ", f"Sửa lần {number + 1}."))
    times = serve_reloads(project, changed, edits)
    parts = []
    for kind in ("title", "text"):
        seconds = sorted(s for k, s in times if k == kind)
        parts.append(f"{kind} edits median {seconds[len(seconds) // 2]:.1f} s (max {seconds[-1]:.1f} s)")
    return "serve shows the edit: " + ", ".join(parts) + f" — each of {SERVE_EDITS}, {PAUSE:.0f} s apart"


def _round(portal: Path, floor: Path, portal_first: bool) -> tuple[float, float]:
    """Build times of the portal and the floor, one right after the other."""
    if portal_first:
        portal_s = mkdocs_build(portal)
        return portal_s, mkdocs_build(floor)
    floor_s = mkdocs_build(floor)
    return mkdocs_build(portal), floor_s


def measure(count: int, rounds_count: int = ROUNDS) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        portal = copy_project(root / "portal")
        added = add_corpus(portal, count)
        print(f"{count} items: " + ", ".join(f"{n} {kind}s" for kind, n in added.items()) + " (plus the seed content)", flush=True)

        catalog = load_catalog(portal)
        assert isinstance(catalog, Catalog), catalog
        outlines = {r.id: r.entry for r in catalog.records.values() if r.type.key == "outline"}
        forms_s = timed(lambda: build_forms(outlines, portal / CACHE_DIR / "forms"))
        print(f"  templates: {len(outlines) * 6} files from {len(outlines)} outlines, cold {forms_s:.1f} s", flush=True)

        shutil.rmtree(portal / CACHE_DIR)
        cold_s = mkdocs_build(portal)  # empty .cache, as a fresh CI runner; it leaves the caches any build leaves
        print(f"  cold build (empty .cache, a fresh runner without the workflows' cache): {cold_s:.1f} s", flush=True)
        floor = floor_project(portal, root / "floor", with_nav=False)
        mkdocs_build(floor)  # the same for the floor (Python's compiled files, the disk's cache)
        # This machine's speed drifts by tens of percent from one minute to the next: the ratio is
        # taken between neighbouring builds, in rounds whose order alternates (portal first, then
        # floor first), and the median of the rounds is kept; times are the fastest of each.
        rounds = [_round(portal, floor, portal_first=number % 2 == 0) for number in range(rounds_count)]
        portal_s, floor_s = min(p for p, _ in rounds), min(f for _, f in rounds)
        ratios = sorted(p / f for p, f in rounds)
        ratio = ratios[len(ratios) // 2]
        spread = ", ".join(f"{p / f:.2f}" for p, f in rounds)
        changed = portal / "data" / "phong-trao" / "phong-trao-tong-hop-1.yml"
        changed.write_text(changed.read_text(encoding="utf-8").replace("Phong trào thi đua số 1:", "Phong trào thi đua số một:"), encoding="utf-8")
        rebuild_s = mkdocs_build(portal, "--dirty")
        changed.write_text(changed.read_text(encoding="utf-8").replace("Phong trào thi đua số một:", "Phong trào thi đua số 1:"), encoding="utf-8")
        reloads = serve_figures(portal)
        line = f"  build: portal {portal_s:.1f} s, floor {floor_s:.1f} s, ratio {ratio:.2f} (median of rounds {spread})"
        if count <= NAV_LIMIT:
            nav = floor_project(portal, root / "nav", with_nav=True)
            nav_s = mkdocs_build(nav)
            line += f"; every page in the nav {nav_s:.1f} s ({nav_s / portal_s:.1f}× the portal)"
        print(
            line + f"; after changing one file: rebuild (--dirty, search included) {rebuild_s:.1f} s; {reloads}",
            flush=True,
        )

        site = portal / "site"
        print(
            f"  site {folder_size(site) / 1e6:.1f} MB (templates {folder_size(site / 'mau') / 1e6:.1f} MB, "
            f"search index {folder_size(site / 'pagefind') / 1e6:.1f} MB; floor {folder_size(floor / 'site') / 1e6:.1f} MB)"
            f" | home {page_weight(site, '') / 1024:.0f} KB, outline page "
            f"{page_weight(site, 'de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son') / 1024:.0f} KB gzip with CSS and JS",
            flush=True,
        )
        print(f"  search: {pagefind_figures(site)}", flush=True)


def measure_serve(count: int) -> None:
    """Only the editors' preview: one build, then edits while serving."""
    with tempfile.TemporaryDirectory() as temporary:
        portal = copy_project(Path(temporary) / "portal")
        add_corpus(portal, count)
        print(f"{count} items: {serve_figures(portal)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="portal/floor build pairs per size")
    parser.add_argument("--serve-only", action="store_true", help="only the editors' preview (serve), not the builds")
    arguments = parser.parse_args()
    for count in arguments.items:
        measure_serve(count) if arguments.serve_only else measure(count, arguments.rounds)


if __name__ == "__main__":
    main()
