"""Write a form plan as ODT (OpenDocument) with odfpy: the same layout as the DOCX."""

from __future__ import annotations

import io
import re
import zipfile

from odf.dc import Language, Subject, Title
from odf.meta import InitialCreator
from odf.namespaces import nsdict
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TabStop,
    TabStops,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, P, PageNumber, Span
from odf.text import Tab as TabChar

from .archive import build_zip
from .plan import LAYOUT_NOTE, MOTTO, NATIONAL_TITLE, Block, FormPlan

FONT = "Times New Roman"
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5


def write_odt(plan: FormPlan) -> bytes:
    document = OpenDocumentText()
    styles = _Styles(document)
    body = document.text
    _header_block(body, styles, plan)
    _title_block(body, styles, plan)
    for block in plan.blocks:
        body.addElement(_block(styles, block))
    _closing_block(body, styles, plan)
    _attachments(body, styles, plan)
    document.meta.addElement(Title(text=f"Mẫu báo cáo: {plan.title}"))
    document.meta.addElement(Subject(text=plan.summary))
    document.meta.addElement(Language(text="vi-VN"))
    document.meta.addElement(InitialCreator(text="Cổng tri thức Thi đua – Khen thưởng"))
    document.meta.addElement(Subject(text=LAYOUT_NOTE))
    buffer = io.BytesIO()
    document.write(buffer)
    return _stable(buffer.getvalue())


_ALL_NAMESPACES = {f'xmlns:{prefix}="{uri}"'.encode() for uri, prefix in nsdict.items()}
_ROOT_TAG = re.compile(rb"<office:document-[a-z]+ [^>]*>")
_NAMESPACE = re.compile(rb'xmlns:[\w-]+="[^"]*"')


