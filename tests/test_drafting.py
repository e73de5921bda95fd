"""Writing a report on an outline's drafting page, in a real Chromium, and the Word file it exports.

The exported DOCX is opened with python-docx and converted to PDF by LibreOffice: each answer must
stand under its own section heading in outline order, in the NĐ 30 layout of the blank template.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import ROOT
from test_forms import pdf_text

OUTLINE = "tong-ket-10-nam-ke-hoach-4724-kh-ubnd"
PAGE = f"soan-bao-cao/{OUTLINE}/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(offline_browser, site_server):
    """The drafting page with an empty device (a fresh browser context), network cut off-site."""
    context = offline_browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: foreign.append(request.url) if urlparse(request.url).hostname != "127.0.0.1" else None)
    page.goto(f"{site_server}/{PAGE}")
    page.errors, page.foreign = errors, foreign  # type: ignore[attr-defined]
    yield page
    context.close()
    assert foreign == [], "nothing leaves the site"


def outline_sections() -> list[tuple[str, str, str]]:
    """(anchor, label, title) of every section of the outline, from the core, in order."""
    from tdkt.content.catalog import load_catalog

    catalog = load_catalog(ROOT)
    record = catalog.get("de-cuong", OUTLINE)
    return [(p.anchor, p.section.label or "", p.section.title) for p in record.sections()]


def answer_box(page, anchor: str):
    return page.locator(f'textarea[name="{anchor}"]')


def export(page, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def to_pdf(docx: Path) -> Path:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{docx.parent / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(docx.parent), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    return docx.with_suffix(".pdf")


def fill_fields(page, values: dict[str, str]) -> None:
    """The heading and closing fields, by their labels."""
    for label, value in values.items():
        page.get_by_label(label).fill(value)


LY_SON = {
    "Tên cơ quan, tổ chức báo cáo": "ỦY BAN NHÂN DÂN HUYỆN LÝ SƠN",
    "Số, ký hiệu của báo cáo": "15/BC-UBND",
    "Địa danh": "Lý Sơn",
    "Ngày báo cáo": "2024-03-05",
    "Họ và tên người ký": "Phạm Thị Hương",
}


def test_outline_page_links_to_its_drafting_page(browser, site_server):
    page = browser.new_page()
    page.goto(f"{site_server}/de-cuong/{OUTLINE}/")
    page.get_by_role("link", name="Soạn báo cáo theo đề cương này").click()
    assert page.url.endswith(f"/{PAGE}")
    assert page.locator("h1").inner_text().startswith("Soạn báo cáo:")
    page.close()


def test_every_section_in_order_with_its_guidance_and_a_labelled_answer(page):
    sections = outline_sections()
    boxes = page.locator("textarea[data-answer]")
    assert boxes.count() == len(sections) == 26
    for index, (anchor, label, title) in enumerate(sections):
        box = boxes.nth(index)
        assert box.get_attribute("name") == anchor
        # The answer's accessible name is the section's label and title, as Playwright finds it.
        assert page.get_by_role("textbox", name=f"{label} {title}", exact=True).get_attribute("name") == anchor
        assert page.locator(f"#{anchor}").inner_text().startswith(f"{label} {title}")
    # Guidance of section I: its bullets; heading block filled where the outline says.
    section_one = page.locator('.tdkt-draft-section[data-anchor="muc-i"]').inner_text()
    assert "Thuận lợi" in section_one and "Khó khăn" in section_one
    assert page.get_by_label("Kính gửi").input_value() == "Sở Nội vụ."
    assert page.get_by_label("Trích yếu").input_value().startswith("Tổng kết 10 năm thực hiện Kế hoạch số 4724/KH-UBND")
    assert page.locator("#tdkt-draft-progress").inner_text() == "Đã viết 0/26 mục"


def test_what_the_portal_knows_is_beside_each_section_and_inserted_only_on_request(page):
    section = page.locator('.tdkt-draft-section[data-anchor="muc-ii-1"]')
    aside = section.locator(".tdkt-draft-know")
    assert "UBND huyện Lý Sơn, mục II > 1" in aside.inner_text()
    link = aside.get_by_role("link", name="UBND huyện Lý Sơn, mục II > 1")
    assert link.get_attribute("href").endswith("bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw/#muc-ii-1")
    assert answer_box(page, "muc-ii-1").input_value() == ""
    aside.get_by_role("button", name="Chèn vào ô viết").first.click()
    inserted = answer_box(page, "muc-ii-1").input_value()
    assert inserted.startswith("- Trong những năm qua, Huyện ủy, HĐND, UBND huyện")
    # Models are offered where the section asks for điển hình tiên tiến (II.2.c), not elsewhere.
    models = page.locator('.tdkt-draft-section[data-anchor="muc-ii-2-c"] .tdkt-draft-models')
    assert "Nuôi heo đất, gửi yêu thương" in models.inner_text()
    assert page.locator('.tdkt-draft-section[data-anchor="muc-i"] .tdkt-draft-models').count() == 0


def test_answers_survive_a_reload_and_count_as_written(page):
    answer_box(page, "muc-i").fill("Huyện đảo có 3 xã.\nDân số 22.000 người.")
    answer_box(page, "muc-ii-1-a").fill("Đã quán triệt đến 100% chi bộ.")
    page.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("ỦY BAN NHÂN DÂN HUYỆN LÝ SƠN")
    page.locator('input[data-none="muc-ii-3-d"]').check()
    assert page.locator("#tdkt-draft-progress").inner_text() == "Đã viết 3/26 mục (1 mục ghi không có nội dung)"
    page.wait_for_timeout(400)  # saved 250 ms after the last keystroke
    page.reload()
    assert answer_box(page, "muc-i").input_value() == "Huyện đảo có 3 xã.\nDân số 22.000 người."
    assert answer_box(page, "muc-ii-1-a").input_value() == "Đã quán triệt đến 100% chi bộ."
    assert page.get_by_label("Tên cơ quan, tổ chức báo cáo").input_value() == "ỦY BAN NHÂN DÂN HUYỆN LÝ SƠN"
    assert page.locator('input[data-none="muc-ii-3-d"]').is_checked()
    assert answer_box(page, "muc-ii-3-d").is_disabled()
    missing = page.locator(".tdkt-draft-missing")
    assert "Các mục chưa viết (23)" in missing.inner_text()
    assert page.errors == []


def test_exported_docx_has_each_answer_under_its_heading_in_the_nd30_layout(page, tmp_path):
    sections = outline_sections()
    answers = {
        anchor: f"Nội dung phần số {n}, mục {label} — đoạn một của “{title[:30]}”.\nĐoạn hai: số liệu đạt 95%."
        for n, (anchor, label, title) in enumerate(sections, start=1)
    }
    for anchor, text in answers.items():
        answer_box(page, anchor).fill(text)
    fill_fields(page, {**LY_SON, "Nơi nhận (mỗi dòng một nơi)": "Như trên;\nLưu: VT."})
    assert page.locator("#tdkt-draft-progress").inner_text() == "Đã viết 26/26 mục"
    path = export(page, "Tải về Word (.docx)", tmp_path)
    assert path.name == f"bao-cao-{OUTLINE}.docx"

    document = Document(str(path))
    body = [(p.style.name, p.text) for p in document.paragraphs]
    headings = [text for style, text in body if style.startswith("Heading")]
    assert headings == [f"{label} {title}".strip() for _, label, title in sections]
    for anchor, label, title in sections:
        at = next(i for i, (style, text) in enumerate(body) if style.startswith("Heading") and text == f"{label} {title}".strip())
        first, second = answers[anchor].split("\n")
        assert body[at + 1] == ("Body Text", first)
        assert body[at + 2] == ("Body Text", second)
    assert not any("……" in text for style, text in body if style == "Body Text"), "answers replace the dotted lines"
    header = document.tables[0].rows[0].cells
    assert "ỦY BAN NHÂN DÂN HUYỆN LÝ SƠN" in header[0].text and "Số: 15/BC-UBND" in header[0].text
    assert "Lý Sơn, ngày 05 tháng 3 năm 2024" in header[1].text
    closing = document.tables[1].rows[0].cells
    assert "- Như trên;" in closing[0].text and "- Lưu: VT." in closing[0].text
    assert "Phạm Thị Hương" in closing[1].text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert document.styles["Body Text"].font.name == "Times New Roman"
    assert document.core_properties.title.startswith("Báo cáo: Tổng kết 10 năm")

    text = pdf_text(to_pdf(path))
    info = subprocess.run(["pdfinfo", str(path.with_suffix(".pdf"))], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    positions = [flat.find(f"Nội dung phần số {n}, mục {label} — đoạn một") for n, (_, label, _) in enumerate(sections, start=1)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), "answers in outline order in the PDF"
    assert "Đoạn hai: số liệu đạt 95%." in flat
    assert page.errors == []


def test_empty_sections_warn_on_export_but_never_block(page, tmp_path):
    answer_box(page, "muc-iii-3").fill("Bài học: phát huy vai trò người đứng đầu.")
    path = export(page, "Tải về Word (.docx)", tmp_path)
    message = page.locator("#tdkt-draft-message").inner_text()
    assert "Còn 25 mục chưa viết" in message
    document = Document(str(path))
    body = [(p.style.name, p.text) for p in document.paragraphs]
    at = body.index(("Heading 2", "3. Bài học kinh nghiệm."))
    assert body[at + 1] == ("Body Text", "Bài học: phát huy vai trò người đứng đầu.")
    # An unanswered section keeps its dotted line to fill in Word.
    at = body.index(("Heading 1", "IV. KIẾN NGHỊ, ĐỀ XUẤT"))
    assert body[at + 1][1].strip() == ""  # the dotted line is a tab leader


def test_a_section_marked_empty_and_an_added_section_export_in_place(page, tmp_path):
    page.locator('input[data-none="muc-ii-3-d"]').check()
    page.locator('.tdkt-draft-section[data-anchor="muc-ii-3-e"]').get_by_role("button", name="Thêm một mục cùng cấp").click()
    extra = page.locator("fieldset.tdkt-draft-extra")
    extra.get_by_label("Số mục").fill("g)")
    extra.get_by_label("Tên mục").fill("Khen thưởng đột xuất")
    extra.get_by_label("Nội dung mục thêm").fill("Đã khen thưởng đột xuất 12 tập thể.")
    page.locator('.tdkt-draft-section[data-anchor="muc-ii"]').get_by_role("button", name="Thêm một mục cùng cấp").click()
    second = page.locator("fieldset.tdkt-draft-extra").nth(1)
    second.get_by_label("Số mục").fill("III.")
    second.get_by_label("Tên mục").fill("KẾT QUẢ KHÁC")
    page.wait_for_timeout(400)
    page.reload()
    assert page.locator("fieldset.tdkt-draft-extra").count() == 2
    path = export(page, "Tải về Word (.docx)", tmp_path)
    body = [(p.style.name, p.text) for p in Document(str(path)).paragraphs]
    texts = [text for _, text in body]
    d = texts.index("d) Việc khen thưởng cho các tập thể, cá nhân người nước ngoài có đóng góp trong công cuộc xây dựng, phát triển kinh tế - xã hội, an ninh quốc phòng của Việt Nam và có thành tích trong việc củng cố, phát triển mối quan hệ hữu nghị, hợp tác giữa Việt Nam với các nước, các tổ chức quốc tế.")
    assert body[d + 1] == ("Body Text", "Không có nội dung.")
    g = texts.index("g) Khen thưởng đột xuất")
    assert body[g][0] == body[d][0] == "Heading 3"  # formatted like the section it follows
    assert body[g + 1] == ("Body Text", "Đã khen thưởng đột xuất 12 tập thể.")
    other = texts.index("III. KẾT QUẢ KHÁC")
    assert body[other][0] == "Heading 1"
    # After II's whole subtree (its last item "4." and the added g) which sits under 3.), before III.
    assert texts.index("4. Việc kiện toàn bộ máy làm công tác thi đua, khen thưởng các cấp.") < other < texts.index("III. ĐÁNH GIÁ CHUNG")
    assert g < texts.index("4. Việc kiện toàn bộ máy làm công tác thi đua, khen thưởng các cấp.")


def test_typed_markup_is_text_and_never_runs(page, tmp_path):
    payload = '<img src=x onerror="window.__ran=1"><script>window.__ran=2</script> & “ngoặc kép” '
    decomposed = "Thi đua".replace("đ", "đ") + " kho\u0302ng"  # "không" typed with a combining circumflex
    answer_box(page, "muc-i").fill(payload + "\n" + decomposed)
    page.get_by_label("Số mục", exact=True).count()  # no added section: nothing to fill
    page.locator('.tdkt-draft-section[data-anchor="muc-i"]').get_by_role("button", name="Thêm một mục cùng cấp").click()
    page.locator("fieldset.tdkt-draft-extra").get_by_label("Tên mục").fill("<b>đậm</b>")
    page.wait_for_timeout(400)
    page.reload()
    assert page.evaluate("window.__ran") is None
    assert page.locator("fieldset.tdkt-draft-extra").get_by_label("Tên mục").input_value() == "<b>đậm</b>"
    docx = export(page, "Tải về Word (.docx)", tmp_path)
    markdown = export(page, "Tải về Markdown (.md)", tmp_path)
    assert page.evaluate("window.__ran") is None
    texts = [p.text for p in Document(str(docx)).paragraphs]
    assert payload.strip() in texts
    assert "Thi đua không" in texts  # NFC: one code point for "ô"
    assert "<b>đậm</b>" in texts
    md = markdown.read_text(encoding="utf-8")
    assert "\\<img src=x onerror=\"window.\\_\\_ran=1\"\\>" in md
    assert not re.search(r"(?<!\\)<", md), "every < escaped"
    assert "Thi đua không" in md


def test_markdown_export_has_the_heading_block_and_sections(page, tmp_path):
    answer_box(page, "muc-ii-1-a").fill("Quán triệt đầy đủ.")
    page.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("UBND HUYỆN LÝ SƠN")
    path = export(page, "Tải về Markdown (.md)", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("**UBND HUYỆN LÝ SƠN**")
    assert "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**" in text and "Kính gửi: Sở Nội vụ." in text
    assert "#### a) Công tác quán triệt" in text
    after = text.split("#### a) Công tác quán triệt", 1)[1]
    assert after.split("\n\n")[1] == "Quán triệt đầy đủ."


def test_a_damaged_saved_draft_is_reported_and_kept(page):
    page.evaluate(f"localStorage.setItem('tdkt-draft:{OUTLINE}', '{{\"format\": \"tdkt-draft\", \"version\": 1, \"sections\": ')")
    page.reload()
    expect(page.locator("#tdkt-draft-message")).to_contain_text("Bản nháp lưu trên máy này bị hỏng")
    assert page.evaluate(f"localStorage.getItem('tdkt-draft-hong:{OUTLINE}')").startswith('{"format"')
    answer_box(page, "muc-i").fill("Bắt đầu lại.")
    page.wait_for_timeout(400)
    page.reload()
    assert answer_box(page, "muc-i").input_value() == "Bắt đầu lại."
    assert page.evaluate(f"localStorage.getItem('tdkt-draft-hong:{OUTLINE}')").startswith('{"format"')
    assert page.errors == []


def test_a_draft_saved_to_a_file_opens_on_another_device(offline_browser, site_server, page, tmp_path):
    answer_box(page, "muc-i").fill("Đặc điểm: huyện đảo.")
    page.get_by_label("Họ và tên người ký").fill("Phạm Thị Hương")
    saved = export(page, "Lưu bản nháp ra tệp", tmp_path)
    draft = json.loads(saved.read_text(encoding="utf-8"))
    assert draft["outline"] == OUTLINE and draft["sections"]["muc-i"]["text"] == "Đặc điểm: huyện đảo."
    other = offline_browser.new_context()
    elsewhere = other.new_page()
    elsewhere.goto(f"{site_server}/{PAGE}")
    elsewhere.locator("input[data-action=open-file]").set_input_files(str(saved))
    expect(elsewhere.locator("#tdkt-draft-message")).to_contain_text("Đã mở bản nháp")
    assert elsewhere.locator('textarea[name="muc-i"]').input_value() == "Đặc điểm: huyện đảo."
    assert elsewhere.get_by_label("Họ và tên người ký").input_value() == "Phạm Thị Hương"
    other.close()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bao-cao.docx", b"PK\x03\x04 not json", "tệp Word bị hỏng"),
        ("ghi-chu.txt", "Chỉ là ghi chú.".encode(), "không phải tệp bản nháp của cổng"),
        ("khac.json", json.dumps({"format": "tdkt-draft", "version": 1, "outline": "de-cuong-khac", "outlineTitle": "Đề cương khác", "sections": {}}).encode(), "bản nháp theo một đề cương khác (“Đề cương khác”)"),
        ("cu.json", json.dumps({"format": "tdkt-draft", "version": 9, "outline": OUTLINE}).encode(), "bản nháp dạng 9 chưa được hỗ trợ"),
        ("sai.json", json.dumps({"format": "tdkt-draft", "version": 1, "outline": OUTLINE, "sections": {"muc-i": {"text": 5}}}).encode(), "thiếu hoặc sai dữ liệu"),
    ],
)
def test_a_wrong_file_is_refused_and_the_draft_kept(page, tmp_path, name, content, expected):
    answer_box(page, "muc-i").fill("Bản đang viết.")
    file = tmp_path / name
    file.write_bytes(content)
    page.locator("input[data-action=open-file]").set_input_files(str(file))
    expect(page.locator("#tdkt-draft-message")).to_contain_text(expected)
    expect(page.locator("#tdkt-draft-message")).to_contain_text("Bản nháp đang có được giữ nguyên.")
    assert answer_box(page, "muc-i").input_value() == "Bản đang viết."


def test_an_outline_changed_under_a_draft_keeps_every_answer(page, tmp_path):
    """A section that no longer exists (renamed, removed) keeps its answer at the end of the page and the file."""
    draft = {
        "format": "tdkt-draft", "version": 1, "outline": OUTLINE, "fields": {},
        "sections": {
            "muc-i": {"label": "I.", "title": "KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "text": "Còn mục này."},
            "muc-v": {"label": "V.", "title": "KIẾN NGHỊ CŨ", "text": "Mục này đã bị bỏ khỏi đề cương."},
        },
        "added": [{"after": "muc-ii-9", "label": "9.", "title": "Mục thêm sau mục đã bỏ", "text": "Vẫn giữ."}],
    }
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"tdkt-draft:{OUTLINE}", json.dumps(draft)])
    page.reload()
    assert answer_box(page, "muc-i").input_value() == "Còn mục này."
    orphans = page.locator(".tdkt-draft-orphans")
    assert orphans.is_visible()
    assert "V. KIẾN NGHỊ CŨ" in orphans.inner_text() and "9. Mục thêm sau mục đã bỏ" in orphans.inner_text()
    assert "Đề cương đã thay đổi" in page.locator("#tdkt-draft-message").inner_text()
    texts = [p.text for p in Document(str(export(page, "Tải về Word (.docx)", tmp_path))).paragraphs]
    assert texts.index("V. KIẾN NGHỊ CŨ") > texts.index("IV. KIẾN NGHỊ, ĐỀ XUẤT")
    assert "Mục này đã bị bỏ khỏi đề cương." in texts and "Vẫn giữ." in texts


def test_clearing_asks_first(page):
    answer_box(page, "muc-i").fill("Sẽ xóa.")
    page.get_by_role("button", name="Xóa bản nháp").first.click()
    assert answer_box(page, "muc-i").input_value() == "Sẽ xóa."  # nothing happens before the confirmation
    page.locator(".tdkt-draft-confirm").get_by_role("button", name="Không xóa").click()
    assert answer_box(page, "muc-i").input_value() == "Sẽ xóa."
    page.get_by_role("button", name="Xóa bản nháp").first.click()
    page.locator(".tdkt-draft-confirm").get_by_role("button", name="Xóa bản nháp").click()
    assert answer_box(page, "muc-i").input_value() == ""
    page.reload()
    assert answer_box(page, "muc-i").input_value() == ""


def test_export_works_offline_once_writing_has_started(page, tmp_path):
    answer_box(page, "muc-i").fill("Viết khi còn mạng.")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    answer_box(page, "muc-ii").fill("Viết khi mất mạng.")
    path = export(page, "Tải về Word (.docx)", tmp_path)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "Viết khi còn mạng." in texts and "Viết khi mất mạng." in texts


def test_keyboard_alone_writes_and_exports_on_a_phone(offline_browser, site_server, tmp_path):
    context = offline_browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_server}/{PAGE}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.locator('textarea[name="muc-i"]').focus()
    page.keyboard.type("Gõ bằng bàn phím.")
    page.keyboard.press("Tab")  # to "Không có nội dung"
    assert page.evaluate("document.activeElement.dataset.none") == "muc-i"
    export_button = page.get_by_role("button", name="Tải về Word (.docx)")
    export_button.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    info.value.save_as(tmp_path / "phone.docx")
    assert "Gõ bằng bàn phím." in [p.text for p in Document(str(tmp_path / "phone.docx")).paragraphs]
    context.close()


def test_page_weight_before_export_is_within_budget(offline_browser, site_server):
    """≤ 150 KB gzip as loaded (CSS, JS, HTML), and the zip library not loaded until writing starts."""
    import gzip
    import urllib.request

    context = offline_browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(f"{site_server}/{PAGE}", wait_until="networkidle")
    context.close()
    assert not any("vendor/fflate" in url or url.endswith(".docx") for url in urls)
    total = sum(len(gzip.compress(urllib.request.urlopen(url).read())) for url in urls)
    assert total <= 150 * 1024, f"{total / 1024:.0f} KB"


def test_vendored_zip_library_matches_its_recorded_hash():
    import hashlib

    folder = ROOT / "docs/assets/vendor/fflate"
    recorded = (folder / "SHA256SUMS").read_text().split()
    assert recorded[1] == "browser.js"
    assert hashlib.sha256((folder / "browser.js").read_bytes()).hexdigest() == recorded[0]
    assert (folder / "LICENSE").read_text().startswith("MIT License")


def test_blank_template_has_a_named_slot_per_section_in_order():
    """The contract between the Python writer and the browser: _tdkt_m<n> on the n-th section heading."""
    from docx.oxml.ns import qn

    from tdkt.content.catalog import load_catalog
    from tdkt.forms.docx_writer import FIELD_SLOTS, write_docx
    from tdkt.forms.plan import plan_form

    record = load_catalog(ROOT).get("de-cuong", OUTLINE)
    import io

    document = Document(io.BytesIO(write_docx(plan_form(OUTLINE, record.entry, "ban-trang"))))
    marks = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        for mark in paragraph.iter(qn("w:bookmarkStart")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            marks[mark.get(qn("w:name"))] = text
    sections = outline_sections()
    for n, (_, label, title) in enumerate(sections, start=1):
        assert marks[f"_tdkt_m{n}"] == f"{label} {title}".strip()
    assert {f"_tdkt_{name}" for name in FIELD_SLOTS} <= set(marks)
    assert marks["_tdkt_kinh_gui"] == "Kính gửi: Sở Nội vụ."


def test_draft_plan_offers_the_reports_on_the_same_directives():
    from tdkt.content.catalog import load_catalog
    from tdkt.render.drafting import plan_draft

    catalog = load_catalog(ROOT)
    school = plan_draft(catalog, catalog.get("de-cuong", "ket-qua-05-nam-chi-thi-34-ct-tw-truong-hoc"))
    # The Lý Sơn report follows another outline but implements the same Chỉ thị 34-CT/TW.
    assert [r.id for r in school.reports] == ["ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"]
    draft = plan_draft(catalog, catalog.get("de-cuong", OUTLINE))
    by_anchor = {s.anchor: s for s in draft.sections}
    assert [p.address for p in by_anchor["muc-ii-3-e"].precedents] == ["II > 3 > c"]  # renumbered in the report
    assert by_anchor["muc-ii-2-c"].asks_for_models and not by_anchor["muc-i"].asks_for_models
    assert {m.id for m in draft.models} >= {"nuoi-heo-dat-gui-yeu-thuong"}
    assert draft.recipient == "Sở Nội vụ." and [s.slot for s in draft.sections] == list(range(1, 27))


def test_an_exported_report_imports_back_as_a_report_of_its_outline(page, tmp_path):
    """The loop a clerk and an editor close: written here, exported, then `tdkt import`ed as a sample report."""
    from tdkt.content.catalog import load_catalog
    from tdkt.importing.command import read_lines
    from tdkt.importing.record import suggest_outline
    from tdkt.importing.structure import read_structure

    fill_fields(page, {
        **LY_SON,
        "Cơ quan, tổ chức chủ quản (nếu có)": "UBND TỈNH QUẢNG NGÃI",
        "Quyền hạn ký (nếu có)": "TM. ỦY BAN NHÂN DÂN",
        "Chức vụ người ký": "CHỦ TỊCH",
        "Nơi nhận (mỗi dòng một nơi)": "Sở Nội vụ;\nLưu: VT.",
    })
    answer_box(page, "muc-i").fill("Huyện đảo có 06 thôn.")
    answer_box(page, "muc-ii-3-a").fill("Người đứng đầu trực tiếp phát động thi đua.")
    result = read_structure(read_lines(export(page, "Tải về Word (.docx)", tmp_path)), "export")
    assert (result.number, result.place, result.date) == ("15/BC-UBND", "Lý Sơn", "2024-03-05")
    assert result.agency[-1] == "ỦY BAN NHÂN DÂN HUYỆN LÝ SƠN"
    assert result.signer == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "note": "(Chữ ký, dấu)", "name": "Phạm Thị Hương"}
    assert result.recipients == ["Sở Nội vụ;", "Lưu: VT."]
    sections = {f"{s.label} {s.title}": s for _, s in result.walk()}
    assert len(sections) == 26
    assert sections["I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH"].content == [("text", "Huyện đảo có 06 thôn.")]
    assert suggest_outline(load_catalog(ROOT), result, [])[0] == OUTLINE
