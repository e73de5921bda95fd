"""A blank report form planned from an outline, independent of the file format that writes it.

The plan follows Phụ lục I of Nghị định 30/2020/NĐ-CP: header block, document type and summary,
"Kính gửi", the outline's sections as headings, dotted lines to write in, and the closing block.
Two variants: with the outline's guidance (italic, for the clerk to replace) and blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model.outline import Outline
from ..model.sections import Bullet, Note, Paragraph, Section, walk_sections
from ..base.inline import plain
from ..base.text import fold
from .signature_words import NAME_PLACEHOLDER, SIGNER_PLACEHOLDER

DOTS = "…………………………"
LINE = "…" * 46  # a full line to write on at 14 pt in the NĐ 30 text width
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LAYOUT_NOTE = "Thể thức theo Phụ lục I Nghị định số 30/2020/NĐ-CP"

BlockKind = Literal["part", "heading", "guidance", "item", "note", "fill", "answer"]
BlankKind = Literal["number", "percent", "text"]

# A dotted leader to fill in ("đạt….%", "......."), not an ellipsis ("…", "..."): the rule by which
# tdkt/render/inline.py marks fill-ins on pages, so that page and forms count the same blanks.
_DOT_RUN = re.compile(r"(?:[.…]*…[.…]*|\.{4,})")
_PERCENT_AFTER = re.compile(r"^\s*%")
_COUNT_AFTER = re.compile(r"^\s*(nguoi|tap the|ca nhan|luot|don vi|xa|ho|hoc sinh|lop|truong|co so|mo hinh|sang kien|dong|trieu|ty|nam|thang)\b")
_COUNT_BEFORE = re.compile(r"(?<!\w)(số|tổng|bao nhiêu|tỷ lệ|tỉ lệ|đạt|tăng|giảm)(?!\w)")


@dataclass(frozen=True)
class Blank:
    """A run of dots to write in, inside a line of a section's own text.

    Its name, "<section anchor>.<index>" (index 1-based within the section, in text order), is how
    the drafting page keeps its value; the DOCX template marks it with the bookmark
    "_tdkt_m<n>_b<index>" (section n in document order)."""

    index: int
    kind: BlankKind  # number or percentage: a numeric input, totalled or averaged by the synthesis
    dots: str
    label: str  # what the line asks here: the words before the blank, for the input's name


Piece = str | Blank


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    label: str = ""  # for parts and headings
    level: int = 1  # heading level, 1 = "I." (or "Phần …" when the outline has parts)
    slot: str = ""  # parts and headings: the section's anchor, where a drafted answer goes
    pieces: tuple[Piece, ...] = ()  # a text with blanks: the text cut at each run of dots


@dataclass(frozen=True)
class Signer:
    authority: str
    title: str
    note: str
    name: str


@dataclass(frozen=True)
class FormPlan:
    outline_id: str
    variant: Literal["huong-dan", "ban-trang"]
    title: str  # the outline's name, for file metadata
    superior: str
    issuer: str
    number: str
    place_date: str
    doc_type: str
    summary: str
    recipient: str  # "Kính gửi", filled when the outline says who sent it
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    signer: Signer
    attachments: tuple[str, ...]  # sentences that refer to attached tables

    @property
    def with_guidance(self) -> bool:
        return self.variant == "huong-dan"


VARIANTS: dict[str, str] = {"huong-dan": "Bản có hướng dẫn", "ban-trang": "Bản trắng"}

_ATTACHMENT = re.compile(r"biểu đính kèm|phụ lục", re.IGNORECASE)


def plan_form(outline_id: str, outline: Outline, variant: Literal["huong-dan", "ban-trang"]) -> FormPlan:
    blocks: list[Block] = []
    attachments: list[str] = []
    anchors = {id(placed.section): placed.anchor for placed in walk_sections(outline.sections)}
    _plan_blocks(outline.sections, 1, variant == "huong-dan", blocks, attachments, anchors)
    signer = outline.closing.signer if outline.closing and outline.closing.signer else None
    return FormPlan(
        outline_id=outline_id,
        variant=variant,
        title=plain(outline.title),
        superior=DOTS,
        issuer=DOTS,
        number="Số: ……/BC-……",
        place_date="……, ngày …… tháng …… năm ……",
        doc_type="BÁO CÁO",
        summary=report_summary(outline),
        recipient=f"{outline.issuer}." if outline.issuer else DOTS,
        blocks=tuple(blocks),
        recipients=("Như trên;", "……;", "Lưu: VT, ……."),
        signer=Signer(
            authority="",
            title=(signer.title if signer and signer.title else SIGNER_PLACEHOLDER).upper(),
            note=signer.note if signer and signer.note else "(Chữ ký, dấu)",
            name=NAME_PLACEHOLDER,
        ),
        attachments=tuple(attachments),
    )


def report_summary(outline: Outline) -> str:
    """The summary line of the report a clerk writes: the outline's own, as far as it gives one."""
    if outline.report_summary:
        return plain(outline.report_summary)
    summary = plain(outline.summary or outline.title)
    summary = re.sub(r"^(Đề cương báo cáo|Đề cương|Báo cáo)\s+", "", summary, flags=re.IGNORECASE)
    return summary[:1].upper() + summary[1:]