def _stable(data: bytes) -> bytes:
    """odfpy declares namespaces in set order, which changes between runs: sort them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = []
    for name in sorted(source.namelist(), key=lambda n: n != "mimetype"):
        content = source.read(name)
        if name.endswith(".xml"):
            content = _ROOT_TAG.sub(_sort_namespaces, content, count=1)
        entries.append((name, content))
    return build_zip(entries)


def _sort_namespaces(match: re.Match[bytes]) -> bytes:
    # odfpy declares only the namespaces it has met so far in the process: declare them all.
    tag = match.group(0)
    namespaces = sorted(set(_NAMESPACE.findall(tag)) | _ALL_NAMESPACES)
    rest = _NAMESPACE.sub(b"", tag)
    name, _, tail = rest.partition(b" ")
    return name + b" " + b" ".join(namespaces) + b" " + b" ".join(tail.split())


class _Styles:
    """Every style the document uses, registered once: page layout, paragraphs, headings, tables."""

    def __init__(self, document: OpenDocumentText) -> None:
        self.document = document
        document.fontfacedecls.addElement(
            FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="roman", fontpitch="variable")
        )
        # Pages after the first carry the number in a header inside the 2 cm top margin;
        # the first page has no header, so its layout has the whole 2 cm as margin.
        layout = self._page_layout("A4", top="1cm")
        header_style = HeaderStyle()
        header_style.addElement(HeaderFooterProperties(minheight="0.6cm", marginbottom="0.4cm"))
        layout.addElement(header_style)
        first_layout = self._page_layout("A4_20_First", top="2cm")
        standard = Style(name="Standard", family="paragraph")
        standard.addElement(
            TextProperties(fontname=FONT, fontsize="14pt", fontsizeasian="14pt", fontsizecomplex="14pt",
                           language="vi", country="VN", color="#000000")
        )
        standard.addElement(ParagraphProperties(marginbottom="0.21cm", lineheight="115%"))
        document.styles.addElement(standard)
        # The first page has no header: page numbers start on page 2 (NĐ 30/2020).
        header_paragraph = self._paragraph("Page_20_Number", align="center", size="13pt")
        number_page = MasterPage(name="Standard", pagelayoutname=layout)
        header = Header()
        header.addElement(P(stylename=header_paragraph, text=""))
        header.childNodes[0].addElement(PageNumber(selectpage="current", text="2"))
        number_page.addElement(header)
        first_page = MasterPage(name="First_20_Page", displayname="First Page", pagelayoutname=first_layout, nextstylename="Standard")
        document.masterstyles.addElement(number_page)
        document.masterstyles.addElement(first_page)
        # An almost invisible first paragraph carries the first-page master.
        self.first = self._paragraph("Opening", align="center", master="First_20_Page", size="1pt")
        self.center13 = self._paragraph("Center_20_13", align="center", size="13pt")
        self.center13_bold = self._paragraph("Center_20_13_20_Bold", align="center", size="13pt", bold=True)
        self.center12_bold = self._paragraph("Center_20_12_20_Bold", align="center", size="12pt", bold=True)
        self.center_italic = self._paragraph("Center_20_Italic", align="center", italic=True)
        self.center = self._paragraph("Center", align="center")
        self.center_bold = self._paragraph("Center_20_Bold", align="center", bold=True)
        self.doc_type = self._paragraph("Document_20_Type", align="center", bold=True, before="0.4cm")
        self.recipient = self._paragraph("Recipient", align="center", before="0.4cm")
        self.body = self._paragraph("Body", align="justify", indent="1cm")
        self.guidance = self._paragraph("Guidance", align="justify", indent="1cm", italic=True)
        self.answer = self._answer_style()
        self.short_rule = self._rule("Short_20_Rule", margin="5.5cm")
        self.issuer_rule = self._rule("Issuer_20_Rule", margin="2cm")
        self.motto_rule = self._rule("Motto_20_Rule", margin="1.7cm")
        self.place_left = self._paragraph("Recipients_20_Heading", size="12pt", bold=True, italic=True)
        self.recipients = self._paragraph("Recipients", size="11pt")
        self.page_break = self._paragraph("Page_20_Break", align="center", bold=True, breakbefore="page")
        self.headings = {level: self._heading(level) for level in range(1, 5)}
        self.part = self._paragraph("Part", align="center", bold=True, before="0.3cm")
        self.table = Style(name="Block_20_Table", family="table")
        self.table.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="center"))
        document.automaticstyles.addElement(self.table)
        self.cell = Style(name="Block_20_Cell", family="table-cell")
        self.cell.addElement(TableCellProperties(padding="0.05cm", border="none"))
        document.automaticstyles.addElement(self.cell)

    def _page_layout(self, name: str, top: str) -> PageLayout:
        layout = PageLayout(name=name)
        layout.addElement(
            PageLayoutProperties(
                pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                margintop=top, marginbottom="2cm", marginleft="3cm", marginright="1.5cm",
            )
        )
        self.document.automaticstyles.addElement(layout)
        return layout

    def column(self, name: str, width_cm: float) -> Style:
        style = Style(name=name, family="table-column")
        style.addElement(TableColumnProperties(columnwidth=f"{width_cm}cm"))
        self.document.automaticstyles.addElement(style)
        return style

    def _paragraph(self, name: str, *, align: str = "start", size: str | None = None, bold: bool = False,
                   italic: bool = False, indent: str | None = None, before: str | None = None,
                   master: str | None = None, breakbefore: str | None = None) -> Style:
        style = Style(name=name, family="paragraph", parentstylename="Standard", **({"masterpagename": master} if master else {}))
        paragraph = {"textalign": align, "marginbottom": "0cm" if align == "center" else "0.21cm"}
        if indent:
            paragraph["textindent"] = indent
        if before:
            paragraph["margintop"] = before
        if breakbefore:
            paragraph["breakbefore"] = breakbefore
        style.addElement(ParagraphProperties(**paragraph))
        text: dict[str, str] = {}
        if size:
            text.update(fontsize=size, fontsizeasian=size, fontsizecomplex=size)
        if bold:
            text.update(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold")
        if italic:
            text.update(fontstyle="italic", fontstyleasian="italic", fontstylecomplex="italic")
        if text:
            style.addElement(TextProperties(**text))
        self.document.styles.addElement(style)
        return style

    def _heading(self, level: int) -> Style:
        style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                      parentstylename="Standard", defaultoutlinelevel=str(level))
        style.addElement(ParagraphProperties(margintop="0.21cm", marginbottom="0.21cm", keepwithnext="always"))
        bold, italic = {1: (True, False), 2: (True, False), 3: (True, True), 4: (False, True)}[level]
        text = {"fontweight": "bold" if bold else "normal", "fontstyle": "italic" if italic else "normal"}
        style.addElement(TextProperties(**text, fontweightasian=text["fontweight"], fontweightcomplex=text["fontweight"]))
        self.document.styles.addElement(style)
        return style

    def _rule(self, name: str, margin: str) -> Style:
        style = Style(name=name, family="paragraph", parentstylename="Standard")
        style.addElement(ParagraphProperties(marginleft=margin, marginright=margin, marginbottom="0.1cm",
                                             borderbottom="0.5pt solid #000000", padding="0cm", lineheight="2pt"))
        self.document.styles.addElement(style)
        return style

    def _answer_style(self) -> Style:
        style = Style(name="Answer_20_Line", family="paragraph", parentstylename="Standard")
        properties = ParagraphProperties(marginbottom="0.21cm")
        stops = TabStops()
        stops.addElement(TabStop(position=f"{TEXT_WIDTH_CM}cm", type="right", leaderstyle="dotted", leadertext="."))
        properties.addElement(stops)
        style.addElement(properties)
        self.document.styles.addElement(style)
        return style


def _two_column_table(styles: _Styles, name: str, left_cm: float) -> tuple[Table, TableCell, TableCell]:
    table = Table(name=name, stylename=styles.table)
    table.addElement(TableColumn(stylename=styles.column(f"{name}.A", left_cm)))
    table.addElement(TableColumn(stylename=styles.column(f"{name}.B", TEXT_WIDTH_CM - left_cm)))
    row = TableRow()
    left, right = TableCell(stylename=styles.cell), TableCell(stylename=styles.cell)
    row.addElement(left)
    row.addElement(right)
    table.addElement(row)
    return table, left, right


def _header_block(body, styles: _Styles, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    body.addElement(P(stylename=styles.first, text=""))  # carries the first-page master (no number)
    table, left, right = _two_column_table(styles, "Header", 6.3)
    left.addElement(P(stylename=styles.center13, text=plan.superior))
    left.addElement(P(stylename=styles.center13_bold, text=plan.issuer))
    left.addElement(P(stylename=styles.issuer_rule, text=""))
    left.addElement(P(stylename=styles.center13, text=plan.number))
    right.addElement(P(stylename=styles.center12_bold, text=NATIONAL_TITLE))
    right.addElement(P(stylename=styles.center13_bold, text=MOTTO))
    right.addElement(P(stylename=styles.motto_rule, text=""))
    right.addElement(P(stylename=styles.center_italic, text=plan.place_date))
    body.addElement(table)


def _title_block(body, styles: _Styles, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    body.addElement(P(stylename=styles.doc_type, text=plan.doc_type))
    body.addElement(P(stylename=styles.center_bold, text=plan.summary))
    body.addElement(P(stylename=styles.short_rule, text=""))
    body.addElement(P(stylename=styles.recipient, text=f"Kính gửi: {plan.recipient}"))


def _block(styles: _Styles, block: Block):  # type: ignore[no-untyped-def]
    if block.kind == "part":
        heading = H(outlinelevel=1, stylename=styles.part, text=block.label)
        heading.addElement(LineBreak())
        heading.addElement(Span(text=block.text.upper()))
        return heading
    if block.kind == "heading":
        return H(outlinelevel=block.level, stylename=styles.headings[block.level], text=f"{block.label} {block.text}".strip())
    if block.kind == "item":
        return P(stylename=styles.body, text=f"- {block.text}")
    if block.kind == "fill":
        return P(stylename=styles.body, text=block.text)
    if block.kind in {"guidance", "note"}:
        return P(stylename=styles.guidance, text=block.text)
    line = P(stylename=styles.answer)
    line.addElement(TabChar())
    return line


def _closing_block(body, styles: _Styles, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    body.addElement(P(stylename=styles.body, text=""))
    table, left, right = _two_column_table(styles, "Closing", 7.5)
    left.addElement(P(stylename=styles.place_left, text="Nơi nhận:"))
    for recipient in plan.recipients:
        left.addElement(P(stylename=styles.recipients, text=f"- {recipient}"))
    right.addElement(P(stylename=styles.center_bold, text=plan.signer.title))
    right.addElement(P(stylename=styles.center_italic, text=plan.signer.note))
    for _ in range(3):
        right.addElement(P(stylename=styles.center, text=""))
    right.addElement(P(stylename=styles.center_bold, text=plan.signer.name))
    body.addElement(table)


def _attachments(body, styles: _Styles, plan: FormPlan) -> None:  # type: ignore[no-untyped-def]
    if not plan.attachments:
        return
    body.addElement(P(stylename=styles.page_break, text="BIỂU ĐÍNH KÈM"))
    for text in plan.attachments:
        body.addElement(P(stylename=styles.center_bold, text=text))
        body.addElement(P(stylename=styles.guidance, text="(Lập biểu số liệu theo mẫu của cơ quan gửi đề cương.)"))
