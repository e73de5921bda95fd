"""Benchmark: results under the header's search box, typed as a user types. Prints figures.

      .venv/bin/python benchmarks/suggest.py --items 1000

Builds a copy of the project with N synthetic items (benchmarks/corpus.py), serves it, and in
Chromium types each query into the header box of the home page, a key every 80 ms; measures in the
page the time from the last keystroke to the list showing that query's results. The first query
(which loads Pagefind's engine and index) is printed apart; the median is of the others.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_corpus, copy_project, mkdocs_build, serve_site  # noqa: E402

QUERIES = ["ly son", "nuoi heo dat", "34-CT/TW", "van hoa cong so", "khen thuong", "ban hanh ke hoach",
           "dan van kheo", "chung tay vi nguoi ngheo", "4724/KH-UBND", "thi dua yeu nuoc", "dien hinh tien tien"]


def measure(items: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary) / "project")
        add_corpus(project, items)
        mkdocs_build(project)
        with serve_site(project / "site") as address:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{address}/")
                page.evaluate("document.addEventListener('keydown', () => { window.lastKey = performance.now(); }, true)")
                times = []
                for text in QUERIES:
                    page.fill("#tdkt-header-q", "")
                    page.click("#tdkt-header-q")
                    page.keyboard.type(text, delay=80)
                    page.wait_for_function("t => document.querySelector('.tdkt-suggest')?.dataset.settled === t", arg=text, timeout=30000)
                    times.append(page.evaluate("Number(document.querySelector('.tdkt-suggest').dataset.settledAt) - window.lastKey"))
                browser.close()
    print(f"{items} items: first query {times[0]:.0f} ms (loads the engine); later queries: median {statistics.median(times[1:]):.0f} ms, "
          f"slowest {max(times[1:]):.0f} ms, each " + ", ".join(f"{t:.0f}" for t in times[1:]) + " (ms from the last key, incl. a 120 ms typing pause)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[1000])
    for items in parser.parse_args().items:
        measure(items)


if __name__ == "__main__":
    main()