def fill_in_pieces(text: str, first: int = 1) -> tuple[Piece, ...]:
    """The text cut at each blank (numbered from first); a text without blanks is one piece."""
    pieces: list[Piece] = []
    at = 0
    index = first
    for match in _DOT_RUN.finditer(text):
        run = match.group(0)
        if run.count(".") + 3 * run.count("…") < 4:
            continue  # an ellipsis
        before = text[at : match.start()]
        if before:
            pieces.append(before)
        clause = before.split(";")[-1]
        pieces.append(Blank(index, _blank_kind(clause, text[match.end() :]), run, _blank_label(clause, text[match.end() :])))
        index += 1
        at = match.end()
    if text[at:] or not pieces:
        pieces.append(text[at:])
    return tuple(pieces)


def _blank_kind(before: str, after: str) -> BlankKind:
    if _PERCENT_AFTER.match(after):
        return "percent"
    if _COUNT_AFTER.match(fold(after).lower()) or _COUNT_BEFORE.search(before.lower()):
        return "number"
    return "text"


def _blank_label(before: str, after: str) -> str:
    words = " ".join(before.strip(" -–,(:%").split()) or "Chỗ điền"
    words = words[:1].upper() + words[1:]
    return f"{words} (%)" if _PERCENT_AFTER.match(after) else words


def blanks_of(pieces: tuple[Piece, ...]) -> list[Blank]:
    return [piece for piece in pieces if isinstance(piece, Blank)]


@dataclass(frozen=True)
class FillLine:
    """A line of a section's own text that holds blanks, as the drafting page shows it."""

    kind: Literal["item", "text", "note"]
    pieces: tuple[Piece, ...]


def section_fill_lines(section: Section) -> tuple[FillLine, ...]:
    """The section's own lines that hold blanks, the blanks numbered 1, 2, … in text order: the
    numbering plan_form gives the template's bookmarks."""
    lines: list[FillLine] = []
    count = 0
    for kind, text in _own_lines(section):
        pieces = fill_in_pieces(text, count + 1)
        found = blanks_of(pieces)
        if found:
            lines.append(FillLine(kind, pieces))
            count += len(found)
    return tuple(lines)


def _own_lines(section: Section) -> list[tuple[Literal["item", "text", "note"], str]]:
    lines: list[tuple[Literal["item", "text", "note"], str]] = []
    for item in section.content:
        if isinstance(item, Bullet):
            lines.append(("item", plain(item.bullet)))
        elif isinstance(item, Paragraph):
            lines.append(("text", plain(item.text)))
        elif isinstance(item, Note):
            lines.append(("note", f"Lưu ý: {plain(item.note)}"))
    return lines


def _plan_blocks(
    items: list, depth: int, guidance: bool, out: list[Block], attachments: list[str], anchors: dict[int, str]
) -> None:
    blanks = 0  # of this section's own text, numbered as section_fill_lines numbers them
    for item in items:
        if isinstance(item, Section):
            _plan_section(item, depth, guidance, out, attachments, anchors)
            continue
        text = plain(item.bullet) if isinstance(item, Bullet) else plain(item.text) if isinstance(item, Paragraph) else f"Lưu ý: {plain(item.note)}" if isinstance(item, Note) else ""
        pieces = fill_in_pieces(text, blanks + 1)
        found = len(blanks_of(pieces))
        blanks += found
        kept = pieces if found else ()
        if isinstance(item, Bullet):
            out.append(Block("item", text, pieces=kept))
            if _ATTACHMENT.search(text):
                attachments.append(text)
            elif not found:
                out.append(Block("answer", LINE))
        elif isinstance(item, Paragraph) and (guidance or found):
            # A paragraph with blanks is a line to fill in, kept in the blank form too.
            out.append(Block("guidance" if guidance else "fill", text, pieces=kept))
            if _ATTACHMENT.search(item.text):
                attachments.append(text)
        elif isinstance(item, Note) and (guidance or found):
            out.append(Block("note" if guidance else "fill", text, pieces=kept))


def _plan_section(
    section: Section, depth: int, guidance: bool, out: list[Block], attachments: list[str], anchors: dict[int, str]
) -> None:
    label = plain(section.label or "")
    slot = anchors[id(section)]
    if label.lower().startswith("phần"):
        out.append(Block("part", plain(section.title), label=label, level=1, slot=slot))
    else:
        out.append(Block("heading", plain(section.title), label=label, level=min(depth, 4), slot=slot))
    _plan_blocks(section.content, depth + 1, guidance, out, attachments, anchors)
    if not any(isinstance(child, (Section, Bullet)) for child in section.content):
        out.append(Block("answer", LINE))

