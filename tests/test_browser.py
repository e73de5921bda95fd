"""The built site in a real Chromium: readable at desktop and phone widths, navigable, self-contained."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

PAGES = [
    "",
    "de-cuong/",
    "de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son/",
    "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/",
    "mo-hinh/nuoi-heo-dat-gui-yeu-thuong/",
    "phong-trao/dan-van-kheo/",
    "van-ban/chi-thi-34-ct-tw-2014/",
    "tim-kiem/?q=ly%20son",
    "soan-bao-cao/tong-ket-10-nam-ke-hoach-4724-kh-ubnd/",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_without_errors_or_overflow(offline_browser, site_server, artifact, path, viewport):
    """With the network cut off except the loopback: any request elsewhere, or any console error, fails."""
    page = offline_browser.new_page(viewport=VIEWPORTS[viewport])
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: foreign.append(request.url) if urlparse(request.url).hostname != "127.0.0.1" else None)
    page.goto(f"{site_server}/{path}", wait_until="networkidle")
    heading = page.locator("article h1").first
    assert heading.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport} width"
    name = path.split("?")[0].strip("/").replace("/", "_") or "home"
    page.screenshot(path=str(artifact(f"{viewport}-{name}.png")), full_page=False)
    page.close()
    assert foreign == [], "every request must stay on the site"
    assert errors == []


def test_offline_browser_really_has_no_network(offline_browser, site_server):
    """The control for the test above: a page asking for a font from elsewhere gets nothing."""
    page = offline_browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{site_server}/")
    page.evaluate("fetch('https://fonts.googleapis.com/css?family=Roboto').catch(() => null)")
    page.wait_for_timeout(500)
    page.close()
    assert failed == ["https://fonts.googleapis.com/css?family=Roboto"]


def test_from_home_to_an_outline_section_on_a_phone(browser, site_server):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(f"{site_server}/")
    page.get_by_role("link", name="đề cương", exact=True).first.click()
    page.get_by_role("link", name="Đề cương báo cáo tổng kết 10 năm thực hiện Kế hoạch số 4724/KH-UBND và Chỉ thị số 34-CT/TW").click()
    assert page.locator("#muc-ii-3-e").is_visible()
    assert "ĐỀ CƯƠNG" in page.locator(".tdkt-doc-head").inner_text()
    page.get_by_role("link", name="Báo cáo tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW của UBND huyện Lý Sơn").click()
    assert page.locator(".tdkt-signer-name").inner_text() == "Phạm Thị Hương"
    page.close()


@pytest.mark.parametrize(("viewport", "side_by_side"), [("desktop", True), ("phone", False)])
def test_closing_block_is_laid_out_as_on_paper(browser, site_server, viewport, side_by_side):
    """“Nơi nhận” on the left and the signature on the right at desktop width; stacked on phones."""
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.goto(f"{site_server}/bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/")
    recipients = page.locator(".tdkt-recipients").bounding_box()
    signer = page.locator(".tdkt-signer").bounding_box()
    page.close()
    beside = signer["x"] >= recipients["x"] + recipients["width"] - 1 and signer["y"] < recipients["y"] + recipients["height"]
    assert beside is side_by_side
