"""Benchmark: the editing page (quan-tri/) in Chromium, local backend. Prints figures.

      .venv/bin/python benchmarks/editing.py [--rounds 3]

Builds the project, starts decap-server (node_modules/, scripts/npm-ci.sh) on a copy, opens the
page in a Chromium cut off from the network and signs in to the local backend, then reports:
- what the page loads until the list of collections shows: files, bytes as served and gzip;
- the time from opening the page to the list of collections, and to an outline's form (median);
- what the vendored folder holds on disk (every chunk the CMS may load later).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import copy_project, folder_size, free_port, mkdocs_build, serve_site  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
OUTLINE = "so-ket-05-nam-chi-thi-34-ct-tw-lang-son"


def measure(rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary) / "project")
        port = free_port()
        os.environ["TDKT_CMS_LOCAL_PORT"] = str(port)
        mkdocs_build(project)
        env = {**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(port), "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "warn"}
        server = subprocess.Popen([str(ROOT / "node_modules/.bin/decap-server")], env=env)
        try:
            time.sleep(1.5)
            with serve_site(project / "site") as url, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                to_list, to_form = [], []
                loaded: list[str] = []
                for round_number in range(rounds):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    if round_number == 0:
                        page.on("requestfinished", lambda request: loaded.append(request.url))
                    start = time.perf_counter()
                    page.goto(f"{url}/quan-tri/")
                    page.get_by_role("button", name="Đăng nhập").click()
                    page.get_by_text("Đề cương báo cáo — bài viết có ảnh (.md)").wait_for()
                    to_list.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    page.goto(f"{url}/quan-tri/#/collections/de-cuong/entries/{OUTLINE}")
                    page.get_by_text("KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH").first.wait_for()
                    to_form.append(time.perf_counter() - start)
                    context.close()
                browser.close()
                site_files = [u for u in loaded if u.startswith(url)]
                raw = gzipped = 0
                for address in site_files:
                    body = urllib.request.urlopen(address).read()
                    raw += len(body)
                    gzipped += len(gzip.compress(body, 6))
        finally:
            server.terminate()
            server.wait()
    vendor = ROOT / "docs/assets/vendor/decap-cms"
    print(f"loaded from the site until the collections show: {len(site_files)} files, {raw / 1e6:.2f} MB ({gzipped / 1e6:.2f} MB gzip)")
    print(f"requests to decap-server: {len([u for u in loaded if not u.startswith(url)])}")
    print(f"open page → collections: median {statistics.median(to_list):.2f} s (first {to_list[0]:.2f} s)")
    print(f"collections → outline form: median {statistics.median(to_form):.2f} s")
    print(f"vendored decap-cms on disk: {len(list(vendor.iterdir()))} files, {folder_size(vendor) / 1e6:.1f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    measure(parser.parse_args().rounds)
