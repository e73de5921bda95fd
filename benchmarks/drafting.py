"""Benchmark: exporting a drafted report to Word in Chromium. Prints figures.

      .venv/bin/python benchmarks/drafting.py [--rounds 5]

Builds the project, opens the drafting page of the outline with the most sections, fills every
section with three paragraphs (and the heading fields), then measures:
- the drafting page's weight as loaded, gzip (HTML, CSS, JS), before anything is exported;
- the first export (fetching the zip library and the blank template) and later exports: from the
  click to the downloaded file, median of the rounds;
- the exported file's size;
- the synthesis ("Tổng hợp") of 30 units' draft files of that outline, every section written by
  every unit (3 paragraphs) and every blank filled: from choosing the files to the synthesis on the
  page, then its Word export and its spreadsheet export (click to downloaded file).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tdkt.content.catalog import Catalog, load_catalog  # noqa: E402
from corpus import copy_project, mkdocs_build, serve_site  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def measure(rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary) / "project")
        mkdocs_build(project)
        catalog = load_catalog(project)
        assert isinstance(catalog, Catalog), catalog
        outline = max(catalog.of_type_key("outline"), key=lambda r: len(r.sections()))
        with serve_site(project / "site") as address:
            url = f"{address}/soan-bao-cao/{outline.id}/"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_context(accept_downloads=True).new_page()
                loaded: list[str] = []
                page.on("requestfinished", lambda request: loaded.append(request.url))
                page.goto(url, wait_until="networkidle")
                weight = sum(len(gzip.compress(urllib.request.urlopen(u).read())) for u in loaded)
                paragraph = "Trong kỳ báo cáo, đơn vị đã triển khai đầy đủ các nội dung theo hướng dẫn; kết quả đạt 95%."
                page.evaluate(
                    """(text) => { for (const box of document.querySelectorAll('textarea[data-answer]'))
                         { box.value = [text, text, text].join('\\n'); } }""",
                    paragraph,
                )
                page.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("ỦY BAN NHÂN DÂN HUYỆN")
                times = []
                size = 0
                for _ in range(rounds):
                    start = time.perf_counter()
                    with page.expect_download() as info:
                        page.get_by_role("button", name="Tải về Word (.docx)").click()
                    path = Path(temporary) / "export.docx"
                    info.value.save_as(path)
                    times.append(time.perf_counter() - start)
                    size = path.stat().st_size
                synthesis = synthesise(page, outline, paragraph, Path(temporary))
                browser.close()
    later = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(
        f"outline {outline.id}: {len(outline.sections())} sections, every one filled (3 paragraphs)\n"
        f"drafting page before export: {weight / 1024:.0f} KB gzip (HTML, CSS, JS as loaded)\n"
        f"export to Word: first {times[0] * 1000:.0f} ms (loads the zip library and the template), "
        f"later {later * 1000:.0f} ms (median of {len(times) - 1}); file {size / 1024:.0f} KB\n"
        f"synthesis of {UNITS} units' drafts ({synthesis['input'] / 1024:.0f} KB of files, {synthesis['blanks']} blanks each): "
        f"on the page {synthesis['open'] * 1000:.0f} ms; Word export {synthesis['docx'] * 1000:.0f} ms "
        f"({synthesis['docx_size'] / 1024:.0f} KB); spreadsheet {synthesis['xlsx'] * 1000:.0f} ms"
    )


UNITS = 30


def synthesise(page, outline, paragraph: str, folder: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from tdkt.forms.plan import section_fill_lines

    files = []
    blanks = 0
    for n in range(1, UNITS + 1):
        sections = {}
        for placed in outline.sections():
            filled = {str(b.index): str(n * 3 + b.index) for line in section_fill_lines(placed.section) for b in line.pieces if not isinstance(b, str)}
            blanks += len(filled) if n == 1 else 0
            sections[placed.anchor] = {"label": placed.section.label or "", "title": placed.section.title, "text": "\n".join([f"Đơn vị {n}: {paragraph}"] * 3), "blanks": filled}
        draft = {"format": "tdkt-draft", "version": 2, "outline": outline.id, "fields": {"co_quan": f"UBND XÃ SỐ {n}"}, "sections": sections}
        path = folder / f"don-vi-{n}.json"
        path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    page.get_by_role("button", name="Tổng hợp").click()
    region = page.locator("#tdkt-draft-synthesis")
    start = time.perf_counter()
    region.locator("input[data-role=synthesis-files]").set_input_files(files)
    region.get_by_role("status").filter(has_text=f"Đã mở {UNITS} báo cáo").wait_for()
    opened = time.perf_counter() - start
    measured: dict[str, float] = {"open": opened, "input": sum(Path(f).stat().st_size for f in files), "blanks": blanks}
    for key, name in (("docx", "Tải về Word bản tổng hợp"), ("xlsx", "Tải về bảng số liệu (.xlsx)")):
        start = time.perf_counter()
        with page.expect_download() as info:
            region.get_by_role("button", name=name).click()
        path = folder / f"tong-hop.{key}"
        info.value.save_as(path)
        measured[key] = time.perf_counter() - start
        measured[f"{key}_size"] = path.stat().st_size
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    measure(max(2, parser.parse_args().rounds))


if __name__ == "__main__":
    main()
