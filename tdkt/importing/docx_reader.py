"""Read a .docx as the lines a clerk sees, labels of automatic numbering included.

Numbering (see word-import notes in the README): a paragraph's w:numPr (or its style's) names a
w:num and a level; the label comes from the abstract list's w:lvl (numFmt, lvlText, start), with
counters per abstract list that reset when a higher level advances. Tables (the header block, the
signature) are read in place, marked as such, content controls (w:sdt) wherever they wrap a
paragraph, a row or a cell. Footnotes and endnotes are read from their parts: the reference becomes
a superscript mark in the text ("…năm 2024¹") and the note a line "¹ …" at the end, as a text file
writes them. Every number in the file is bounded (numbering.count): a level outside 0–8 or a start
that is not a plain number up to MAX_START draws no label, and the review says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .lines import Line, UnreadableFile
from .notices import ReadLines, note_lines
from .numbering import count, format_number, short, start_value
from .safety import open_package, parse_xml as _parse, read_entry

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE = re.compile(r"^(?:heading|title|tiêu đề|đề mục)\s*(\d)?$", re.IGNORECASE)
_MAX_LEVEL_TEXT = 64  # a level's lvlText ("%1.%2."); a longer one is not a label


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(element: etree._Element | None, child: str) -> str | None:
    if element is None:
        return None
    found = element.find(_q(child))
    return found.get(_q("val")) if found is not None else None


def _on(element: etree._Element | None, child: str) -> bool | None:
    """A toggle property (w:b, w:i): None when absent."""
    if element is None:
        return None
    found = element.find(_q(child))
    if found is None:
        return None
    return found.get(_q("val"), "true") not in {"0", "false", "off"}


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Style:
    based_on: str | None
    name: str
    num: tuple[str | None, int | None]  # numId, ilvl
    outline: int | None
    bold: bool | None
    italic: bool | None
    fonts: tuple[str, ...]


@dataclass
class _Numbering:
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) -> start
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def label(self, num_id: str, ilvl: int | None) -> str:
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0" or ilvl is None:
            return ""
        levels = self.levels.get(abstract, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract, [None] * 9)
        start = self.overrides.get((num_id, ilvl), level.start)
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1  # type: ignore[operator]
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""

        def part(match: re.Match[str]) -> str:
            index = max(0, int(match.group(1)) - 1)
            value = counters[index] if counters[index] is not None else levels.get(index, level).start
            fmt = levels[index].fmt if index in levels else "decimal"
            return format_number(value, fmt)

        return re.sub(r"%(\d)", part, level.text).strip()


def read_docx(path: Path) -> ReadLines:
    package = open_package(path, "word/document.xml", "Word (.docx)")
    with package:
        document = _parse(read_entry(package, "word/document.xml", path), path)
        styles = _styles(_parse(read_entry(package, "word/styles.xml", path), path))
        numbering = _numbering(_parse(read_entry(package, "word/numbering.xml", path), path))
        notes = {kind: _notes(_parse(read_entry(package, f"word/{kind}s.xml", path), path), kind) for kind in ("footnote", "endnote")}
    body = document.find(_q("body")) if document is not None else None
    if body is None:
        raise UnreadableFile(f"{path}: tệp Word không có phần nội dung.")
    reader = _Reader(styles, numbering, notes)
    for child in body:
        reader.block(child, in_table=False)
    reader.end_notes()
    return ReadLines(reader.lines, numbering.notices + reader.notices)



def _styles(root: etree._Element | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root.iter(_q("style")):
        ppr, rpr = style.find(_q("pPr")), style.find(_q("rPr"))
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        outline = _val(ppr, "outlineLvl")
        fonts = rpr.find(_q("rFonts")) if rpr is not None else None
        styles[style.get(_q("styleId"), "")] = _Style(
            based_on=_val(style, "basedOn"),
            name=_val(style, "name") or "",
            num=(_val(numpr, "numId"), count(_val(numpr, "ilvl") or "0", 8) if _val(numpr, "numId") else None),
            outline=count(outline, 8),
            bold=_on(rpr, "b"),
            italic=_on(rpr, "i"),
            fonts=tuple(v for v in (fonts.get(_q("ascii")), fonts.get(_q("hAnsi"))) if v) if fonts is not None else (),
        )
    return styles


def _numbering(root: etree._Element | None) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(_q("abstractNum")):
        levels = {}
        for lvl in abstract.iter(_q("lvl")):
            ilvl = count(lvl.get(_q("ilvl"), "0"), 8)
            text = _val(lvl, "lvlText") or ""
            if ilvl is None or len(text) > _MAX_LEVEL_TEXT:
                numbering.notices.append(f"numbering.xml: một cấp danh sách không hợp lệ (cấp “{short(lvl.get(_q('ilvl'), ''))}”) — bỏ qua, các đoạn của nó không có số tự đánh")
                continue
            levels[ilvl] = _Level(fmt=_val(lvl, "numFmt") or "decimal", text=text, start=start_value(_val(lvl, "start"), numbering.notices, "numbering.xml: "))
        numbering.levels[abstract.get(_q("abstractNumId"), "")] = levels
    for num in root.iter(_q("num")):
        num_id = num.get(_q("numId"), "")
        numbering.abstract_of[num_id] = _val(num, "abstractNumId") or ""
        for override in num.iter(_q("lvlOverride")):
            start = _val(override, "startOverride")
            ilvl = count(override.get(_q("ilvl"), "0"), 8)
            if start is not None and ilvl is not None:
                numbering.overrides[(num_id, ilvl)] = start_value(start, numbering.notices, "numbering.xml: ")
    return numbering


def _notes(root: etree._Element | None, kind: str) -> dict[str, str]:
    """Footnote (or endnote) id → its text; the separators Word keeps among them are not notes."""
    notes: dict[str, str] = {}
    if root is None:
        return notes
    for note in root.iter(_q(kind)):
        if note.get(_q("type")) in {"separator", "continuationSeparator", "continuationNotice"}:
            continue
        texts = []
        for p in note.iter(_q("p")):
            texts.append("".join(t.text or "" for t in p.iter(_q("t"))))
        notes[note.get(_q("id"), "")] = " ".join(t.strip() for t in texts if t.strip())
    return notes


def _cells(element: etree._Element) -> list[etree._Element]:
    """The children of a table, row or cell, with content controls (w:sdt) unwrapped."""
    out: list[etree._Element] = []
    for child in element:
        if child.tag == _q("sdt"):
            content = child.find(_q("sdtContent"))
            out += _cells(content) if content is not None else []
        else:
            out.append(child)
    return out


class _Reader:
    def __init__(self, styles: dict[str, _Style], numbering: _Numbering, notes: dict[str, dict[str, str]]) -> None:
        self.styles = styles
        self.numbering = numbering
        self.notes = notes
        self.cited: list[str] = []  # the notes' texts, in the order of their marks
        self.notices: list[str] = []
        self.lines: list[Line] = []
        self.count = 0

    def block(self, element: etree._Element, in_table: bool) -> None:
        if element.tag == _q("p"):
            self.paragraph(element, in_table)
        elif element.tag == _q("tbl"):
            for row in _cells(element):
                for cell in _cells(row) if row.tag == _q("tr") else []:
                    for child in _cells(cell) if cell.tag == _q("tc") else []:
                        self.block(child, True)
        elif element.tag in {_q("sdt"), _q("sdtContent")}:  # content controls wrap ordinary paragraphs
            for child in _cells(element):
                self.block(child, in_table)

    def end_notes(self) -> None:
        """The notes cited, as the lines "¹ …" a text file ends with (after the signature)."""
        self.lines += note_lines(self.cited, self.count)
        self.count += len(self.cited)
        if self.cited:
            self.notices.append(f"{len(self.cited)} chú thích cuối trang/cuối văn bản của Word: dấu chú thích giữ trong câu ([^1]…), lời chú thích đặt ở cuối văn bản")

    def _mark(self, element: etree._Element, kind: str) -> str:
        text = self.notes[kind].get(element.get(_q("id"), ""))
        if text is None:
            return ""
        self.cited.append(text or "(chú thích trống)")
        return f"[^{len(self.cited)}]"  # the portal's footnote mark: a superscript after a digit ("2024¹") would not be read as one

    def _style_chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        while style_id and style_id in self.styles and len(chain) < 20:
            chain.append(self.styles[style_id])
            style_id = chain[-1].based_on
        return chain

    def paragraph(self, p: etree._Element, in_table: bool) -> None:
        self.count += 1
        ppr = p.find(_q("pPr"))
        chain = self._style_chain(_val(ppr, "pStyle") or "Normal")
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        num_id, ilvl = (_val(numpr, "numId"), count(_val(numpr, "ilvl") or "0", 8)) if numpr is not None else (None, None)
        if num_id is None:
            for style in chain:
                if style.num[0]:
                    num_id, ilvl = style.num[0], style.num[1]
                    break
        text, bold, italic, fonts = self._runs(p, chain)
        label = self.numbering.label(num_id, ilvl) if num_id else ""
        if num_id and ilvl is None and text.strip():
            self.notices.append(f"đoạn {self.count}: cấp danh sách không hợp lệ (ngoài 0–8) — đọc như đoạn không đánh số")
        if not text.strip():
            return
        outline = count(_val(ppr, "outlineLvl"), 8)
        heading = outline + 1 if outline is not None else None
        for style in chain:
            if heading is not None:
                break
            match = _HEADING_STYLE.match(style.name)
            if match and match.group(1):
                heading = int(match.group(1))
            elif style.outline is not None and style.outline < 9:
                heading = style.outline + 1
        self.lines.append(Line(text, self.count, label, heading, bold, italic, in_table, fonts))

    def _runs(self, p: etree._Element, chain: list[_Style]) -> tuple[str, bool, bool, tuple[str, ...]]:
        style_bold = next((s.bold for s in chain if s.bold is not None), False)
        style_italic = next((s.italic for s in chain if s.italic is not None), False)
        fonts = {font for style in chain for font in style.fonts}
        parts: list[str] = []
        all_bold = all_italic = True
        for run in p.iter(_q("r")):
            rpr = run.find(_q("rPr"))
            pieces = []
            for child in run:
                if child.tag == _q("t"):
                    pieces.append(child.text or "")
                elif child.tag == _q("tab"):
                    pieces.append("\t")
                elif child.tag in {_q("br"), _q("cr")}:
                    pieces.append("\n")
                elif child.tag == _q("noBreakHyphen"):
                    pieces.append("-")  # "12‑CT/TU": the hyphen of a document number
                elif child.tag == _q("footnoteReference"):
                    pieces.append(self._mark(child, "footnote"))
                elif child.tag == _q("endnoteReference"):
                    pieces.append(self._mark(child, "endnote"))
                # w:softHyphen is only drawn at a line's end: no character of the text
            piece = "".join(pieces)
            if not piece:
                continue
            if rpr is not None and (font := rpr.find(_q("rFonts"))) is not None:
                fonts.update(v for v in (font.get(_q("ascii")), font.get(_q("hAnsi"))) if v)
            if piece.strip():
                bold = _on(rpr, "b")
                italic = _on(rpr, "i")
                all_bold &= bold if bold is not None else bool(style_bold)
                all_italic &= italic if italic is not None else bool(style_italic)
            parts.append(piece)
        text = "".join(parts)
        has_text = bool(text.strip())
        return text, all_bold and has_text, all_italic and has_text, tuple(sorted(fonts))
