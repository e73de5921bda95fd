"""Content files in Markdown with YAML front matter: bodies, their checks at the file's lines,
pictures published web-sized without metadata, and what a reader sees of them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import ExifTags, Image

from conftest import ROOT, copy_project, run_build, serve
from tdkt.content.catalog import Catalog, load_catalog
from tdkt.cli import main as tdkt
from tdkt.content.images import inspect_image, make_copies

REPORT = "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"

EXEMPLAR = f"""\
---
name: "Heo đất lớp Năm A thử nghiệm"
locality: "Huyện Lý Sơn, tỉnh Quảng Ngãi"
sources:
  - ref: {REPORT}
---
Mỗi lớp nuôi một **con heo đất** theo tinh thần Chỉ thị số 34-CT/TW; từ khóa riêng: khánhlợnđất.

# Cách làm

1. Mua heo đất.
2. Bỏ tiền lẻ mỗi tuần.

![Học sinh bỏ tiền vào heo đất](anh-1.jpg "Heo đất của lớp 5A")

| Năm | Số heo |
|---|---|
| 2023 | 12 |

!!! note "Lưu ý"
    Chỉ nhận tiền tự nguyện.[^1]

## Kết quả

Mã `<b>` trong chữ mã được giữ nguyên. Ảnh nhỏ trong câu: ![Biểu đồ](bieu-do.png).

[^1]: Theo báo cáo của huyện.
"""

MOVEMENT = f"""\
---
name: "Phong trào thử nghiệm viết bằng Markdown"
sources:
  - ref: {REPORT}
---
Phong trào có hai bước (từ khóa riêng: phongtràobướcđôi):

- phát động;
- sơ kết.
"""

DOCUMENT = f"""\
---
type: "Hướng dẫn"
name: "Hướng dẫn thử nghiệm viết bằng Markdown"
sources:
  - ref: {REPORT}
