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
from ..render.inline import count_fill_ins, plain

DOTS = "…………………………"
LINE = "…" * 46  # a full line to write on at 14 pt in the NĐ 30 text width
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LAYOUT_NOTE = "Thể thức theo Phụ lục I Nghị định số 30/2020/NĐ-CP"
SIGNER_PLACEHOLDER = "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ"
NAME_PLACEHOLDER = "Họ và tên"

BlockKind = Literal["part", "heading", "guidance", "item", "note", "answer"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    label: str = ""  # for parts and headings
    level: int = 1  # heading level, 1 = "I." (or "Phần …" when the outline has parts)
    slot: str = ""  # parts and headings: the section's anchor, where a drafted answer goes


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


def _plan_blocks(
    items: list, depth: int, guidance: bool, out: list[Block], attachments: list[str], anchors: dict[int, str]
) -> None:
    for item in items:
        if isinstance(item, Section):
            _plan_section(item, depth, guidance, out, attachments, anchors)
        elif isinstance(item, Bullet):
            text = plain(item.bullet)
            out.append(Block("item", text))
            if _ATTACHMENT.search(text):
                attachments.append(text)
            elif not count_fill_ins(text):
                out.append(Block("answer", LINE))
        elif isinstance(item, Paragraph) and guidance:
            out.append(Block("guidance", plain(item.text)))
            if _ATTACHMENT.search(item.text):
                attachments.append(plain(item.text))
        elif isinstance(item, Note) and guidance:
            out.append(Block("note", f"Lưu ý: {plain(item.note)}"))


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

