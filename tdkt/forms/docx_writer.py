"""Write a form plan as DOCX with python-docx, laid out per Phụ lục I of NĐ 30/2020/NĐ-CP."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .archive import normalise_zip
from .plan import LAYOUT_NOTE, MOTTO, NATIONAL_TITLE, Blank, Block, FormPlan

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH = Mm(210 - 30 - 15)
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
_HEADINGS = {1: (True, False), 2: (True, False), 3: (True, True), 4: (False, True)}  # bold, italic
BODY_STYLE = "Body Text"  # the paragraphs of a report: the drafting page fills answers in this style

# Named slots for the drafting page (docs/assets/soan-bao-cao.js), which fills a copy of the
# blank template in the browser: bookmarks (invisible in Word and LibreOffice) rather than
# content controls, which LibreOffice turns into form fields. Names starting with "_" are hidden
# in Word's bookmark list. Sections are numbered in document order: "_tdkt_m1", "_tdkt_m2", …;
# blank k of section n (a run of dots in its text, tdkt/forms/plan.py) is "_tdkt_m<n>_b<k>", one
# run of its own, so that the page writes a value where the dots were and reads it back.
SLOT_PREFIX = "_tdkt_"
OUTLINE_ID_PREFIX = "tdkt-de-cuong:"
FIELD_SLOTS = ("co_quan_chu_quan", "co_quan", "so", "ngay", "trich_yeu", "kinh_gui", "noi_nhan", "chuc_vu", "ho_ten", "het")


def write_docx(plan: FormPlan) -> bytes:
    document = Document()
    _page_setup(document)
    _styles(document)
    _header_block(document, plan)
    _title_block(document, plan)
    sections = 0
    for block in plan.blocks:
        paragraph = _block(document, block, sections)
        if block.kind in {"part", "heading"}:
            sections += 1
            _bookmark(paragraph, f"m{sections}")
    _bookmark(document.add_paragraph(), "het")  # the end of the body: the closing block follows
    _closing_block(document, plan)
    _attachments(document, plan)
    _properties(document, plan)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def _page_setup(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Page numbers centred in the top margin, from page 2 on.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)


def _styles(document) -> None:  # type: ignore[no-untyped-def]
    normal = document.styles["Normal"]
    _font(normal, BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    for level, (bold, italic) in _HEADINGS.items():
        style = document.styles[f"Heading {level}"]
        _font(style, BODY_PT, bold=bold, italic=italic)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(6), Pt(6)
        style.paragraph_format.keep_with_next = True
    body = document.styles[BODY_STYLE]
    _font(body, BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_before, body.paragraph_format.space_after = Pt(0), Pt(6)
    body.paragraph_format.line_spacing = 1.15
    title = document.styles["Title"]
    _font(title, BODY_PT, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    _remove_title_border(title)


def _font(style, size: int, bold: bool | None = None, italic: bool | None = None) -> None:  # type: ignore[no-untyped-def]
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    # The default template's headings use theme fonts (Calibri Light), which win over w:ascii.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    style.element.get_or_add_rPr().append(language)


def _remove_title_border(style) -> None:  # type: ignore[no-untyped-def]
    properties = style.element.pPr
    if properties is not None:
        for border in properties.findall(qn("w:pBdr")):
            properties.remove(border)


def _header_block(document, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = _two_columns(table, Cm(6.3))
    _bookmark(_cell_text(left, plan.superior, 13), "co_quan_chu_quan")
    _bookmark(_cell_text(left, plan.issuer, 13, bold=True, rule_cm=2.0), "co_quan")
    _bookmark(_cell_text(left, plan.number, 13, space_before=6), "so")
    _cell_text(right, NATIONAL_TITLE, 12, bold=True)
    _cell_text(right, MOTTO, 13, bold=True, rule_cm=1.7)
    _bookmark(_cell_text(right, plan.place_date, 14, italic=True, space_before=6), "ngay")


def _two_columns(table, left_width):  # type: ignore[no-untyped-def]
    """Column widths go in the grid too: LibreOffice reads the grid, Word the cells."""
    widths = (left_width, TEXT_WIDTH - left_width)
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
        column.width = cell.width = width
    return table.rows[0].cells


def _cell_text(cell, text: str, size: int, bold=False, italic=False, rule_cm: float | None = None, space_before=0) -> Paragraph:  # type: ignore[no-untyped-def]
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    if rule_cm is not None:
        _rule_below(cell.add_paragraph(), rule_cm)
    return paragraph


def _rule_below(paragraph: Paragraph, indent_cm: float) -> None:
    """A short centred rule: an empty paragraph with a bottom border, narrowed by indents."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _title_block(document, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    document.add_paragraph().paragraph_format.space_after = Pt(6)
    document.add_paragraph(plan.doc_type, style="Title")
    summary = document.add_paragraph()
    summary.alignment = WD_ALIGN_PARAGRAPH.CENTER
    summary.paragraph_format.space_after = Pt(0)
    summary.add_run(plan.summary).bold = True
    _bookmark(summary, "trich_yeu")
    _rule_below(document.add_paragraph(), 5.5)
    recipient = document.add_paragraph()
    recipient.alignment = WD_ALIGN_PARAGRAPH.CENTER
    recipient.paragraph_format.space_before = Pt(12)
    recipient.add_run("Kính gửi: ")
    recipient.add_run(plan.recipient)
    _bookmark(recipient, "kinh_gui", first_run=1)


