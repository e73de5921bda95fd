"""Read a document's lines as a clerk reads them: title block, section tree, closing block.

Section labels are recognised whether typed ("I.", "1.", "3.1.", "a)", "Phần thứ nhất") or drawn
by automatic numbering (Line.label). Nesting follows the order in which the kinds of label appear:
a kind seen before closes the sections down to its sibling; a new kind opens a level below. What
cannot be placed goes in as text at its place and is listed; nothing is dropped silently except
dotted answer lines, which are counted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..forms.signature_words import NAME_PLACEHOLDER, SIGNER_PLACEHOLDER
from ..base.text import looks_like_legacy_encoding
from .label_repair import repair_labels
from .labels import classify
from .labels import is_upper as _is_upper
from .lines import Line, UnreadableFile

# "Hình thức: Theo quy định …" — a title, then its text as a sentence.
_TITLE_THEN_TEXT = re.compile(r"^([^:]{2,80}?)\s*:\s+([A-ZÀ-Ỹ“\"(].*)$")
_BULLET = re.compile(r"^[-–•+*▪◦·]\s*(?=\S)(.*)$")
_NOTE = re.compile(r"^(?:Lưu ý|Ghi chú|LƯU Ý)\s*:\s*(.*)$")
_DOTS = re.compile(r"^[\s.…_·-]*$")
_HEADING = re.compile(r"^(ĐỀ CƯƠNG(?: BÁO CÁO)?|BÁO CÁO|DỰ THẢO BÁO CÁO)[.:]?$", re.IGNORECASE)
# The name of another kind of document heading its header block (an outline may come as a Hướng dẫn).
_OTHER_HEADING = re.compile(r"^(HƯỚNG DẪN|KẾ HOẠCH|CÔNG VĂN|THÔNG BÁO|QUYẾT ĐỊNH|CHỈ THỊ|CHƯƠNG TRÌNH|QUY CHẾ)[.:]?$")
_ATTACHED = re.compile(r"^\(\s*(?:Kèm theo|Ban hành kèm theo)\b", re.IGNORECASE)
_RECIPIENT = re.compile(r"^Kính gửi\s*:\s*(.*)$", re.IGNORECASE)
# (A narrow cell, or a PDF's text, wraps the Quốc hiệu: "… CHỦ NGHĨA" / "VIỆT NAM".)
_NATIONAL = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ) XÃ HỘI CHỦ NGHĨA\b|^VIỆT NAM$|^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:\s*(.+)$")
_PLACE_DATE = re.compile(r"^(.{2,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_CLOSING_START = re.compile(r"^Nơi nhận\s*:?\s*(.*)$", re.IGNORECASE)
_CLOSING_TEXT = re.compile(r"^Trên đây (?:là|la)\b")
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S")
_FOOTNOTE_LINE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(.+)$")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\s\d¹²³⁴⁵⁶⁷⁸⁹⁰])([¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?=[\s.,;:)]|$)")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_LEGACY_FONT = re.compile(r"^\.?Vn|^VNI[- ]|^VN[- ]?Times|^\.VnTime", re.IGNORECASE)
_ARTIFACTS = re.compile(r"\[bookmark: [^\]\[]*\]")  # not across "[": linear on a line of unclosed ones
_OPENING_JUNK = re.compile(r"^[\s)\]}]+(?=\S)")
_INTRO = re.compile(r"^(Theo|Thực hiện|Căn cứ|Triển khai|Để|Nhằm|Ngày)\b")

_PLACEHOLDER = re.compile(r"…{2,}|\.{4,}")  # a blank left to fill in, as the portal's templates leave them
_TEMPLATE_WORDS = {SIGNER_PLACEHOLDER, NAME_PLACEHOLDER}


@dataclass
class Section:
    label: str | None
    title: str
    kind: str
    line: int
    content: list[Any] = field(default_factory=list)  # Section or (kind, text) blocks

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.label:
            out["label"] = self.label
        out["title"] = self.title
        if self.content:
            out["content"] = [block.data() if isinstance(block, Section) else {block[0]: block[1]} for block in self.content]
        return out


@dataclass
class Imported:
    """Everything read from the file, in the model's terms, plus what the review must say."""

    heading: str | None = None
    summary: str | None = None
    attachment_note: str | None = None
    recipient: str | None = None
    agency: list[str] = field(default_factory=list)  # the header block's agency lines
    number: str | None = None
    place: str | None = None
    date: str | None = None  # ISO
    introduction: list[str] = field(default_factory=list)
    sections: list[Any] = field(default_factory=list)  # Section or (kind, text)
    closing_text: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: dict[str, str] = field(default_factory=dict)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # went in as text at their place
    guessed: list[str] = field(default_factory=list)
    dropped_dots: int = 0
    numbered_by_word: int = 0  # labels that came from automatic numbering
    ocr: bool = False  # read by OCR from a scan or photo: to be read against the original
    repairs: list[str] = field(default_factory=list)  # labels OCR damaged, rewritten from their sequence

    def section_data(self) -> list[dict[str, Any]]:
        return [block.data() if isinstance(block, Section) else {block[0]: block[1]} for block in self.sections]

    def walk(self) -> list[tuple[int, Section]]:
        found: list[tuple[int, Section]] = []

        def visit(blocks: list[Any], depth: int) -> None:
            for block in blocks:
                if isinstance(block, Section):
                    found.append((depth, block))
                    visit(block.content, depth + 1)

        visit(self.sections, 1)
        return found


_BRACKETED_URL = re.compile(r"<(https?://[^<>\s]+)>")


def clean(text: str) -> str:
    # "<https://…>" is how Word's text export writes a link; the portal refuses "<" as markup.
    text = unicodedata.normalize("NFC", _BRACKETED_URL.sub(r"\1", _ARTIFACTS.sub("", text)))
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\n", " ")
    return re.sub(r" {2,}", " ", text).strip()


def split_title(title: str) -> tuple[str, str | None]:
    """"Hình thức: Theo quy định …" → ("Hình thức", "Theo quy định …") when a sentence follows the colon."""
    match = _TITLE_THEN_TEXT.match(title)
    if not match or len(match.group(2).split()) < 4 or "http" in match.group(1):
        return title, None
    return match.group(1), match.group(2)


def _auto_kind(label: str) -> str:
    found = classify(f"{label} x")
    return found[0] if found else "decimal"


def check_encoding(lines: list[Line], source: str) -> None:
    """TCVN3/VNI text (old fonts) would import as mojibake: refuse it with the fix."""
    fonts = sorted({font for line in lines for font in line.fonts if _LEGACY_FONT.match(font)})
    suspicious = [line for line in lines if looks_like_legacy_encoding(line.text)]
    if fonts or len(suspicious) >= max(1, len(lines) // 10):
        where = f" (phông {', '.join(fonts)})" if fonts else f" (ví dụ đoạn {suspicious[0].number}: “{suspicious[0].text[:40]}”)"
        raise UnreadableFile(
            f"{source}: văn bản được gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI{where}, không phải Unicode; nhập vào sẽ "
            "thành chữ lỗi. Cách sửa: mở tệp trong Word, chọn toàn bộ (Ctrl+A), sao chép, dùng Unikey → Công cụ "
            "chuyển mã (Ctrl+Shift+F6) với nguồn TCVN3 (ABC) hoặc VNI Windows, đích Unicode, dán lại, chọn phông "
            "Times New Roman, lưu tệp rồi chạy lại lệnh."
        )


def read_structure(lines: list[Line], source: str) -> Imported:
    check_encoding(lines, source)
    repairs: list[str] = []
    if any(line.ocr for line in lines):
        lines, repairs = repair_labels(lines)
    result = _Builder(lines).build()
    result.ocr, result.repairs = bool(repairs) or any(line.ocr for line in lines), repairs
    return result


class _Builder:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = [line for line in lines if clean(line.text)]
        self.result = Imported()
        self.stack: list[Section] = []
        self.index = 0
        self.table_decision: bool | None = None  # whether the table being read is the signature

    def build(self) -> Imported:
        first = self._first_section()
        self._head(self.lines[:first])
        self.index = first
        in_closing = False
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            text = clean(line.text)
            if self.index == 1:
                text = _OPENING_JUNK.sub("", text)
            if not in_closing and (_CLOSING_START.match(text) or (line.in_table and self.result.sections and self._signature_table())):
                in_closing = True
            if not in_closing and line.in_table and self.result.sections:
                self._table_cell(line, text)  # a table in the body is content of its section
                continue
            if in_closing:
                # A line break in the signature block separates its lines ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH").
                for part in line.text.split("\n"):
                    self._closing(line, clean(part))
            else:
                self._body(line, text)
        self._mark_footnotes()
        return self.result

    def _mark_footnotes(self) -> None:
        """Superscript digits become footnote marks [^n] only where footnote n exists ("km²" stays)."""
        marks = {mark for mark, _ in self.result.footnotes}
        if not marks:
            return

        def mark(text: str) -> str:
            return _FOOTNOTE_MARK.sub(
                lambda m: f"[^{m.group(1).translate(_SUPERSCRIPT)}]" if m.group(1).translate(_SUPERSCRIPT) in marks else m.group(0), text
            )

        def visit(blocks: list[Any]) -> None:
            for index, block in enumerate(blocks):
                if isinstance(block, Section):
                    block.title = mark(block.title)
                    visit(block.content)
                else:
                    blocks[index] = (block[0], mark(block[1]))

        visit(self.result.sections)
        self.result.introduction = [mark(text) for text in self.result.introduction]

    # -- where the sections start ---------------------------------------------------------------

    def _first_section(self) -> int:
        has_roman: bool | None = None  # asked once: per line, it made this loop quadratic
        for index, line in enumerate(self.lines):
            if line.in_table:
                continue
            text = _OPENING_JUNK.sub("", clean(line.text))
            kind = _auto_kind(line.label) if line.label and line.label != "-" else (classify(text) or ("", "", ""))[0]
            if kind in {"part", "roman", "muc", "dieu"}:
                return index
            if kind in {"decimal", "decimals"}:
                if has_roman is None:
                    has_roman = any(_has_roman(l) for l in self.lines)
                if not has_roman:
                    return index
        return len(self.lines)

    # -- title block ----------------------------------------------------------------------------

    def _head(self, lines: list[Line]) -> None:
        result = self.result
        summary: list[str] = []
        state = "before"
        for line in lines:
            text = _OPENING_JUNK.sub("", clean(line.text))
            if _NATIONAL.match(text):
                continue
            if match := _NUMBER.match(text):
                if not _PLACEHOLDER.search(match.group(1)):
                    result.number = match.group(1).strip()
                continue
            if line.in_table and _PLACEHOLDER.search(text):
                continue  # a heading field of a template, not filled in
            if match := _PLACE_DATE.match(text):
                result.place = match.group(1).strip()
                result.date = f"{match.group(4)}-{int(match.group(3)):02d}-{int(match.group(2)):02d}"
                continue
            if (_HEADING.match(text) or _OTHER_HEADING.match(text)) and state == "before":
                result.heading = text.rstrip(".:")
                state = "summary"
                continue
            if _ATTACHED.match(text):
                result.attachment_note = text
                state = "after"
                continue
            if match := _RECIPIENT.match(text):
                result.recipient = match.group(1).strip()
                state = "after"
                continue
            if state == "before" and line.in_table:
                if not _DOTS.match(text):
                    result.agency.append(text.strip("* "))
                continue
            if state == "summary" and (not summary or _continues(text, line, summary)):
                summary.append(text)
                continue
            state = "after" if state != "before" else state
            if _DOTS.match(text):
                result.dropped_dots += 1
                continue
            result.introduction.append(text)
        if summary:
            result.summary = " ".join(summary)

    # -- body -------------------------------------------------------------------------------------

    def _body(self, line: Line, text: str) -> None:
        result = self.result
        if _DOTS.match(text) and len(text) >= 3:
            result.dropped_dots += 1
            return
        if match := _FOOTNOTE_LINE.match(text):
            result.footnotes.append((match.group(1).translate(_SUPERSCRIPT), match.group(2)))
            return
        if line.label and line.label != "-":
            result.numbered_by_word += 1
            self._section(_auto_kind(line.label), line.label, text, line)
            return
        if line.label == "-":
            self._block("bullet", text, line)
            return
        if found := classify(text):
            kind, label, rest = found
            if kind in {"part", "muc"} and not rest.strip(" :.-–"):
                rest = self._part_title()
            self._section(kind, label, rest.strip(" :–-") if kind in {"part", "muc"} else rest, line)
            return
        if match := _BULLET.match(text):
            self._block("bullet", match.group(1), line)
            return
        if match := _NOTE.match(text):
            self._block("note", match.group(1), line)
            return
        if _CLOSING_TEXT.match(text) and self.result.sections:
            result.closing_text.append(text)
            return
        if self._looks_like_heading(line, text):
            self._section("unlabelled", "", text, line)
            result.guessed.append(f"đoạn {line.number}: “{_short(text)}” là tên mục không đánh số (theo kiểu chữ)")
            return
        if not self.stack:
            if result.sections or True:
                result.unplaced.append((line.number, _short(text)))
        self._block("text", text, line)

    def _part_title(self) -> str:
        """A part's title on the lines after "Phần thứ …": upper-case lines without a label."""
        parts = []
        while self.index < len(self.lines):
            line = self.lines[self.index]
            text = clean(line.text)
            if line.label or classify(text) or not _is_upper(text):
                break
            parts.append(text)
            self.index += 1
        return " ".join(parts)

    def _looks_like_heading(self, line: Line, text: str) -> bool:
        if line.in_table or len(text) > 160 or text.endswith((".", ";", ",")):
            return False
        return line.heading is not None or (line.bold and not line.italic) or (_is_upper(text) and len(text) > 3)

    def _section(self, kind: str, label: str, title: str, line: Line) -> None:
        text = None
        if kind not in {"part", "muc", "unlabelled"}:
            title, text = split_title(title.strip())
        section = Section(label or None, title.strip() or "(không có tên)", kind, line.number)
        if not title.strip():
            self.result.guessed.append(f"đoạn {line.number}: mục {label} không có tên; ghi “(không có tên)”, cần sửa")
        if kind == "part":
            self.stack.clear()
        elif kind == "unlabelled":
            if self.stack:
                self.stack.pop()  # beside the section it follows
        else:
            kinds = [s.kind for s in self.stack]
            if kind in kinds:
                del self.stack[kinds.index(kind):]
        parent = self.stack[-1].content if self.stack else self.result.sections
        parent.append(section)
        self.stack.append(section)
        if text:
            section.content.append(("text", text))

    def _block(self, kind: str, text: str, line: Line) -> None:
        target = self.stack[-1].content if self.stack else self.result.sections
        target.append((kind, text))

    # -- tables in the body, and the signature table ------------------------------------------------

    def _signature_table(self) -> bool:
        """Whether the table starting at the current line is the closing block: it holds "Nơi nhận",
        an authority ("TM.", "KT." …) or a template's signer placeholder. Any other table after the
        first section is content. Decided once per table (per line, a long table made it quadratic)."""
        start = self.index - 1
        if start > 0 and self.lines[start - 1].in_table and self.table_decision is not None:
            return self.table_decision
        self.table_decision = False
        for line in self.lines[start:]:
            if not line.in_table:
                break
            for part in line.text.split("\n"):
                text = clean(part).strip("* ")
                if _CLOSING_START.match(text) or _AUTHORITY.match(text) or text in _TEMPLATE_WORDS:
                    self.table_decision = True
                    return True
        return False

    def _table_cell(self, line: Line, text: str) -> None:
        previous = self.lines[self.index - 2] if self.index >= 2 else None
        if previous is None or not previous.in_table:
            self.result.guessed.append(f"đoạn {line.number}: bảng trong mục, giữ từng ô làm đoạn văn (xem lại cách trình bày)")
        if not _DOTS.match(text):
            self._block("text", text, line)

    # -- closing ----------------------------------------------------------------------------------

    def _closing(self, line: Line, text: str) -> None:
        result = self.result
        text = text.strip("* ")
        if not text or _DOTS.match(text) or text in _TEMPLATE_WORDS or _PLACEHOLDER.search(text):
            return  # blank, or a template's words waiting to be replaced
        if match := _CLOSING_START.match(text):
            if match.group(1):
                result.recipients.append(match.group(1).lstrip("-– "))
            return
        if match := _FOOTNOTE_LINE.match(text):
            result.footnotes.append((match.group(1).translate(_SUPERSCRIPT), match.group(2)))
            return
        if _CLOSING_TEXT.match(text):
            result.closing_text.append(text)
            return
        if match := _BULLET.match(text):
            result.recipients.append(match.group(1))
            return
        signer = result.signer
        if text.startswith("(") and text.endswith(")"):
            signer["note"] = text
        elif _AUTHORITY.match(text):
            if "authority" in signer:  # "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH": both are the authority
                result.guessed.append(f"đoạn {line.number}: hai dòng quyền hạn ký “{signer['authority']}” và “{text}”, ghi cả hai vào authority")
                signer["authority"] = f"{signer['authority']} {text}"
            else:
                signer["authority"] = text
        elif "title" not in signer and (_is_upper(text) or len(text.split()) <= 6) and "name" not in signer:
            signer["title"] = text
        elif "name" not in signer and 2 <= len(text.split()) <= 6 and not any(ch.isdigit() for ch in text):
            signer["name"] = text
        else:
            result.unplaced.append((line.number, _short(text)))
            result.closing_text.append(text)


def _continues(text: str, line: Line, summary: list[str]) -> bool:
    """Whether a line after the summary's first line is still the summary (it wraps)."""
    if _INTRO.match(text) or _ATTACHED.match(text) or classify(text):
        return False
    first = text[:1]
    return first.islower() or first in "“\"" or (line.bold and len(text) < 200)


def _has_roman(line: Line) -> bool:
    if line.label:
        return _auto_kind(line.label) == "roman"
    found = classify(_OPENING_JUNK.sub("", clean(line.text)))
    return bool(found and found[0] == "roman")


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