---
Hướng dẫn nêu **ba việc** (từ khóa riêng: hướngdẫnbaviệc).
"""


def _as_markdown(yaml_file: Path, title: str, body: str) -> str:
    """An existing outline or report rewritten as a .md file under another title."""
    text = yaml_file.read_text(encoding="utf-8")
    text = re.sub(r'^title: ".*"$', f'title: "{title}"', text, count=1, flags=re.M)
    return f"---\n{text}---\n{body}\n"


def photo(size: tuple[int, int] = (3000, 2000), orientation: int = 6, private: bool = False) -> bytes:
    """A phone photo: turned by its orientation tag, with its maker and a comment; private, also with
    a GPS position and a camera serial (which `tdkt check` refuses in an original)."""
    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 97):
        image.paste((20, 20, 20), (x, 0, x + 9, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "HangDienThoai"
    if private:
        exif.get_ifd(ExifTags.IFD.Exif)[0xA431] = "SO-MAY-12345"
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps.update({1: "N", 2: (15.0, 22.0, 30.5), 3: "E", 4: (109.0, 7.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"ghi chu rieng", quality=90)
    return buffer.getvalue()


def chart() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 90, 200, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def markdown_project(root: Path) -> Path:
    project = copy_project(root)
    data = project / "data"
    (data / "mo-hinh" / "heo-dat-thu.md").write_text(EXEMPLAR, encoding="utf-8")
    (data / "mo-hinh" / "heo-dat-thu").mkdir()
    (data / "mo-hinh" / "heo-dat-thu" / "anh-1.jpg").write_bytes(photo())
    (data / "mo-hinh" / "heo-dat-thu" / "bieu-do.png").write_bytes(chart())
    (data / "phong-trao" / "thu-markdown.md").write_text(MOVEMENT, encoding="utf-8")
    (data / "van-ban" / "huong-dan-thu-markdown.md").write_text(DOCUMENT, encoding="utf-8")
    outline = data / "de-cuong" / "so-ket-05-nam-chi-thi-34-ct-tw-lang-son.yml"
    (data / "de-cuong" / "thu-markdown.md").write_text(
        _as_markdown(outline, "Đề cương thử viết bằng Markdown", "Đề cương dùng cho **cấp huyện** (từ khóa riêng: đềcươngcấphuyện)."),
        encoding="utf-8",
    )
    report = ROOT / "data" / f"{REPORT}.yml"
    (data / "bao-cao" / "thu-markdown.md").write_text(
        _as_markdown(report, "Báo cáo thử viết bằng Markdown", "Báo cáo chép lại để thử (từ khóa riêng: báocáochéplại).\n\n## Ghi chú\n\nKhông có."),
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory: pytest.TempPathFactory):
    project = markdown_project(tmp_path_factory.mktemp("md") / "project")
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.output
    return project, build.site


def article(site: Path, page: str) -> BeautifulSoup:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


# -- reading ---------------------------------------------------------------------------------


def test_a_markdown_record_of_each_type_checks(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    catalog = load_catalog(project)
    assert isinstance(catalog, Catalog), [str(p) for p in catalog]
    expected = {
        "mo-hinh/heo-dat-thu": "description",
        "phong-trao/thu-markdown": "description",
        "van-ban/huong-dan-thu-markdown": "overview",
        "de-cuong/thu-markdown": "overview",
        "bao-cao/thu-markdown": "overview",
    }
    for key, field in expected.items():
        record = catalog.records[key]
        assert record.path.endswith(".md") and record.body is not None and record.body.field == field
        assert getattr(record.entry, field) == record.body.text
    exemplar = catalog.records["mo-hinh/heo-dat-thu"]
    assert [image.name for image in exemplar.body.images] == ["anh-1.jpg", "bieu-do.png"]
    assert exemplar.body.images[0].line == 14 and exemplar.body.images[0].alone
    assert exemplar.source.locate(("name",)).line == 2  # front matter positions are the file's lines
    assert exemplar.description().startswith("Mỗi lớp nuôi một con heo đất theo tinh thần")  # no Markdown marks


def test_errors_in_front_matter_and_body_are_reported_at_the_files_lines(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    bad = EXEMPLAR.replace('name: "Heo đất lớp Năm A thử nghiệm"\n', 'name: "Heo đất"\nkind: "Loại lạ"\n')
    bad = bad.replace("2. Bỏ tiền lẻ mỗi tuần.", '2. Bỏ tiền <script>alert(1)</script> mỗi tuần.')
    (project / "data" / "mo-hinh" / "heo-dat-thu.md").write_text(bad, encoding="utf-8")
    problems = load_catalog(project)
    assert isinstance(problems, list)
    where = {str(p.location): p.message for p in problems}
    assert "data/mo-hinh/heo-dat-thu.md:3:7" in where and "kind" in where["data/mo-hinh/heo-dat-thu.md:3:7"]
    assert where["data/mo-hinh/heo-dat-thu.md:13:12"] == "Phần bài chứa thẻ HTML, không được phép."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Xem [trang](javascript:alert(1)).", "mã lệnh"),
        ("Xem [tệp](data:text/html,abc).", "giao thức “data:”"),
        ("Chữ đỏ { onclick=\"x()\" }", "thuộc tính"),
        ("<div>khối</div>", "thẻ HTML"),
        ("![Ảnh](https://example.com/a.jpg)", "không phải tên một tệp"),
        ("![Ảnh][a]", "kiểu tham chiếu"),
        ("![Ảnh](Ảnh 1.jpg)", "viết chưa đúng"),
        ("![Ảnh](ảnh-1.jpg)", "có dấu"),
        ("![](anh-1.jpg)", "chưa có lời mô tả"),
    ],
)
def test_what_a_body_may_not_contain_is_refused_at_its_line(tmp_path: Path, line: str, message: str):
    project = markdown_project(tmp_path / "project")
    (project / "data" / "phong-trao" / "thu-markdown.md").write_text(MOVEMENT + "\n" + line + "\n", encoding="utf-8")
    problems = load_catalog(project)
    assert isinstance(problems, list)
    found = [p for p in problems if p.location.path == "data/phong-trao/thu-markdown.md"]
    assert found and found[0].location.line == 11, [str(p) for p in problems]
    assert message in found[0].message


def test_markup_inside_code_and_web_addresses_are_allowed(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    body = MOVEMENT + "\nMã `<script>` và\n\n```html\n<div onclick=\"x\">khối</div>\n```\n\nXem <https://thiduakhenthuong.vn>.\n"
    (project / "data" / "phong-trao" / "thu-markdown.md").write_text(body, encoding="utf-8")
    assert isinstance(load_catalog(project), Catalog)


def test_a_yml_and_an_md_of_one_id_is_an_error_naming_both(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    yml = (ROOT / "data" / "mo-hinh" / "nuoi-heo-dat-gui-yeu-thuong.yml").read_text(encoding="utf-8")
    (project / "data" / "mo-hinh" / "heo-dat-thu.yml").write_text(yml, encoding="utf-8")
    problems = load_catalog(project)
    assert isinstance(problems, list)
    assert any("data/mo-hinh/heo-dat-thu.md" in p.message and "data/mo-hinh/heo-dat-thu.yml" in p.message for p in problems)


def test_the_body_field_is_not_written_twice(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    text = MOVEMENT.replace("sources:", 'description: "Hai lần"\nsources:')
    (project / "data" / "phong-trao" / "thu-markdown.md").write_text(text, encoding="utf-8")
    problems = load_catalog(project)
    assert isinstance(problems, list)
    assert [str(p.location) for p in problems] == ["data/phong-trao/thu-markdown.md:3:1"]
    assert "là phần bài" in problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: x\n", 1, "bắt đầu bằng dòng “---”"),
        ("---\nname: x\n", 1, "dòng “---” đóng"),
        ("---\nname: \"Tên\"\nsources:\n  - ref: " + REPORT + "\n---\n\n", 6, "Phần bài còn trống"),
    ],
)
def test_front_matter_shape(tmp_path: Path, text: str, line: int, message: str):
    project = markdown_project(tmp_path / "project")
    (project / "data" / "mo-hinh" / "heo-dat-thu.md").write_text(text, encoding="utf-8")
    problems = load_catalog(project)
    assert isinstance(problems, list)
    found = [p for p in problems if p.location.path == "data/mo-hinh/heo-dat-thu.md"]
    assert found[0].location.line == line and message in found[0].message, [str(p) for p in found]


def test_pictures_left_in_the_folder_or_a_folder_without_its_record_are_errors(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    folder = project / "data" / "mo-hinh" / "heo-dat-thu"
    (folder / "anh-thua.jpg").write_bytes(photo((300, 200), 1))
    stray = project / "data" / "mo-hinh" / "nuoi-heo-dat-gui-yeu-thuong"
    stray.mkdir()
    (stray / "anh.jpg").write_bytes(photo((300, 200), 1))
    problems = load_catalog(project)
    assert isinstance(problems, list)
    where = {str(p.location): p.message for p in problems}
    assert "không được phần bài" in where["data/mo-hinh/heo-dat-thu/anh-thua.jpg"]
    assert "không thuộc hồ sơ nào viết bằng Markdown" in where["data/mo-hinh/nuoi-heo-dat-gui-yeu-thuong/anh.jpg"]


def test_new_scaffolds_a_markdown_file_that_check_explains(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    project = markdown_project(tmp_path / "project")
    assert tdkt(["new", "mo-hinh", "mo-hinh-moi", "--md", "--root", str(project)]) == 0
    text = (project / "data" / "mo-hinh" / "mo-hinh-moi.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\ndescription:" not in text and "![Mô tả" in text
    assert tdkt(["new", "mo-hinh", "mo-hinh-moi", "--root", str(project)]) == 2  # the .yml of the same id
    capsys.readouterr()
    assert tdkt(["check", "--root", str(project)]) == 1
    errors = capsys.readouterr().err
    assert "data/mo-hinh/mo-hinh-moi.md:" in errors and "Phần bài còn trống" in errors and "“name”" in errors


# -- pictures --------------------------------------------------------------------------------


def test_a_phone_photo_is_published_upright_resized_and_without_metadata(tmp_path: Path):
    original = tmp_path / "anh.jpg"
    original.write_bytes(photo())
    picture = inspect_image(original, "data/mo-hinh/x/anh.jpg", "anh.jpg")
    assert [(v.name, v.width, v.height) for v in picture.variants] == [
        ("anh.jpg", 1600, 2400), ("anh-800.jpg", 800, 1200), ("anh-400.jpg", 400, 600),
    ]
    # The check refuses an original with a GPS position or a serial (tests/test_picture_metadata.py);
    # the copies are made without any metadata whatever the original carries.
    for variant, content in make_copies(photo(private=True), picture):
        with Image.open(io.BytesIO(content)) as image:
            assert image.size == (variant.width, variant.height)
            assert not image.getexif() and not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert not {"exif", "comment", "xmp", "icc_profile"} & set(image.info)
        assert b"SO-MAY-12345" not in content and b"ghi chu rieng" not in content


BAD_PICTURES = "\n![Ảnh không có](khong-co.jpg)\n\n![Tệp chữ](gia.jpg)\n\n![Ảnh quá nặng](nang.jpg)\n"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        (
            BAD_PICTURES,
            [
                "29:1: Không tìm thấy ảnh “khong-co.jpg” trong data/mo-hinh/heo-dat-thu/",
                "31:1: Tệp “gia.jpg” không phải là ảnh",
                "33:1: Ảnh “nang.jpg” nặng 10,0 MB, quá giới hạn 10 MB",
            ],
        ),
        # Written wrong in the text: found with the text, before the files are looked at.
        ("\n![ ](anh-1.jpg)\n", ["29:1: Ảnh “anh-1.jpg” chưa có lời mô tả"]),
    ],
)
def test_bad_pictures_fail_the_build_naming_file_and_line(tmp_path: Path, added: str, expected: list[str]):
    project = markdown_project(tmp_path / "project")
    folder = project / "data" / "mo-hinh" / "heo-dat-thu"
    (folder / "gia.jpg").write_text("không phải ảnh", encoding="utf-8")
    with (folder / "nang.jpg").open("wb") as big:
        big.write(photo((400, 300), 1))
        big.write(b"\0" * (10 * 1024 * 1024))
    if "gia.jpg" not in added:
        (folder / "gia.jpg").unlink()
        (folder / "nang.jpg").unlink()
    (project / "data" / "mo-hinh" / "heo-dat-thu.md").write_text(EXEMPLAR + added, encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    for line in expected:
        assert f"data/mo-hinh/heo-dat-thu.md:{line}" in build.output, build.output
    assert not (tmp_path / "site" / "mo-hinh" / "heo-dat-thu").exists()


def test_copies_are_made_once_and_then_read_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import tdkt.content.images

    original = tmp_path / "anh.jpg"
    original.write_bytes(photo((1000, 800), 1))
    picture = inspect_image(original, "anh.jpg", "anh.jpg")
    first = tdkt.content.images.publish(picture, tmp_path, tmp_path / "cache")
    monkeypatch.setattr(tdkt.content.images, "make_copies", lambda *args: pytest.fail("made again"))
    assert tdkt.content.images.publish(picture, tmp_path, tmp_path / "cache") == first


# -- the built site --------------------------------------------------------------------------


def test_bodies_render_as_material_renders_markdown(markdown_site):
    _, site = markdown_site
    page = article(site, "mo-hinh/heo-dat-thu")
    content = page.select_one("h2#noi-dung")
    assert content is not None
    assert page.select_one("h3#bai-cach-lam").text.startswith("Cách làm")  # "#" in the body: under the page's h2
    assert page.select_one("h4#bai-ket-qua").text.startswith("Kết quả")
    assert [td.text for td in page.select("table td")] == ["2023", "12"]
    assert page.select_one(".admonition.note .admonition-title").text == "Lưu ý"
    assert page.select_one(".footnote li").text.strip().startswith("Theo báo cáo của huyện.")
    link = page.find("a", string="Chỉ thị số 34-CT/TW")
    assert link is not None and link["href"] == "../../van-ban/chi-thi-34-ct-tw-2014/"
    assert page.find("code").text == "<b>"
    assert not page.select("script")
    for path, word in [
        ("phong-trao/thu-markdown", "phongtràobướcđôi"),
        ("van-ban/huong-dan-thu-markdown", "hướngdẫnbaviệc"),
        ("de-cuong/thu-markdown", "đềcươngcấphuyện"),
        ("bao-cao/thu-markdown", "báocáochéplại"),
    ]:
        assert word in article(site, path).text, path


def test_pictures_are_published_with_their_size_and_lazy(markdown_site):
    _, site = markdown_site
    page = article(site, "mo-hinh/heo-dat-thu")
    figure = page.select_one("figure.tdkt-photo")
    image = figure.select_one("img")
    assert figure.select_one("figcaption").text == "Heo đất của lớp 5A"
    assert image["alt"] == "Học sinh bỏ tiền vào heo đất" and image["loading"] == "lazy"
    assert (image["width"], image["height"]) == ("1600", "2400")
    assert image["srcset"] == "anh-1-400.jpg 400w, anh-1-800.jpg 800w, anh-1.jpg 1600w"
    for name, size in [("anh-1.jpg", (1600, 2400)), ("anh-1-800.jpg", (800, 1200)), ("anh-1-400.jpg", (400, 600))]:
        published = site / "mo-hinh" / "heo-dat-thu" / name
        with Image.open(published) as copy:
            assert copy.size == size and not copy.getexif()
        assert b"SO-MAY-12345" not in published.read_bytes()
    inline = page.find("img", alt="Biểu đồ")
    assert inline.find_parent("p") is not None and inline.find_parent("figure") is None
    assert (inline["width"], inline["height"]) == ("300", "120")
    assert (site / "mo-hinh" / "heo-dat-thu" / "bieu-do.png").exists()


def test_the_index_shows_a_models_first_picture(markdown_site):
    _, site = markdown_site
    index = BeautifulSoup((site / "mo-hinh" / "index.html").read_text(encoding="utf-8"), "html.parser")
    row = index.find("a", string="Heo đất lớp Năm A thử nghiệm").find_parent("td")
    thumb = row.select_one("img.tdkt-thumb")
    assert thumb["src"] == "heo-dat-thu/anh-1-400.jpg" and (thumb["width"], thumb["height"]) == ("400", "600")
    assert (site / "mo-hinh" / thumb["src"]).exists()
    other = index.find("a", string="Nuôi heo đất, gửi yêu thương").find_parent("td")
    assert other.select_one("img") is None


def test_pictures_fit_a_phone_and_print(markdown_site, browser):
    _, site = markdown_site
    with serve(site) as url:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(f"{url}/mo-hinh/heo-dat-thu/")
        image = page.locator("figure.tdkt-photo img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('figure.tdkt-photo img').complete")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = image.bounding_box()
        assert box["width"] <= 390 and box["height"] > 0
        assert page.evaluate("document.querySelector('figure.tdkt-photo img').currentSrc").endswith("-400.jpg") or box["width"] > 200
        page.emulate_media(media="print")
        printed = image.bounding_box()
        assert printed["height"] <= 12 / 2.54 * 96 + 1  # at most 12 cm: a picture and its caption share a page
        page.close()


def test_search_finds_words_of_a_body(markdown_site, browser):
    _, site = markdown_site
    with serve(site) as url:
        page = browser.new_page()
        page.goto(f"{url}/tim-kiem/?q=khanhlondat")
        page.wait_for_function("document.getElementById('tdkt-search-status').textContent.includes('kết quả')")
        found = page.eval_on_selector_all(".tdkt-result a", "links => links.map(a => new URL(a.href).pathname)")
        page.close()
    assert found[:1] == ["/mo-hinh/heo-dat-thu/"]


def test_a_second_check_does_not_decode_pictures_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import tdkt.content.images

    project = markdown_project(tmp_path / "project")
    cache = project / ".cache" / "records"
    first = load_catalog(project, cache_dir=cache)
    monkeypatch.setattr(tdkt.content.images.Image, "open", lambda *args, **kwargs: pytest.fail("decoded again"))
    second = load_catalog(project, cache_dir=cache)
    assert isinstance(first, Catalog) and isinstance(second, Catalog)
    key = "mo-hinh/heo-dat-thu"
    assert second.records[key].pictures == first.records[key].pictures


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["mo-hinh/heo-dat-thu/", "mo-hinh/"])
def test_pages_with_pictures_have_no_serious_accessibility_violation(markdown_site, browser, path: str, scheme: str):
    from axe_playwright_python.sync_playwright import Axe

    _, site = markdown_site
    with serve(site) as url:
        page = browser.new_page(color_scheme=scheme)
        page.goto(f"{url}/{path}", wait_until="networkidle")
        violations = Axe().run(page).response["violations"]
        page.close()
    serious = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == []
