"""Benchmark: what a visitor downloads before the first search result, and how long a query takes.

    .venv/bin/python benchmarks/search.py --pages 1000 5000

For each size, a throwaway copy of the project gets N synthetic pages (~2 KB of Vietnamese each).
- Pagefind (the portal's search): Chromium opens the search page, types a query; the bytes of
  every search file fetched until the first result shows, and the time of the first and of later
  queries, are printed.
- Material's lunr (the alternative): the same site built with Material's search plugin; its whole
  index, search_index.json, is what a visitor downloads at the first search (raw and gzip).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_movements, copy_project, mkdocs_build  # noqa: E402

QUERIES = ["nuoi heo dat", "34-CT/TW", "ly son", "khen thư", "dang"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _transfer_size(url: str, body: bytes) -> int:
    """Bytes over the wire from a host that gzips text (as GitHub Pages does); Pagefind's index
    chunks (.pf_*) and its wasm are compressed already and are counted as they are."""
    text = url.split("?")[0].endswith((".js", ".json", ".css"))
    return len(gzip.compress(body)) if text else len(body)


def pagefind_figures(site: Path) -> str:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    fetched: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda r: fetched.__setitem__(r.url, _transfer_size(r.url, r.body())) if "/pagefind/" in r.url else None)
            page.goto(f"{base}/tim-kiem/")
            timings = []
            for query in QUERIES:
                start = page.evaluate("performance.now()")
                page.fill("#tdkt-q", query)
                page.wait_for_function("document.getElementById('tdkt-search-status').textContent.includes('kết quả')")
                timings.append(page.evaluate("performance.now()") - start)
                if query == QUERIES[0]:
                    first = dict(fetched)
            browser.close()
    finally:
        server.shutdown()
    later = sorted(timings[1:])
    parts = {"engine": 0, "index": 0, "excerpts": 0}
    for url, size in first.items():
        part = "excerpts" if "/fragment/" in url else "index" if "/index/" in url or "entry" in url or "/filter/" in url else "engine"
        parts[part] += size
    breakdown = ", ".join(f"{name} {size / 1024:.0f}" for name, size in parts.items())
    return (
        f"pagefind: first result after {sum(first.values()) / 1024:5.0f} KB ({breakdown}), first query {timings[0]:5.0f} ms, "
        f"later queries {later[0]:.0f}–{later[-1]:.0f} ms (incl. 120 ms typing pause), index on disk "
        f"{sum(f.stat().st_size for f in (site / 'pagefind').rglob('*') if f.is_file()) / 1e6:5.1f} MB"
    )


def lunr_figures(project: Path) -> str:
    """The same site with Material's own search (plugin on, Material's header back)."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - search"), encoding="utf-8")
    (project / "overrides" / "partials" / "header.html").unlink()
    mkdocs_build(project)
    index = (project / "site" / "search" / "search_index.json").read_bytes()
    first_ms, found = _lunr_queries(project / "site")
    return (
        f"lunr: search_index.json {len(index) / 1024:5.0f} KB raw, {len(gzip.compress(index)) / 1024:5.0f} KB gzip "
        f"(all of it before the first result), first query {first_ms:5.0f} ms; results: {found}"
    )


def _lunr_queries(site: Path) -> tuple[float, str]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    counts = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            first_ms = 0.0
            for query in QUERIES:
                page.fill("input.md-search__input", "")
                start = page.evaluate("performance.now()")
                page.type("input.md-search__input", query, delay=30)  # Material reacts to keys
                if not first_ms:  # the first answer waits for the whole index: download and build
                    page.wait_for_selector(".md-search-result__item", timeout=120_000)
                    first_ms = page.evaluate("performance.now()") - start
                page.wait_for_timeout(1500)
                top = page.locator(".md-search-result__item h1").all_text_contents()[:1]
                counts.append(f"“{query}” {page.locator('.md-search-result__meta').text_content()} (1st: {top[0][:30] if top else '-'})")
            browser.close()
    finally:
        server.shutdown()
    return first_ms, ", ".join(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    for count in args.pages:
        with tempfile.TemporaryDirectory() as temporary:
            project = copy_project(Path(temporary) / "project")
            add_movements(project, count)
            seconds = mkdocs_build(project)
            print(f"{count:>5} extra pages | build {seconds:5.1f} s | {pagefind_figures(project / 'site')}", flush=True)
            print(f"{'':>5}             | {lunr_figures(project)}", flush=True)


if __name__ == "__main__":
    main()
