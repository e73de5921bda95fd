"""Read an .odt (LibreOffice's own, or a Word file it converted) as the lines a clerk sees.

Lists are text:list / text:list-item nested per level; the label comes from the list style's
level (num-format, prefix, suffix, start-value). A list that resumes after a paragraph is a new
text:list with text:continue-list or text:continue-numbering: its counters carry on.

Fields show their text as the document does (a date, a cross-reference, a page count); a note
(text:note) leaves the portal's mark "[^n]" in the text and its body a line "¹ …" at the end.
Every number is bounded (numbering.count): ODF has ten list levels; a deeper item, a level or start
that is not a plain bounded number draws no label, and the review says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .lines import Line, UnreadableFile
from .notices import ReadLines, note_lines
from .numbering import count, format_number, short, start_value
from .safety import open_package, parse_xml as _parse, read_entry

NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
MAX_LEVEL = 10  # ODF's list levels
MAX_SPACES = 1000  # one text:s; the portal keeps one space of a run anyway
_MAX_AFFIX = 64  # a level's num-prefix / num-suffix
# What is not the document's running text: comments, frames and drawings, a change-tracking record.
_SKIPPED = {"office:annotation", "office:annotation-end", "text:note-citation", "draw:frame", "draw:custom-shape", "draw:a",
            "text:tracked-changes", "text:ruby-text", "text:bookmark", "text:bookmark-start", "text:bookmark-end",
            "text:reference-mark", "text:reference-mark-start", "text:reference-mark-end", "text:change", "text:change-start", "text:change-end"}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


@dataclass
class _ListLevel:
    fmt: str  # "", "1", "I", "a", … or "bullet"
    prefix: str
    suffix: str
    start: int
    display: int  # how many levels the label shows ("1.2.")


@dataclass
class _TextStyle:
    parent: str | None
    bold: bool | None
    italic: bool | None
    font: str | None
    outline: int | None


def read_odt(path: Path) -> ReadLines:
    package = open_package(path, "content.xml", "OpenDocument (.odt)")
    with package:
        content = _parse(read_entry(package, "content.xml", path), path)
        styles_xml = _parse(read_entry(package, "styles.xml", path), path)
    lists: dict[str, dict[int, _ListLevel]] = {}
    styles: dict[str, _TextStyle] = {}
    notices: list[str] = []
    for root in (styles_xml, content):
        if root is not None:
            _read_styles(root, lists, styles, notices)
    body = content.find(f"{_q('office', 'body')}/{_q('office', 'text')}") if content is not None else None
    if body is None:
        raise UnreadableFile(f"{path}: tệp OpenDocument không có phần văn bản.")
    reader = _Reader(lists, styles, notices)
    reader.children(body, in_table=False)
    reader.end_notes()
    return ReadLines(reader.lines, notices)



def _affix(text: str) -> str:
    return text if len(text) <= _MAX_AFFIX else ""


def _read_styles(root: etree._Element, lists: dict[str, dict[int, _ListLevel]], styles: dict[str, _TextStyle], notices: list[str]) -> None:
    for list_style in root.iter(_q("text", "list-style")):
        levels: dict[int, _ListLevel] = {}
        for level in list_style:
            number = count(level.get(_q("text", "level"), "1"), MAX_LEVEL, 1)
            if number is None:
                notices.append(f"kiểu danh sách {short(list_style.get(_q('style', 'name'), ''))}: cấp “{short(level.get(_q('text', 'level'), ''))}” không hợp lệ (1–{MAX_LEVEL}) — bỏ qua")
                continue
            if level.tag == _q("text", "list-level-style-number"):
                levels[number] = _ListLevel(
                    level.get(_q("style", "num-format"), ""),
                    _affix(level.get(_q("style", "num-prefix"), "")),
                    _affix(level.get(_q("style", "num-suffix"), "")),
                    start_value(level.get(_q("text", "start-value")), notices),
                    count(level.get(_q("text", "display-levels"), "1"), MAX_LEVEL, 1) or 1,
                )
            elif level.tag == _q("text", "list-level-style-bullet"):
                levels[number] = _ListLevel("bullet", "", "", 1, 1)
        lists[list_style.get(_q("style", "name"), "")] = levels
    for style in root.iter(_q("style", "style")):
        properties = style.find(_q("style", "text-properties"))
        weight = properties.get(_q("fo", "font-weight")) if properties is not None else None
        posture = properties.get(_q("fo", "font-style")) if properties is not None else None
        outline = style.get(_q("style", "default-outline-level"))
        styles[style.get(_q("style", "name"), "")] = _TextStyle(
            parent=style.get(_q("style", "parent-style-name")),
            bold=None if weight is None else weight in {"bold", "700", "800", "900"},
            italic=None if posture is None else posture in {"italic", "oblique"},
            font=properties.get(_q("style", "font-name")) if properties is not None else None,
            outline=count(outline, MAX_LEVEL, 1),
        )


class _Reader:
    def __init__(self, lists: dict[str, dict[int, _ListLevel]], styles: dict[str, _TextStyle], notices: list[str]) -> None:
        self.lists = lists
        self.styles = styles
        self.notices = notices
        self.notes: list[str] = []  # the notes' bodies, in the order of their marks
        self.too_deep = 0
        self.lines: list[Line] = []
        self.count = 0
        self.counters: dict[str, list[int | None]] = {}
        self.by_id: dict[str, str] = {}  # xml:id of a list -> its style, for continue-list

    def children(self, element: etree._Element, in_table: bool) -> None:
        for child in element:
            self.node(child, in_table)

    def node(self, child: etree._Element, in_table: bool) -> None:
        if child.tag in {_q("text", "p"), _q("text", "h")}:
            self.paragraph(child, in_table, "")
        elif child.tag == _q("text", "list"):
            self.list(child, in_table, None, 1)
        elif child.tag == _q("table", "table"):
            for cell in child.iter(_q("table", "table-cell")):
                if next(cell.iterancestors(_q("table", "table")), None) is child:  # a nested table's cells are read in theirs
                    self.children(cell, True)
        elif child.tag in {_q("text", "section"), _q("text", "soft-page-break")}:
            self.children(child, in_table)

    def end_notes(self) -> None:
        """The notes' bodies, as the lines "¹ …" a text file ends with."""
        self.lines += note_lines(self.notes, self.count)
        self.count += len(self.notes)
        if self.notes:
            self.notices.append(f"{len(self.notes)} chú thích (text:note): dấu chú thích giữ trong câu ([^1]…), lời chú thích đặt ở cuối văn bản")
        if self.too_deep:
            self.notices.append(f"{self.too_deep} đoạn trong danh sách lồng quá {MAX_LEVEL} cấp: đọc không có số tự đánh")

    def list(self, element: etree._Element, in_table: bool, style: str | None, depth: int) -> None:
        style = element.get(_q("text", "style-name")) or style or ""
        if depth == 1:
            list_id = element.get(_q("xml", "id"))
            continues = element.get(_q("text", "continue-list")) or element.get(_q("text", "continue-numbering")) == "true"
            if list_id:
                self.by_id[list_id] = style
            if not continues:
                self.counters[style] = [None] * 11
        counters = self.counters.setdefault(style, [None] * 11)
        for item in element:
            if item.tag not in {_q("text", "list-item"), _q("text", "list-header")}:
                continue
            label = ""
            # An item holding only a sub-list (how a resumed nested list is written) does not count.
            has_text = any(child.tag in {_q("text", "p"), _q("text", "h")} for child in item)
            if item.tag == _q("text", "list-item") and has_text and depth <= MAX_LEVEL:
                label = self._label(style, depth, counters, item.get(_q("text", "start-value")))
            elif has_text and depth > MAX_LEVEL:
                self.too_deep += 1
            for child in item:
                if child.tag in {_q("text", "p"), _q("text", "h")}:
                    self.paragraph(child, in_table, label)
                    label = ""  # the label belongs to the item's first paragraph
                elif child.tag == _q("text", "list"):
                    self.list(child, in_table, style, depth + 1)
                else:  # a table or a section inside an item
                    self.node(child, in_table)

    def _label(self, style: str, depth: int, counters: list[int | None], written_start: str | None) -> str:
        levels = self.lists.get(style, {})
        level = levels.get(depth)
        if level is None:
            return ""
        if written_start is not None:
            counters[depth] = start_value(written_start, self.notices)
        else:
            current = counters[depth]
            counters[depth] = level.start if current is None else current + 1
        for deeper in range(depth + 1, len(counters)):
            counters[deeper] = None
        if level.fmt == "bullet":
            return "-"
        if not level.fmt:
            return ""
        shown = []
        for index in range(max(1, depth - level.display + 1), depth + 1):
            value = counters[index] if counters[index] is not None else levels.get(index, level).start
            shown.append(format_number(value, levels.get(index, level).fmt or "1"))
        return f"{level.prefix}{'.'.join(shown)}{level.suffix}".strip()

    def _style(self, name: str | None) -> list[_TextStyle]:
        chain = []
        while name and name in self.styles and len(chain) < 20:
            chain.append(self.styles[name])
            name = chain[-1].parent
        return chain

    def paragraph(self, element: etree._Element, in_table: bool, label: str) -> None:
        self.count += 1
        chain = self._style(element.get(_q("text", "style-name")))
        base_bold = next((s.bold for s in chain if s.bold is not None), False)
        base_italic = next((s.italic for s in chain if s.italic is not None), False)
        fonts = {s.font for s in chain if s.font}
        pieces: list[tuple[str, bool, bool]] = []
        self._text(element, base_bold, base_italic, pieces, fonts)
        text = "".join(piece for piece, _, _ in pieces)
        if not text.strip():
            return
        visible = [(bold, italic) for piece, bold, italic in pieces if piece.strip()]
        heading = None
        if element.tag == _q("text", "h"):
            heading = count(element.get(_q("text", "outline-level"), "1"), MAX_LEVEL, 1) or 1
        else:
            heading = next((s.outline for s in chain if s.outline is not None), None)
        self.lines.append(
            Line(text, self.count, label, heading, all(b for b, _ in visible), all(i for _, i in visible), in_table, tuple(sorted(fonts)))
        )

    def _text(self, element: etree._Element, bold: bool, italic: bool, out: list[tuple[str, bool, bool]], fonts: set[str]) -> None:
        if element.text:
            out.append((element.text, bold, italic))
        for child in element:
            if child.tag == _q("text", "span"):
                chain = self._style(child.get(_q("text", "style-name")))
                fonts.update(s.font for s in chain if s.font)
                span_bold = next((s.bold for s in chain if s.bold is not None), bold)
                span_italic = next((s.italic for s in chain if s.italic is not None), italic)
                self._text(child, span_bold, span_italic, out, fonts)
            elif child.tag == _q("text", "s"):
                spaces = count(child.get(_q("text", "c"), "1"), 10**12, 1) or 1
                if spaces > MAX_SPACES:
                    self.notices.append(f"đoạn {self.count}: một dãy {spaces} dấu cách (text:s) — đọc là {MAX_SPACES}")
                out.append((" " * min(spaces, MAX_SPACES), bold, italic))
            elif child.tag == _q("text", "tab"):
                out.append(("\t", bold, italic))
            elif child.tag == _q("text", "line-break"):
                out.append(("\n", bold, italic))
            elif child.tag == _q("text", "note"):
                out.append((self._note(child, fonts), bold, italic))
            elif isinstance(child.tag, str) and _name(child.tag) not in _SKIPPED:
                # a link, a field (date, page count, cross-reference, sequence): the text it shows
                self._text(child, bold, italic, out, fonts)
            if child.tail:
                out.append((child.tail, bold, italic))


    def _note(self, note: etree._Element, fonts: set[str]) -> str:
        body = note.find(_q("text", "note-body"))
        pieces: list[tuple[str, bool, bool]] = []
        for paragraph in body.iter(_q("text", "p"), _q("text", "h")) if body is not None else []:
            self._text(paragraph, False, False, pieces, fonts)
            pieces.append((" ", False, False))
        self.notes.append(" ".join("".join(piece for piece, _, _ in pieces).split()) or "(chú thích trống)")
        return f"[^{len(self.notes)}]"


_PREFIXES = {uri: prefix for prefix, uri in NS.items()} | {"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0": "draw"}


def _name(tag: str) -> str:
    """"{urn:…:text:1.0}date" → "text:date"."""
    uri, _, local = tag[1:].partition("}")
    return f"{_PREFIXES.get(uri, uri)}:{local}"
