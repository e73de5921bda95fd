"""From words placed on a page (a PDF's text layer, or what OCR read) to the paragraphs a clerk
sees: rows by their vertical position, columns by wide gaps (the header and signature blocks
stand side by side), and rows joined into paragraphs where a line only wraps.

A row continues the paragraph above when its first word would not have fitted at the end of the
line above, it carries no label, it is not indented further, and style and spacing stay the same.
"""

from __future__ import annotations

import re
from statistics import median
from typing import NamedTuple

from .lines import Line

_LABEL_START = re.compile(
    r"^(?:PHẦN|Phần|Mục|MỤC|Điều|ĐIỀU)\s|^[IVXLC]+\s*[.)/\-–](?!\d)|^\d{1,2}(?:\.\d{1,2})*\s*[.)/\-–](?!\d)|^[a-zđ]\s*[)/\-–]\s|^[-–•+*▪◦·]\s"
)
_LABEL_ONLY = re.compile(r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)/\-–]$|^[-–•+*▪◦·]$")
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,4}[-–\s]*$")


class Word(NamedTuple):  # a tuple: thousands a page are made
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size, or the height of the letters as OCR saw them
    bold: bool = False
    italic: bool = False
    font: str = ""
    ocr: bool = False  # read by OCR from a picture of the page


class Row:
    """A line of words on a page (or one cell of it), with what the paragraph reader asks of it
    worked out once: thousands are made for a long PDF, and each is asked many times."""

    __slots__ = ("words", "page", "in_table", "text", "x0", "x1", "top", "bottom", "size", "bold", "italic", "text_x0")

    def __init__(self, words: list[Word], page: int, in_table: bool = False) -> None:
        self.words = words
        self.page = page
        self.in_table = in_table
        self.text = " ".join(word.text for word in words)
        self.x0 = words[0].x0
        self.x1 = words[-1].x1
        self.top = min(word.top for word in words)
        self.bottom = max(word.bottom for word in words)
        # The label drawn by automatic numbering is often set smaller and not bold: style is the text's.
        text_words = words[1:] if len(words) > 1 and _LABEL_ONLY.match(words[0].text) else words
        self.size = median(word.size for word in text_words)
        self.bold = all(word.bold for word in text_words)
        self.italic = all(word.italic for word in text_words)
        self.text_x0 = text_words[0].x0  # where a wrapped line of a hanging indent starts

    def __repr__(self) -> str:
        return f"Row({self.text!r}, page={self.page}, in_table={self.in_table})"


def page_rows(words: list[Word], page: int, height: float) -> list[Row]:
    """The page's rows, top to bottom; a row with a wide gap splits into side-by-side cells."""
    rows: list[list[Word]] = []
    top = bottom = 0.0  # of the row being filled
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if rows and top <= middle <= bottom:
            rows[-1].append(word)
            top, bottom = min(top, word.top), max(bottom, word.bottom)
        else:
            rows.append([word])
            top, bottom = word.top, word.bottom
    visual: list[list[list[Word]]] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        if height and _PAGE_NUMBER.match(" ".join(w.text for w in row)) and not (0.08 * height < row[0].top < 0.92 * height):
            continue  # a page number in the top or bottom margin, not content
        visual.append(_cells(row))
    out: list[Row] = []
    for index, cells in enumerate(visual):
        neighbours = [visual[i] for i in (index - 1, index + 1) if 0 <= i < len(visual) and len(visual[i]) > 1
                      and _close(cells[0], visual[i])]
        in_table = len(cells) > 1 or any(_within_one_cell(cells[0], other) for other in neighbours)
        for cell in cells:
            out.append(Row(cell, page, in_table=in_table))
    return out


def _close(words: list[Word], cells: list[list[Word]]) -> bool:
    """Vertically next to the other row, without the space that separates paragraphs."""
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    other_top, other_bottom = min(w.top for c in cells for w in c), max(w.bottom for c in cells for w in c)
    gap = max(top - other_bottom, other_top - bottom)
    return gap < 0.4 * max(w.size for w in words)


def _within_one_cell(words: list[Word], cells: list[list[Word]]) -> bool:
    """A line beside a row of cells that stays inside one of its columns: a cell's text wrapped
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM"), not a paragraph across the page."""
    left, right = words[0].x0, words[-1].x1
    overlapping = [cell for cell in cells if left < cell[-1].x1 and right > cell[0].x0]
    return len(overlapping) == 1


def _cells(row: list[Word]) -> list[list[Word]]:
    cells: list[list[Word]] = [[row[0]]]
    for word in row[1:]:
        previous = cells[-1][-1]
        gap = word.x0 - previous.x1
        label_only = len(cells[-1]) == 1 and _LABEL_ONLY.match(previous.text)
        if gap > 3.5 * max(word.size, previous.size) and not label_only:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def paragraphs(pages: list[list[Row]], width: float = 0.0) -> list[Line]:
    """Rows of all pages joined into paragraphs, as Lines numbered from 1. The right edge of the
    text is where the longest line ends, or the page's width less its left margin (a short
    document may have no full line)."""
    rows = [row for page in pages for row in page]
    body = [row for row in rows if not row.in_table]
    right = max((row.x1 for row in body), default=0.0)
    if width and body:
        right = max(right, width - min(row.x0 for row in body))
    spacing = _line_spacing(body)
    lines: list[Line] = []
    current: list[Row] = []

    def flush() -> None:
        if current:
            first = current[0]
            text = " ".join(row.text for row in current)
            fonts = tuple(sorted({word.font for row in current for word in row.words if word.font}))
            lines.append(Line(text, 1 + len(lines), bold=all(r.bold for r in current), italic=all(r.italic for r in current),
                              in_table=first.in_table, fonts=fonts, ocr=any(w.ocr for r in current for w in r.words)))
            current.clear()

    for row in rows:
        if current and _continues(current, row, right, spacing):
            current.append(row)
        else:
            flush()
            current.append(row)
    flush()
    return lines


def _line_spacing(rows: list[Row]) -> float:
    steps = [b.top - a.top for a, b in zip(rows, rows[1:]) if a.page == b.page and 0 < b.top - a.top < 3 * a.size]
    return median(steps) if steps else 0.0


def _continues(current: list[Row], row: Row, right: float, spacing: float) -> bool:
    previous = current[-1]
    if row.in_table or previous.in_table or _LABEL_START.match(row.text):
        return False
    if abs(row.size - previous.size) > 1 or row.bold != previous.bold or row.italic != previous.italic:
        return False
    if row.page == previous.page and spacing and row.top - previous.top > 1.25 * spacing:
        return False  # space between paragraphs
    first_word = row.words[0]
    space = 0.3 * previous.size
    if previous.x1 + space + (first_word.x1 - first_word.x0) < right - previous.size:
        return False  # the line above ended short: its paragraph ended there
    tolerance = 0.6 * row.size
    # Not indented further than the line above (a first-line indent starts a paragraph), or under
    # the text after the label (a hanging indent).
    return row.x0 <= previous.x0 + tolerance or abs(row.x0 - current[0].text_x0) <= tolerance
