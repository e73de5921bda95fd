"""Writing a report together on the drafting page, in a real Chromium: tabs of one draft, blanks as
fields, sections shared out to units and merged back, the synthesis of the units' reports, Word
and back, and the draft's old losses (each fixed here with a test).

The outline of Lạng Sơn has the blanks ("đạt….%; … tăng (giảm).......%" in III.3.3); exported files
are opened with python-docx and LibreOffice.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import ROOT
from test_drafting import OUTLINE as BIG, answer_box, export, to_pdf
from test_forms import pdf_text

LS = "so-ket-05-nam-chi-thi-34-ct-tw-lang-son"
BLANK_SECTION = "muc-iii-3-3-3"
RATE = "Tỷ lệ khen thưởng đối với người lao động năm 2018 đạt (%)"
CHANGE = "So sánh với năm 2014 tăng (giảm) (%)"


class Device:
    """A browser context (a device: its own storage) with pages of the drafting site."""

    def __init__(self, browser, server: str, **options) -> None:
        self.server = server
        self.context = browser.new_context(accept_downloads=True, **options)
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def open(self, outline: str = LS):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: self.foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1" else None)
        page.goto(f"{self.server}/soan-bao-cao/{outline}/")
        return page

    def close(self) -> None:
        self.context.close()
        assert self.foreign == [], "nothing leaves the site"
        assert self.errors == []


@pytest.fixture
def device(offline_browser, site_server):
    made: list[Device] = []

    def make(**options) -> Device:
        made.append(Device(offline_browser, site_server, **options))
        return made[-1]

    yield make
    for d in made:
        d.close()


def saved(page) -> None:
    page.wait_for_timeout(400)  # saved 250 ms after the last keystroke


def message(page):
    return page.locator("#tdkt-draft-message")


def open_file(page, path: Path, input_selector: str = "input[data-action=open-file]") -> None:
    page.locator(input_selector).set_input_files(str(path))


def body(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


# -- nothing lost between tabs ----------------------------------------------------------------------


def test_two_tabs_writing_different_sections_keep_both_answers(device):
    d = device()
    first, second = d.open(BIG), d.open(BIG)
    answer_box(first, "muc-i").fill("Viết ở thẻ thứ nhất.")
    saved(first)
    answer_box(second, "muc-ii").fill("Viết ở thẻ thứ hai.")
    saved(second)
    # The first tab follows the second without a reload, and its next save keeps both.
    expect(answer_box(first, "muc-ii")).to_have_value("Viết ở thẻ thứ hai.")
    answer_box(first, "muc-iii").fill("Lại ở thẻ thứ nhất.")
    saved(first)
    third = d.open(BIG)
    assert answer_box(third, "muc-i").input_value() == "Viết ở thẻ thứ nhất."
    assert answer_box(third, "muc-ii").input_value() == "Viết ở thẻ thứ hai."
    assert answer_box(third, "muc-iii").input_value() == "Lại ở thẻ thứ nhất."


def test_the_same_section_written_in_two_tabs_keeps_the_other_version_to_choose(device):
    d = device()
    first, second = d.open(BIG), d.open(BIG)
    # The second tab misses the first tab's save (as a tab asleep in the background would).
    second.evaluate("window.tdktDrafting.followOtherTab = () => {}")
    answer_box(first, "muc-i").fill("Bản của thẻ một.")
    saved(first)
    answer_box(second, "muc-i").fill("Bản của thẻ hai.")
    saved(second)
    assert answer_box(second, "muc-i").input_value() == "Bản của thẻ hai."
    conflict = second.locator('.tdkt-draft-section[data-anchor="muc-i"] .tdkt-draft-conflict')
    expect(conflict).to_contain_text("một thẻ khác")
    expect(conflict).to_contain_text("Bản của thẻ một.")
    expect(message(second)).to_contain_text("vừa được sửa ở một thẻ khác")
    conflict.get_by_role("button", name="Gộp bản của một thẻ khác vào ô viết").click()
    assert answer_box(second, "muc-i").input_value() == "Bản của thẻ hai.\nBản của thẻ một."
    saved(second)
    assert answer_box(d.open(BIG), "muc-i").input_value() == "Bản của thẻ hai.\nBản của thẻ một."


def test_clearing_in_one_tab_is_said_in_the_other_which_keeps_its_text(device):
    d = device()
    first, second = d.open(BIG), d.open(BIG)
    answer_box(first, "muc-i").fill("Viết ở thẻ một.")
    saved(first)
    expect(answer_box(second, "muc-i")).to_have_value("Viết ở thẻ một.")
    first.get_by_role("button", name="Xóa bản nháp").click()
    first.get_by_role("dialog").get_by_role("button", name="Xóa bản nháp").click()
    expect(message(second)).to_contain_text("Bản nháp vừa được xóa ở một thẻ khác")
    assert answer_box(second, "muc-i").input_value() == "Viết ở thẻ một."


# -- the draft as it was: each loss fixed ------------------------------------------------------------


def test_opening_a_file_asks_first_keeps_a_copy_and_undoes(device, tmp_path):
    d = device()
    page = d.open(BIG)
    answer_box(page, "muc-i").fill("Bản đang viết.")
    file = tmp_path / "khac.json"
    file.write_text(json.dumps({"format": "tdkt-draft", "version": 1, "outline": BIG, "sections": {"muc-ii": {"label": "II.", "title": "KẾT QUẢ 10 NĂM TRIỂN KHAI THỰC HIỆN", "text": "Từ tệp."}}}), encoding="utf-8")
    open_file(page, file)
    dialog = page.get_by_role("dialog", name="Mở bản nháp từ tệp?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Không mở")).to_be_focused()
    dialog.get_by_role("button", name="Không mở").click()
    assert answer_box(page, "muc-i").input_value() == "Bản đang viết."
    open_file(page, file)
    page.get_by_role("dialog").get_by_role("button", name="Mở tệp").click()
    expect(message(page)).to_contain_text("Đã mở bản nháp từ tệp “khac.json”")
    assert answer_box(page, "muc-i").input_value() == ""
    assert answer_box(page, "muc-ii").input_value() == "Từ tệp."
    message(page).get_by_role("button", name="Hoàn tác").click()
    assert answer_box(page, "muc-i").input_value() == "Bản đang viết."
    assert answer_box(page, "muc-ii").input_value() == ""
    saved(page)
    page.reload()
    assert answer_box(page, "muc-i").input_value() == "Bản đang viết."


def test_a_file_of_the_wrong_shape_changes_nothing(device, tmp_path):
    d = device()
    page = d.open(BIG)
    answer_box(page, "muc-i").fill("Bản đang viết.")
    saved(page)
    before = page.evaluate(f"localStorage.getItem('tdkt-draft:{BIG}')")
    file = tmp_path / "hong.json"
    file.write_text(json.dumps({"format": "tdkt-draft", "version": 1, "outline": BIG, "fields": {"co_quan": "UBND X"},
                                "sections": {"muc-ii": {"label": 5, "title": "KẾT QUẢ", "text": "Nửa chừng."}}}), encoding="utf-8")
    open_file(page, file)
    expect(message(page)).to_contain_text("Tệp “hong.json” không mở được: thiếu hoặc sai dữ liệu (số mục muc-ii không phải chữ)")
    expect(message(page)).to_contain_text("Bản nháp đang có được giữ nguyên.")
    assert page.get_by_label("Tên cơ quan, tổ chức báo cáo").input_value() == ""
    assert answer_box(page, "muc-ii").input_value() == ""
    answer_box(page, "muc-iii").fill("Gõ tiếp.")
    saved(page)
    stored = json.loads(page.evaluate(f"localStorage.getItem('tdkt-draft:{BIG}')"))
    assert stored["sections"]["muc-i"]["text"] == "Bản đang viết." and "muc-ii" not in stored["sections"]
    assert json.loads(before)["sections"]["muc-i"] == stored["sections"]["muc-i"]


def test_storage_full_notice_stays_after_opening_a_file(device, tmp_path):
    d = device()
    page = d.open(BIG)
    page.evaluate("() => { Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; }")
    answer_box(page, "muc-i").fill("Không lưu được.")
    saved(page)
    notice = page.locator("#tdkt-draft-storage")
    expect(notice).to_contain_text("Không lưu được bản nháp trên máy")
    file = tmp_path / "ban.json"
    file.write_text(json.dumps({"format": "tdkt-draft", "version": 2, "outline": BIG, "sections": {}}), encoding="utf-8")
    open_file(page, file)
    page.get_by_role("dialog").get_by_role("button", name="Mở tệp").click()
    expect(message(page)).to_contain_text("Đã mở bản nháp")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("bộ nhớ trình duyệt đầy")


def test_an_answer_whose_section_changed_is_shown_apart_with_its_old_label_and_title(device, tmp_path):
    d = device()
    page = d.open(BIG)
    draft = {"format": "tdkt-draft", "version": 2, "outline": BIG, "sections": {
        # The outline was renumbered: II.1 now has another title; the old "II.1" answer must not move in.
        "muc-ii-1": {"label": "1.", "title": "Công tác tuyên truyền (mục cũ)", "text": "Nội dung của mục cũ."},
        "muc-i": {"label": "I.", "title": "KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "text": "Vẫn đúng chỗ."},
    }}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"tdkt-draft:{BIG}", json.dumps(draft)])
    page.reload()
    assert answer_box(page, "muc-ii-1").input_value() == ""
    assert answer_box(page, "muc-i").input_value() == "Vẫn đúng chỗ."
    orphans = page.locator(".tdkt-draft-orphans")
    expect(orphans).to_be_visible()
    text = orphans.inner_text()
    assert "1. Công tác tuyên truyền (mục cũ)" in text and "trong đề cương hiện nay, số mục này là" in text
    assert orphans.get_by_label("Nội dung").input_value() == "Nội dung của mục cũ."
    expect(message(page)).to_contain_text("Đề cương đã thay đổi")


def test_export_fixes_hidden_text_breaks_signer_title_and_number(device, tmp_path):
    d = device()
    page = d.open(LS)
    answer_box(page, "muc-i").fill("Đã gõ rồi mới đánh dấu.")
    page.locator('input[data-none="muc-i"]').check()
    page.evaluate("""() => { const box = document.querySelector('textarea[name="muc-ii-1"]');
        box.value = 'Dòng một\\u000Bdòng hai\\u000Ctrang sau'; box.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.get_by_label("Số, ký hiệu của báo cáo").fill("Số: 15/BC-UBND")
    assert page.get_by_label("Chức vụ người ký").input_value() == "Thủ trưởng đơn vị"
    docx = export(page, "Tải về Word (.docx)", tmp_path)
    markdown = export(page, "Tải về Markdown (.md)", tmp_path).read_text(encoding="utf-8")
    paragraphs = body(docx)
    at = paragraphs.index(("Heading 1", "I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH"))
    assert paragraphs[at + 1] == ("Body Text", "Không có nội dung.")
    assert not any("Đã gõ rồi" in text for _, text in paragraphs) and "Đã gõ rồi" not in markdown
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "<w:t xml:space=\"preserve\">Dòng một</w:t><w:br/><w:t xml:space=\"preserve\">dòng hai</w:t><w:br w:type=\"page\"/>" in xml
    assert "Dòng một  \ndòng hai\n\ntrang sau" in markdown
    document = Document(str(docx))
    header, closing = document.tables[0].rows[0].cells, document.tables[1].rows[0].cells
    assert "Số: 15/BC-UBND" in header[0].text and "Số: Số:" not in header[0].text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in closing[1].text
    assert "Số: 15/BC-UBND" in markdown and "**THỦ TRƯỞNG ĐƠN VỊ**" in markdown


def test_the_clear_confirmation_is_a_dialog_that_takes_and_gives_back_focus(device):
    d = device()
    page = d.open(BIG)
    answer_box(page, "muc-i").fill("Sẽ xóa.")
    opener = page.get_by_role("button", name="Xóa bản nháp")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Xóa bản nháp?")
    expect(dialog).to_be_visible()
    assert "Xóa toàn bộ bản nháp" in page.evaluate("document.getElementById(document.activeElement.closest('dialog').getAttribute('aria-describedby')).textContent")
    expect(dialog.get_by_role("button", name="Không xóa")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    opener.click()
    page.get_by_role("dialog").get_by_role("button", name="Xóa bản nháp").click()
    expect(opener).to_be_focused()
    assert answer_box(page, "muc-i").input_value() == ""
    message(page).get_by_role("button", name="Hoàn tác").click()
    assert answer_box(page, "muc-i").input_value() == "Sẽ xóa."


# -- blanks as fields -------------------------------------------------------------------------------


def test_blanks_are_labelled_numeric_fields_counted_and_exported_in_place(device, tmp_path):
    d = device()
    page = d.open(LS)
    rate = page.get_by_role("textbox", name=RATE)
    change = page.get_by_role("textbox", name=CHANGE)
    assert rate.get_attribute("inputmode") == change.get_attribute("inputmode") == "decimal"
    # In place of the dots, inside the line of guidance.
    line = page.locator(f'.tdkt-draft-section[data-anchor="{BLANK_SECTION}"] li', has=rate)
    assert line.inner_text().startswith("Tỷ lệ khen thưởng đối với người lao động năm 2018 đạt")
    assert page.locator("#tdkt-draft-progress").inner_text() == "Đã viết 0/19 mục, điền 0/2 chỗ trống"
    rate.fill("12,5")
    assert page.locator("#tdkt-draft-progress").inner_text() == "Đã viết 0/19 mục, điền 1/2 chỗ trống"
    change.fill("nhiều")
    change.blur()
    expect(message(page)).to_contain_text("không phải là số")
    change.fill("")
    saved(page)
    page.reload()
    assert page.get_by_role("textbox", name=RATE).input_value() == "12,5"
    docx = export(page, "Tải về Word (.docx)", tmp_path)
    filled = "- Tỷ lệ khen thưởng đối với người lao động năm 2018 đạt 12,5%; so sánh với năm 2014 tăng (giảm).......%"
    assert ("Body Text", filled) in body(docx), "the value where the dots were, the dots kept where empty"
    assert "12,5%; so sánh với năm 2014 tăng (giảm).......%" in " ".join(pdf_text(to_pdf(docx)).split())
    markdown = export(page, "Tải về Markdown (.md)", tmp_path).read_text(encoding="utf-8")
    assert filled in markdown
    # Answered, the section keeps its line of blanks after the answer.
    answer_box(page, BLANK_SECTION).fill("Đã khen thưởng kịp thời.")
    texts = [text for _, text in body(export(page, "Tải về Word (.docx)", tmp_path))]
    heading = texts.index("3.3. Kết quả công tác khen thưởng")
    assert texts[heading + 1 : heading + 3] == ["Đã khen thưởng kịp thời.", filled]


def test_the_blank_template_marks_each_blank_where_the_page_numbers_it():
    from docx.oxml.ns import qn

    from tdkt.content.catalog import load_catalog
    from tdkt.render.drafting import plan_draft
    from tdkt.forms.docx_writer import write_docx
    from tdkt.forms.plan import plan_form

    catalog = load_catalog(ROOT)
    record = catalog.get("de-cuong", LS)
    section = next(s for s in plan_draft(catalog, record).sections if s.anchor == BLANK_SECTION)
    assert [(b.index, b.kind, b.dots) for b in section.blanks] == [(1, "percent", "…."), (2, "percent", ".......")]
    for variant in ("ban-trang", "huong-dan"):
        document = Document(io.BytesIO(write_docx(plan_form(LS, record.entry, variant))))
        marks = {}
        for mark in document.element.body.iter(qn("w:bookmarkStart")):
            run = mark.getnext()
            marks[mark.get(qn("w:name"))] = "".join(t.text for t in run.iter(qn("w:t")))
        assert marks[f"_tdkt_m{section.slot}_b1"] == "…." and marks[f"_tdkt_m{section.slot}_b2"] == "......."
        assert document.core_properties.identifier == f"tdkt-de-cuong:{LS}"


# -- share out and merge back -----------------------------------------------------------------------


def share(page, unit: str, labels: list[str], folder: Path) -> Path:
    region = page.locator("#tdkt-draft-share")
    if not region.is_visible():
        page.get_by_role("button", name="Giao mục cho đơn vị").click()
    region.get_by_label("Tên đơn vị được giao").fill(unit)
    for box in region.locator("input[type=checkbox]").all():
        box.uncheck()
    for label in labels:
        region.get_by_label(label, exact=True).check()
    with page.expect_download() as info:
        region.get_by_role("button", name="Lưu tệp giao cho đơn vị").click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def unit_writes(device, shared: Path, answers: dict[str, str], folder: Path, blanks: dict[str, str] | None = None) -> Path:
    """A unit, on its own device: opens the file, writes, saves the file to send back."""
    unit = device()
    page = unit.open(LS)
    open_file(page, shared)
    expect(message(page)).to_contain_text("Đã mở bản nháp")
    expect(page.locator(".tdkt-draft-assignment")).to_contain_text("Bản giao cho")
    for anchor, text in answers.items():
        answer_box(page, anchor).fill(text)
    for name, value in (blanks or {}).items():
        page.get_by_role("textbox", name=name).fill(value)
    back = export(page, "Lưu bản nháp ra tệp", folder)
    target = folder / f"{shared.stem}-tra-ve.json"
    back.rename(target)
    return target


def test_sections_shared_out_to_two_units_merge_back_with_the_conflict_resolved_both_ways(device, tmp_path):
    clerk = device().open(LS)
    clerk.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("UBND HUYỆN BẮC SƠN")
    to_a = share(clerk, "Phòng Nội vụ", ["I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "IV. ĐÁNH GIÁ CHUNG:"], tmp_path)
    to_b = share(clerk, "Phòng Giáo dục", ["I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP TRONG THỜI GIAN TỚI"], tmp_path)
    shared = json.loads(to_a.read_text(encoding="utf-8"))
    assert shared["assignment"]["unit"] == "Phòng Nội vụ"
    assert shared["assignment"]["sections"] == ["muc-i", "muc-iv", "muc-iv-1", "muc-iv-2", "muc-iv-3", "muc-iv-4"]
    back_a = unit_writes(device, to_a, {"muc-i": "Đặc điểm theo Phòng Nội vụ.", "muc-iv-2": "Hạn chế về nhân lực."}, tmp_path)
    back_b = unit_writes(device, to_b, {"muc-i": "Đặc điểm theo Phòng Giáo dục.", "muc-v": "Tiếp tục đổi mới."}, tmp_path)

    clerk.locator("input[data-role=merge-files]").set_input_files([str(back_a), str(back_b)])
    expect(message(clerk)).to_contain_text("Đã gộp 2 tệp")
    assert answer_box(clerk, "muc-iv-2").input_value() == "Hạn chế về nhân lực."  # one source: in place
    assert answer_box(clerk, "muc-v").input_value() == "Tiếp tục đổi mới."
    assert answer_box(clerk, "muc-i").input_value() == ""
    conflict = clerk.locator('.tdkt-draft-section[data-anchor="muc-i"] .tdkt-draft-conflict')
    assert [c.inner_text() for c in conflict.locator("figcaption").all()] == ["Phòng Nội vụ", "Phòng Giáo dục"]
    # Resolved one way: keep one unit's text.
    conflict.get_by_role("button", name="Giữ bản của Phòng Giáo dục").click()
    assert answer_box(clerk, "muc-i").input_value() == "Đặc điểm theo Phòng Giáo dục."
    assert conflict.count() == 0
    # Undo the whole merge, merge again, and resolve the other way: combine both.
    clerk.locator("input[data-role=merge-files]").set_input_files([str(back_a), str(back_b)])
    message(clerk).get_by_role("button", name="Hoàn tác").click()
    assert answer_box(clerk, "muc-i").input_value() == "Đặc điểm theo Phòng Giáo dục."
    answer_box(clerk, "muc-i").fill("")
    clerk.locator("input[data-role=merge-files]").set_input_files([str(back_a), str(back_b)])
    conflict = clerk.locator('.tdkt-draft-section[data-anchor="muc-i"] .tdkt-draft-conflict')
    conflict.get_by_role("button", name="Gộp bản của Phòng Nội vụ vào ô viết").click()
    conflict.get_by_role("button", name="Gộp bản của Phòng Giáo dục vào ô viết").click()
    assert answer_box(clerk, "muc-i").input_value() == "Đặc điểm theo Phòng Nội vụ.\nĐặc điểm theo Phòng Giáo dục."
    saved(clerk)
    clerk.reload()
    assert answer_box(clerk, "muc-i").input_value() == "Đặc điểm theo Phòng Nội vụ.\nĐặc điểm theo Phòng Giáo dục."
    assert clerk.locator(".tdkt-draft-conflict").count() == 0


def test_an_unresolved_conflict_survives_a_reload_and_a_dropped_version_is_gone(device, tmp_path):
    page = device().open(LS)
    answer_box(page, "muc-i").fill("Bản của huyện.")
    unit = tmp_path / "xa.json"
    unit.write_text(json.dumps({"format": "tdkt-draft", "version": 2, "outline": LS, "fields": {"co_quan": "UBND XÃ HƯNG VŨ"},
                                "sections": {"muc-i": {"label": "I.", "title": "KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "text": "Bản của xã."}}}), encoding="utf-8")
    page.get_by_role("button", name="Giao mục cho đơn vị").click()
    page.locator("input[data-role=merge-files]").set_input_files(str(unit))
    saved(page)
    page.reload()
    conflict = page.locator(".tdkt-draft-conflict")
    expect(conflict).to_contain_text("UBND XÃ HƯNG VŨ")
    conflict.get_by_role("button", name="Bỏ bản của UBND XÃ HƯNG VŨ").click()
    assert answer_box(page, "muc-i").input_value() == "Bản của huyện."
    assert page.locator(".tdkt-draft-conflict").count() == 0


# -- synthesis for the level above ------------------------------------------------------------------


def unit_file(folder: Path, name: str, answers: dict[str, str], blanks: dict[str, str]) -> Path:
    sections = {a: {"label": "", "title": "", "text": t} for a, t in answers.items()}
    if blanks:
        sections.setdefault(BLANK_SECTION, {"label": "3.3.", "title": "Kết quả công tác khen thưởng", "text": ""})["blanks"] = blanks
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"format": "tdkt-draft", "version": 2, "outline": LS, "fields": {"co_quan": name}, "sections": sections}, ensure_ascii=False), encoding="utf-8")
    return path


def test_synthesis_of_three_units_totals_means_texts_word_and_spreadsheet(device, tmp_path):
    d = device()
    # Unit C writes on the page and sends its Word export: the synthesis reads both kinds of file.
    c_page = d.open(LS)
    c_page.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("UBND XÃ C")
    answer_box(c_page, "muc-i").fill("Xã C: vùng cao.")
    answer_box(c_page, "muc-v").fill("Xã C: tiếp tục.")
    c_page.get_by_role("textbox", name=RATE).fill("30")
    c_docx = export(c_page, "Tải về Word (.docx)", tmp_path)
    c_page.close()
    a = unit_file(tmp_path, "UBND XÃ A", {"muc-i": "Xã A: đồng bằng.\nDân số 5.000."}, {"1": "10", "2": "2,5"})
    b = unit_file(tmp_path, "UBND XÃ B", {"muc-i": "Xã B: ven sông.", "muc-iv-1": "Xã B đạt kết quả tốt."}, {"1": "20,5", "2": "1.000"})

    page = d.open(LS)
    page.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("UBND HUYỆN BẮC SƠN")
    page.get_by_role("button", name="Tổng hợp").click()
    region = page.get_by_role("region", name="Tổng hợp")
    expect(region.get_by_role("heading", name="Tổng hợp báo cáo của các đơn vị")).to_be_focused()
    region.locator("input[data-role=synthesis-files]").set_input_files([str(a), str(b), str(c_docx)])
    expect(region.get_by_role("status")).to_have_text("Đã mở 3 báo cáo: UBND XÃ A, UBND XÃ B, UBND XÃ C.")
    first = region.locator('.tdkt-draft-synthesis-section[data-anchor="muc-i"]').inner_text()
    assert first.index("UBND XÃ A") < first.index("Xã A: đồng bằng.") < first.index("UBND XÃ B") < first.index("Xã B: ven sông.") < first.index("UBND XÃ C") < first.index("Xã C: vùng cao.")
    anchors = [s.get_attribute("data-anchor") for s in region.locator(".tdkt-draft-synthesis-section").all()]
    assert anchors == ["muc-i", BLANK_SECTION, "muc-iv-1", "muc-v"], "outline order"
    rate = region.locator("table", has_text=RATE)
    assert "Trung bình cộng của 3 đơn vị\t20,17%" in rate.inner_text()  # (10 + 20.5 + 30) / 3
    change = region.locator("table", has_text=CHANGE)
    assert "Trung bình cộng của 2 đơn vị\t501,25%" in change.inner_text()

    docx = export(page, "Tải về Word bản tổng hợp", tmp_path)
    paragraphs = body(docx)
    at = paragraphs.index(("Heading 1", "I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH"))
    assert [t for _, t in paragraphs[at + 1 : at + 8]] == ["UBND XÃ A:", "Xã A: đồng bằng.", "Dân số 5.000.", "UBND XÃ B:", "Xã B: ven sông.", "UBND XÃ C:", "Xã C: vùng cao."]
    assert Document(str(docx)).paragraphs[at + 1].runs[0].bold
    assert [p for p in paragraphs if "Tỷ lệ" in p[1]] == [("Body Text", "- Tỷ lệ khen thưởng đối với người lao động năm 2018 đạt 20,17%; so sánh với năm 2014 tăng (giảm) 501,25%")]
    line = next(i for i, (_, t) in enumerate(paragraphs) if t.startswith("- Tỷ lệ"))
    assert paragraphs[line + 1][1] == "(Số liệu tổng hợp từ báo cáo của 3 đơn vị: tỷ lệ phần trăm là trung bình cộng của các đơn vị.)"
    assert "UBND HUYỆN BẮC SƠN" in Document(str(docx)).tables[0].rows[0].cells[0].text
    assert "Xã B đạt kết quả tốt." in " ".join(pdf_text(to_pdf(docx)).split())

    sheet = export(page, "Tải về bảng số liệu (.xlsx)", tmp_path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(sheet)], check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(sheet.with_suffix(".csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["Mục", "Chỗ điền", "UBND XÃ A", "UBND XÃ B", "UBND XÃ C", "Tổng hợp", "Cách tính"]
    assert rows[1][1:6] == [RATE, "10", "20.5", "30", "20.17"]
    assert rows[2][1:6] == [CHANGE, "2.5", "1000", "", "501.25"]
    assert rows[1][6].startswith("Trung bình cộng")


def test_synthesis_totals_counts_and_refuses_other_files(device, tmp_path):
    from tdkt.forms.plan import fill_in_pieces

    # A count: "Số tập thể …: ……" is a number, added up; the mean is only for percentages.
    assert [p.kind for p in fill_in_pieces("Số tập thể đăng ký thi đua: ……") if not isinstance(p, str)] == ["number"]
    page = device().open(LS)
    # The synthesis module itself, on a section with a count (no outline of the portal has one yet).
    totals = page.evaluate("""async () => {
        const { synthesise } = await import(new URL("../../assets/soan-tong-hop.js", location.href).href);
        const section = { anchor: "muc-x", label: "1.", title: "Thi đua", lines: [{ kind: "text", pieces: [
            "Số tập thể đăng ký thi đua: ", { index: 1, kind: "number", dots: "……", label: "Số tập thể đăng ký thi đua" }] }] };
        const unit = (name, value) => ({ name, draft: { sections: { "muc-x": { text: "", none: false, blanks: { 1: value } } } } });
        const [result] = synthesise([unit("A", "1.200"), unit("B", "35"), unit("C", "không rõ")], [section]);
        return [result.blanks[0].aggregate, result.blanks[0].how, result.blanks[0].values.length];
    }""")
    assert totals == [1235, "tổng cộng của 2 đơn vị", 3]  # "không rõ" shown, not counted
    page.get_by_role("button", name="Tổng hợp").click()
    other = tmp_path / "khac.json"
    other.write_text(json.dumps({"format": "tdkt-draft", "version": 2, "outline": BIG, "sections": {}}), encoding="utf-8")
    plain = tmp_path / "van-ban.docx"
    document = Document()
    document.add_paragraph("Báo cáo viết tay trong Word.")
    document.save(str(plain))
    page.locator("input[data-role=synthesis-files]").set_input_files([str(other), str(plain)])
    expect(message(page)).to_contain_text("“khac.json”: là bản nháp theo một đề cương khác")
    expect(message(page)).to_contain_text("“van-ban.docx”: không phải tệp Word do cổng tạo")
    expect(page.get_by_role("region", name="Tổng hợp").get_by_role("status")).to_have_text("Chưa mở tệp nào.")


# -- Word and back ----------------------------------------------------------------------------------


def test_a_docx_exported_and_edited_in_word_opens_back_into_the_draft(device, tmp_path):
    d = device()
    page = d.open(LS)
    page.get_by_label("Tên cơ quan, tổ chức báo cáo").fill("UBND HUYỆN BẮC SƠN")
    page.get_by_label("Số, ký hiệu của báo cáo").fill("12/BC-UBND")
    page.get_by_label("Địa danh").fill("Bắc Sơn")
    page.get_by_label("Ngày báo cáo").fill("2024-03-05")
    answer_box(page, "muc-i").fill("Huyện vùng cao.\nCó 20 xã.")
    page.locator('input[data-none="muc-iv-3"]').check()
    page.get_by_role("textbox", name=RATE).fill("15")
    docx = export(page, "Tải về Word (.docx)", tmp_path)

    # Edited "in Word": a paragraph rewritten, one added, a blank filled where the dots were.
    document = Document(str(docx))
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH")
    paragraphs[at + 2].runs[0].text = "Có 21 xã, thị trấn."
    paragraphs[at + 2].insert_paragraph_before("Địa hình đồi núi.", style="Body Text")
    line = next(p for p in paragraphs if p.text.startswith("- Tỷ lệ khen thưởng"))
    dots = next(r for r in line.runs if r.text == ".......")
    dots.text = "3"
    v = next(i for i, p in enumerate(paragraphs) if p.text.startswith("V. PHƯƠNG HƯỚNG"))
    paragraphs[v + 1].insert_paragraph_before("Viết thêm trong Word.", style="Body Text")
    edited = tmp_path / "da-sua.docx"
    document.save(str(edited))

    other = device().open(LS)  # another computer
    open_file(other, edited)
    expect(message(other)).to_contain_text("Đã mở bản nháp từ tệp “da-sua.docx”")
    assert answer_box(other, "muc-i").input_value() == "Huyện vùng cao.\nĐịa hình đồi núi.\nCó 21 xã, thị trấn."
    assert answer_box(other, "muc-v").input_value() == "Viết thêm trong Word."
    assert other.locator('input[data-none="muc-iv-3"]').is_checked()
    assert answer_box(other, "muc-ii").input_value() == ""  # untouched: the template's lines are not answers
    assert other.get_by_role("textbox", name=RATE).input_value() == "15"
    assert other.get_by_role("textbox", name=CHANGE).input_value() == "3"
    assert other.get_by_label("Tên cơ quan, tổ chức báo cáo").input_value() == "UBND HUYỆN BẮC SƠN"
    assert other.get_by_label("Số, ký hiệu của báo cáo").input_value() == "12/BC-UBND"
    assert other.get_by_label("Địa danh").input_value() == "Bắc Sơn"
    assert other.get_by_label("Ngày báo cáo").input_value() == "2024-03-05"
    assert other.get_by_label("Chức vụ người ký").input_value() == "THỦ TRƯỞNG ĐƠN VỊ"

    # A file of another outline and a damaged one are refused; the draft stays.
    big = d.open(BIG)
    answer_box(big, "muc-i").fill("Giữ nguyên.")
    open_file(big, edited)
    expect(message(big)).to_contain_text(f"là báo cáo theo một đề cương khác ({LS})")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(docx.read_bytes()[:2000])
    open_file(big, broken)
    expect(message(big)).to_contain_text("tệp Word bị hỏng")
    assert answer_box(big, "muc-i").input_value() == "Giữ nguyên."


def test_a_docx_saved_again_by_libreoffice_opens_back_too(device, tmp_path):
    page = device().open(LS)
    answer_box(page, "muc-iii-3-3-3").fill("Khen thưởng đúng quy trình.")
    page.get_by_role("textbox", name=RATE).fill("40")
    page.get_by_label("Họ và tên người ký").fill("Hoàng Văn Nam")
    docx = export(page, "Tải về Word (.docx)", tmp_path)
    (tmp_path / "lo").mkdir()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(tmp_path / "lo"), str(docx)], check=True, capture_output=True, timeout=180)
    other = device().open(LS)
    open_file(other, tmp_path / "lo" / docx.name)
    expect(message(other)).to_contain_text("Đã mở bản nháp")
    assert answer_box(other, "muc-iii-3-3-3").input_value() == "Khen thưởng đúng quy trình."
    assert other.get_by_role("textbox", name=RATE).input_value() == "40"
    assert other.get_by_role("textbox", name=CHANGE).input_value() == ""
    assert other.get_by_label("Họ và tên người ký").input_value() == "Hoàng Văn Nam"


def test_blanks_conflicts_and_panels_have_no_serious_accessibility_violation(device, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    page = device().open(LS)
    answer_box(page, "muc-i").fill("Bản của huyện.")
    files = [unit_file(tmp_path, f"UBND XÃ {n}", {"muc-i": f"Bản của xã {n}."}, {"1": str(n * 10)}) for n in (1, 2)]
    page.get_by_role("button", name="Giao mục cho đơn vị").click()
    page.locator("input[data-role=merge-files]").set_input_files([str(f) for f in files])
    expect(page.locator(".tdkt-draft-conflict").first).to_be_visible()
    page.get_by_role("button", name="Tổng hợp").click()
    page.locator("input[data-role=synthesis-files]").set_input_files([str(f) for f in files])
    expect(page.locator(".tdkt-draft-synthesis-section").first).to_be_visible()
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["nodes"][0]["target"]) for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == []
