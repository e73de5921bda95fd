"""The section tree of an outline or a report: headings with ordered content blocks.

Structure is data, so that outlines can be compared, templates built and reports checked against
outlines section by section. A block is a sub-section (label + title), a paragraph of text, a
bullet item ("- …") or a note ("Lưu ý: …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag

from ..base.text import slugify
from .common import Entry, Line, Text


class Paragraph(Entry):
    text: Text = Field(title="Đoạn văn", description="Một đoạn hướng dẫn hoặc nội dung.")


class Bullet(Entry):
    bullet: Text = Field(title="Gạch đầu dòng", description="Một ý bắt đầu bằng “- ” trong văn bản gốc.")


class Note(Entry):
    note: Text = Field(title="Lưu ý", description="Nội dung sau chữ “Lưu ý:” trong văn bản gốc.")


class Section(Entry):
    label: Line | None = Field(
        None,
        title="Số mục",
        description="Số hoặc chữ đánh mục như văn bản gốc: “Phần thứ nhất”, “I.”, “1.”, “3.1.”, “a)”.",
    )
    title: Line = Field(title="Tên mục", description="Tên mục, giữ nguyên chữ hoa/thường như văn bản gốc.")
    anchor: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] | None = Field(
        None, title="Mã neo", description="Chỉ cần khi mục không có số: mã để liên kết tới mục."
    )
    content: list[Block] = Field(default_factory=list, title="Nội dung mục")


def _block_kind(value: Any) -> str:
    if isinstance(value, dict):
        return next((key for key in ("text", "bullet", "note") if key in value), "section")
    return {Paragraph: "text", Bullet: "bullet", Note: "note"}.get(type(value), "section")


Block = Annotated[
    Union[
        Annotated[Section, Tag("section")],
        Annotated[Paragraph, Tag("text")],
        Annotated[Bullet, Tag("bullet")],
        Annotated[Note, Tag("note")],
    ],
    Discriminator(_block_kind),
]

Section.model_rebuild()


# ---------------------------------------------------------------------------------------------
# Walking the tree


_LABEL_TRIM = re.compile(r"^[\s(]+|[\s.):]+$")


def label_key(label: str) -> str:
    """The part of a label used in section paths: 'III.' -> 'III', 'a)' -> 'a', '3.1.' -> '3.1'."""
    return _LABEL_TRIM.sub("", label)


@dataclass(frozen=True)
class PlacedSection:
    """A section with its position in the tree: path of label keys, depth and HTML anchor."""

    section: Section
    path: tuple[str, ...]
    depth: int  # 1 for top-level sections
    anchor: str

    @property
    def address(self) -> str:
        """Human-readable path used in data to point at a section: 'II > 2 > b'."""
        return " > ".join(self.path)


def walk_sections(blocks: list[Block], prefix: tuple[str, ...] = (), depth: int = 1) -> Iterator[PlacedSection]:
    """Every section of the tree in document order, with anchors unique within the document."""
    for index, block in enumerate(blocks, start=1):
        if not isinstance(block, Section):
            continue
        key = label_key(block.label) if block.label else (block.anchor or f"muc{index}")
        path = prefix + (key,)
        anchor = block.anchor or "muc-" + "-".join(slugify(part) or "x" for part in path)
        yield PlacedSection(block, path, depth, anchor)
        yield from walk_sections(block.content, path, depth + 1)


def normalise_address(address: str) -> tuple[str, ...]:
    return tuple(label_key(part) for part in address.split(">") if part.strip())
