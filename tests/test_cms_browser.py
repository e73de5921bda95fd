"""The editing page (quan-tri/) in a real Chromium cut off from the network, on a real MkDocs build
of a copy of the project, writing through a real decap-server (Decap CMS's local backend) into
that copy: a new model with a picture and a Markdown body, a section of an outline renamed. The
files written pass `tdkt check`, keep the house style (a one-field edit is a one-line diff) and
show in the next build; the page asks nothing of any other site.

One browser session makes both edits (module fixture); the tests check what it left."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect
from PIL import Image

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Build, copy_project, run_build, serve

OUTLINE = "data/de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son.yml"
OLD_TITLE = "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO QUÁN TRIỆT TỔ CHỨC TRIỂN KHAI THỰC HIỆN CHỈ THỊ"
NEW_TITLE = "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT VÀ TỔ CHỨC TRIỂN KHAI THỰC HIỆN CHỈ THỊ"
MODEL = "data/mo-hinh/duong-hoa-nong-thon-moi.md"
PICTURE = "data/mo-hinh/duong-hoa-nong-thon-moi/duong-hoa-thon-dong.jpg"
AUTH_URL = "https://dang-nhap.example.org"  # never reached: the browser has no network
PUBLIC_HOST = "cong-tdkt.test"  # the site as readers reach it: not this machine, so no local backend


@dataclass
class Edited:
    project: Path
    site_url: str
    server_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    picture: bytes = b""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def decap_server() -> Path:
    server = ROOT / "node_modules/.bin/decap-server"
    if not server.exists():
        pytest.fail("decap-server is missing: run the README's test command (npm ci), which installs it.")
    return server


@pytest.fixture(scope="module")
def editing_site(tmp_path_factory: pytest.TempPathFactory, decap_server: Path) -> Iterator[tuple[Path, str, str, Build]]:
    project = copy_project(tmp_path_factory.mktemp("cms") / "project")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "seed")
    port = _free_port()
    # The page is built to call decap-server there, and to sign in through that OAuth service.
    settings = {"TDKT_CMS_LOCAL_PORT": str(port), "TDKT_CMS_AUTH_URL": AUTH_URL}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        build = run_build(project, project.parent / "site")
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    assert build.returncode == 0, build.output
    env = {**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(port), "MODE": "fs", "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "warn"}
    process = subprocess.Popen([str(decap_server)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "decap-server did not start"
                time.sleep(0.2)
        with serve(build.site) as url:
            yield project, url, f"http://127.0.0.1:{port}", build
    finally:
        process.terminate()
        process.wait(timeout=10)


def _open_item(page, summary: str):
    """A list item of the form (a section of the outline), opened by its arrow, found by its summary."""
    item = page.locator(
        "xpath=//div[contains(@class,'listControlItem')]"
        f"[div[contains(@class,'NestedObjectLabel')][starts-with(normalize-space(.), '{summary}')]]"
    )
    item.locator("xpath=./div[contains(@class,'TopBar')]/button[1]").click()
    return item


def _publish(page) -> None:
    page.get_by_role("button", name="Công bố").first.click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    try:
        # Before leaving: Decap asks to confirm leaving unsaved changes.
        page.get_by_text("Thay đổi đã được lưu").wait_for()
    except Exception:
        page.screenshot(path=ROOT / "test-artifacts/cms-publish-failed.png", full_page=True)
        (ROOT / "test-artifacts/cms-publish-failed.txt").write_text(page.inner_text("body"))
        raise


def _wait_for(check, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not written: {what}"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def edited(editing_site, offline_browser, tmp_path_factory: pytest.TempPathFactory) -> Edited:
    project, site_url, server_url, _ = editing_site
    result = Edited(project, site_url, server_url)
    photo = tmp_path_factory.mktemp("upload") / "duong-hoa-thon-dong.jpg"
    Image.new("RGB", (800, 600), (40, 130, 70)).save(photo, quality=85)
    result.picture = photo.read_bytes()
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)

    context = offline_browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.on("request", lambda request: result.requests.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: result.errors.append(str(error)))

    page.set_default_timeout(20000)
    page.goto(f"{site_url}/quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đề cương báo cáo — bài viết có ảnh (.md)").wait_for()
    page.screenshot(path=artifacts / "cms-danh-sach.png")

    # A section of an outline renamed.
    page.goto(f"{site_url}/quan-tri/#/collections/de-cuong/entries/{Path(OUTLINE).stem}")
    _open_item(page, "II. CÔNG TÁC")
    title = page.locator(f"input[value='{OLD_TITLE}']")
    title_id = title.get_attribute("id")
    title.fill(NEW_TITLE)
    page.locator(f"[id='{title_id}']").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "cms-sua-muc.png")
    _publish(page)
    _wait_for(lambda: NEW_TITLE in (project / OUTLINE).read_text(encoding="utf-8"), OUTLINE)

    # A new model, written in Markdown, with a picture.
    page.goto(f"{site_url}/quan-tri/#/collections/mo-hinh-md/new")
    # The empty entry is ready (a field typed into before would be reset) once its default shows.
    page.locator("[class*='singleValue']", has_text="Mô hình").wait_for()
    page.get_by_text("Văn bản định dạng", exact=True).click()
    editor = page.locator("[data-slate-editor]").first
    editor.click()
    editor.type("Mỗi thôn nhận trồng và chăm sóc một đoạn đường hoa.")
    editor.press("Enter")
    page.get_by_title("Add Component").click()
    page.get_by_role("menuitem", name="Image").click()
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").first.set_input_files(photo)
    page.get_by_text(photo.name).wait_for()
    page.screenshot(path=artifacts / "cms-tai-anh.png")
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Alt Text").fill("Đường hoa ở thôn Đông")
    page.get_by_role("button", name="Add nguồn").click()
    source = page.locator("xpath=//div[contains(@class,'listControlItem')]").last
    source.locator("input").first.fill("ly-son-tong-ket")
    page.keyboard.press("Enter")
    source.get_by_label("Mục").fill("II > 2 > b")
    page.get_by_label("Tên mô hình").fill("Đường hoa nông thôn mới")
    page.get_by_label("Địa phương").fill("Huyện Lý Sơn, tỉnh Quảng Ngãi")
    page.get_by_label("Tên mô hình").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "cms-mo-hinh-moi.png")
    _publish(page)
    _wait_for(lambda: (project / MODEL).is_file() and (project / PICTURE).is_file(), MODEL)

    # How the page looks on a phone.
    # Decap shows a notice per save (a fast machine can show the draft's and the publication's at
    # once): the screenshot waits until none is left.
    expect(page.get_by_text("Mục đã được lưu")).to_have_count(0, timeout=15_000)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/quan-tri/#/collections/mo-hinh")
    page.get_by_text("Nuôi heo đất, gửi yêu thương").first.wait_for(state="attached")
    page.wait_for_timeout(500)
    page.screenshot(path=artifacts / "cms-dien-thoai.png")
    context.close()
    return result


def test_a_section_title_edit_is_a_one_line_diff(edited: Edited):
    diff = _git(edited.project, "diff", "--numstat", "--", OUTLINE).split()
    assert diff[:2] == ["1", "1"], _git(edited.project, "diff", "--", OUTLINE)
    changed = [line for line in _git(edited.project, "diff", "-U0", "--", OUTLINE).splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [f'-    title: "{OLD_TITLE}"', f'+    title: "{NEW_TITLE}"']
    # Its comments and the rest of the file are as they were.
    assert (edited.project / OUTLINE).read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schemas/de-cuong.schema.json\n# ")


def test_a_new_model_with_a_picture_is_written_in_house_style(edited: Edited):
    assert (edited.project / MODEL).read_text(encoding="utf-8") == (
        "---\n"
        'name: "Đường hoa nông thôn mới"\n'
        'kind: "Mô hình"\n'
        'locality: "Huyện Lý Sơn, tỉnh Quảng Ngãi"\n'
        "sources:\n"
        "  - ref: bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw\n"
        '    section: "II > 2 > b"\n'
        "---\n"
        "Mỗi thôn nhận trồng và chăm sóc một đoạn đường hoa.\n"
        "\n"
        "![Đường hoa ở thôn Đông](duong-hoa-thon-dong.jpg)\n"
    )
    # The picture lands in the record's own folder, as uploaded.
    assert (edited.project / PICTURE).read_bytes() == edited.picture
    assert sorted(p.name for p in (edited.project / PICTURE).parent.iterdir()) == [Path(PICTURE).name]


def test_the_files_written_pass_the_check_and_show_in_a_build(edited: Edited, tmp_path: Path):
    tdkt = Path(sys.executable).with_name("tdkt")
    check = subprocess.run([str(tdkt), "check"], cwd=edited.project, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_build(edited.project, tmp_path / "site")
    assert build.returncode == 0, build.output
    model = (build.site / "mo-hinh/duong-hoa-nong-thon-moi/index.html").read_text(encoding="utf-8")
    assert "Mỗi thôn nhận trồng và chăm sóc một đoạn đường hoa." in model
    assert 'alt="Đường hoa ở thôn Đông"' in model and "duong-hoa-thon-dong" in model
    outline = (build.site / "de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son/index.html").read_text(encoding="utf-8")
    assert NEW_TITLE in outline and OLD_TITLE not in outline


def test_the_editing_page_asks_nothing_of_any_other_site(edited: Edited, editing_site):
    origins = {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in edited.requests if not url.startswith(("data:", "blob:"))}
    assert origins == {edited.site_url, edited.server_url}, origins
    assert not edited.errors, edited.errors
    assert f"{edited.site_url}/assets/vendor/decap-cms/decap-cms.js" in edited.requests
    # The CMS is loaded on its page only.
    site = editing_site[3].site
    elsewhere = [p for p in site.rglob("*.html") if "vendor/decap-cms" in p.read_text(encoding="utf-8")]
    assert elsewhere == [site / "quan-tri/index.html"]


def test_every_seed_file_read_and_saved_unchanged_is_the_same_file(editing_site, offline_browser):
    """Through the page's own formats (the ones Decap calls): opening and saving a file without
    an edit rewrites nothing; writing a seed file afresh (no original to copy from) gives back its
    data exactly, in house style."""
    project, site_url, _, _ = editing_site
    page = offline_browser.new_page()
    page.goto(f"{site_url}/quan-tri/")
    page.wait_for_function("() => window.CMS && Object.keys(CMS.getCustomFormatsFormatters()).length >= 10")
    files = sorted(p for p in (ROOT / "data").glob("*/*.*") if p.suffix in (".yml", ".md"))
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        name = "tdkt-" + path.parent.name + ("-md" if path.suffix == ".md" else "")
        same, fresh = page.evaluate(
            """([name, text]) => {
                const format = CMS.getCustomFormatsFormatters()[name];
                const data = format.fromFile(text);
                const same = format.toFile(data);
                delete data.__tdkt_original;
                return [same, format.toFile(data)];
            }""",
            [name, text],
        )
        assert same == text, path
        front = (lambda t: t.split("---\n")[1] if path.suffix == ".md" else t)
        assert yaml.safe_load(front(fresh)) == yaml.safe_load(front(text)), path
        if path.suffix == ".md":
            assert fresh.split("---\n", 2)[2] == text.split("---\n", 2)[2], path  # the body, as written
    # A file that is not YAML is not opened (so not overwritten), with a message that says where.
    message = page.evaluate(
        """(text) => { try { CMS.getCustomFormatsFormatters()["tdkt-mo-hinh-md"].fromFile(text); return ""; }
                       catch (error) { return error.message; } }""",
        '---\nname: "Một"\nkind: [\n---\nBài.\n',
    )
    assert message.startswith("Tệp này có lỗi cú pháp YAML (dòng 4,"), message
    page.close()


def test_off_this_machine_the_page_signs_in_to_github_through_the_oauth_service_set_at_build(editing_site, playwright):
    """Served from a host that is not this machine (as on GitHub Pages), the page offers GitHub
    sign-in, asks nothing of any other site before it, and signing in opens the OAuth service
    named by TDKT_CMS_AUTH_URL at build time."""
    _, site_url, _, _ = editing_site
    origin = f"http://{PUBLIC_HOST}:{urlsplit(site_url).port}"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--proxy-server=http://127.0.0.1:9",
        f"--proxy-bypass-list={PUBLIC_HOST}",
        f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--unsafely-treat-insecure-origin-as-secure={origin}",  # Decap needs a secure context, as https gives
    ])
    try:
        context = browser.new_context(locale="vi-VN")
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(f"{origin}/quan-tri/")
        button = page.get_by_role("button", name="Đăng nhập bằng GitHub")
        button.wait_for()
        assert [url for url in requests if not url.startswith(origin)] == []
        with page.expect_popup() as popup:
            button.click()
        popup.value.wait_for_load_state()
        signing_in = [url for url in requests if not url.startswith(origin)]
        assert signing_in and all(url.startswith(f"{AUTH_URL}/auth?") for url in signing_in), signing_in
        assert "provider=github" in signing_in[0]
    finally:
        browser.close()