def _block(document, block: Block, section: int) -> Paragraph:  # type: ignore[no-untyped-def]
    if block.kind == "part":
        label = document.add_heading(block.label, level=1)
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label.add_run().add_break(WD_BREAK.LINE)
        label.add_run(block.text.upper())
        return label
    elif block.kind == "heading":
        text = f"{block.label} {block.text}".strip()
        return document.add_heading(text, level=block.level)
    else:
        paragraph = document.add_paragraph(style=BODY_STYLE)
        if block.kind in {"item", "fill", "guidance", "note"}:
            if block.kind == "item":
                paragraph.add_run("- ")
            for piece in block.pieces or (block.text,):
                run = paragraph.add_run(piece if isinstance(piece, str) else piece.dots)
                run.italic = block.kind in {"guidance", "note"} or None
                if isinstance(piece, Blank):
                    _bookmark_run(paragraph, run, section, piece)
        else:  # answer: a dotted line across the text width, drawn by a tab leader
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            paragraph.add_run("\t")
        return paragraph


def _closing_block(document, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = _two_columns(table, Cm(7.5))
    heading = left.paragraphs[0]
    heading.paragraph_format.first_line_indent = Cm(0)
    heading.paragraph_format.space_after = Pt(0)
    run = heading.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    _bookmark(heading, "noi_nhan")
    for recipient in plan.recipients:
        line = left.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        line.add_run(f"- {recipient}").font.size = Pt(11)
    _bookmark(_cell_text(right, plan.signer.title, 14, bold=True), "chuc_vu")
    _cell_text(right, plan.signer.note, 14, italic=True)
    for _ in range(3):
        _cell_text(right, "", 14)
    _bookmark(_cell_text(right, plan.signer.name, 14, bold=True), "ho_ten")


def _attachments(document, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    if not plan.attachments:
        return
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("BIỂU ĐÍNH KÈM", style="Title")
    for text in plan.attachments:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.add_run(text).bold = True
        note = document.add_paragraph()
        note.add_run("(Lập biểu số liệu theo mẫu của cơ quan gửi đề cương.)").italic = True


def _properties(document, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    properties = document.core_properties
    # Core properties hold at most 255 characters.
    properties.title = _clip(f"Mẫu báo cáo: {plan.title}")
    properties.subject = _clip(plan.summary)
    properties.author = properties.last_modified_by = "Cổng tri thức Thi đua – Khen thưởng"
    properties.comments = LAYOUT_NOTE
    properties.language = "vi-VN"
    # Which outline the file answers: the drafting page opens back only its own outline's files.
    properties.identifier = f"{OUTLINE_ID_PREFIX}{plan.outline_id}"
    properties.created = properties.modified = FIXED_DATE
    properties.revision = 1


def _clip(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bookmark(paragraph: Paragraph, name: str, first_run: int = 0) -> None:
    """A named slot around the paragraph's runs from first_run on (ids follow the names' order)."""
    slot = SLOT_PREFIX + name
    # Ids fixed by name, so that the same outline always gives the same bytes.
    number = str(FIELD_SLOTS.index(name) if name in FIELD_SLOTS else len(FIELD_SLOTS) + int(name[1:]))
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), slot)
    end.set(qn("w:id"), number)
    runs = paragraph._p.r_lst
    if first_run < len(runs):
        runs[first_run].addprevious(start)
    else:
        paragraph._p.append(start)
    paragraph._p.append(end)


def _bookmark_run(paragraph: Paragraph, run, section: int, blank: Blank) -> None:  # type: ignore[no-untyped-def]
    number = str(100_000 + section * 1000 + blank.index)  # above the sections' ids, fixed by place
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), f"{SLOT_PREFIX}m{section}_b{blank.index}")
    end.set(qn("w:id"), number)
    run._r.addprevious(start)
    run._r.addnext(end)


def _page_field(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    for r in paragraph.runs:
        r.font.size = Pt(13)

