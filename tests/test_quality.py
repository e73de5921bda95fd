"""Accessibility, keyboard, print and reproducible builds, checked on the real built site."""

from __future__ import annotations

import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTIFACTS, ROOT, Build, run_build

PAGE_TYPES = {
    "home": "",
    "index of outlines": "de-cuong/",
    "index of reports": "bao-cao/",
    "index of models": "mo-hinh/",
    "index of movements": "phong-trao/",
    "index of documents": "van-ban/",
    "guide": "huong-dan/",
    "outline": "de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son/",
    "report": "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/",
    "model": "mo-hinh/nuoi-heo-dat-gui-yeu-thuong/",
    "movement": "phong-trao/dan-van-kheo/",
    "document": "van-ban/quyet-dinh-16-2018-qd-ubnd/",
    "facet": "phong-trao/theo-dia-phuong/",
    "comparison": "de-cuong/so-sanh-chi-thi-34-ct-tw-2014/",
    "search results": "tim-kiem/?q=ly%20son",
    "drafting": "soan-bao-cao/tong-ket-10-nam-ke-hoach-4724-kh-ubnd/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_serious_accessibility_violation(browser, site_server, name, scheme):
    page = browser.new_page(color_scheme=scheme)  # dark: the palette Material picks for a phone in dark mode
    page.goto(f"{site_server}/{PAGE_TYPES[name]}", wait_until="networkidle")
    if name == "search results":
        page.wait_for_selector(".tdkt-result")
    violations = Axe().run(page).response["violations"]
    page.close()
    serious = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == []


def test_keyboard_reaches_the_content_first(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}/{PAGE_TYPES['outline']}")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    page.keyboard.press("Enter")
    page.close()
    assert "md-skip" in focused[0].split() and focused[1].startswith("#")


@pytest.mark.parametrize("name", ["outline", "report", "model"])
def test_pages_print_without_navigation(browser, site_server, tmp_path, name):
    page = browser.new_page()
    page.goto(f"{site_server}/{PAGE_TYPES[name]}", wait_until="networkidle")
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Tìm kiếm (gõ có dấu" not in flat and "Giới thiệu Tìm kiếm" not in flat  # no header, no tabs
    assert "Tải mẫu báo cáo" in flat if name == "outline" else True  # the heading stays, the buttons go
    assert "Word (.docx)" not in flat
    if name == "report":
        assert "Phạm Thị Hương" in flat and "Nơi nhận:" in flat
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / f"print-{name}")], check=True)


def test_two_builds_of_one_commit_are_identical(built_site: Build, tmp_path):
    again = run_build(ROOT, tmp_path / "site")
    assert again.returncode == 0, again.output
    first = {p.relative_to(built_site.site): p.read_bytes() for p in built_site.site.rglob("*") if p.is_file()}
    second = {p.relative_to(again.site): p.read_bytes() for p in again.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(path) for path in first if first[path] != second[path]] == []
