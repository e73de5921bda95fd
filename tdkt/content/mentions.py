"""Mentions of documents in running text ("Chỉ thị số 34-CT/TW", "Chỉ thị 34/CT-TW"…).

A mention is recognised by a document type followed by a number; the number is compared in a
normalised form (folded, upper case, split on "-" and "/"), so "34-CT/TW" and "34/CT-TW" are the
same document. Mentions become links on pages, "cited in" lists on document pages, and problems
for `check` when no document of the catalog carries the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model.sections import Bullet, Note, Paragraph, Section, walk_sections
from .numbers import MENTION, find_mentions, link_mentions, number_key

__all__ = ["MENTION", "Mention", "find_mentions", "link_mentions", "number_key", "record_mentions", "excerpt"]


@dataclass(frozen=True)
class Mention:
    number: str  # as written
    key: tuple[str, ...]
    path: tuple[str | int, ...]  # where in the record's data
    section: str | None  # the section address ("II > 1") in an outline or report
    text: str  # the paragraph it stands in


def record_mentions(entry: object) -> Iterator[Mention]:
    """Every mention in the text of an outline or a report, with its data path and section."""
    for key in ("summary", "attachment_note"):
        if text := getattr(entry, key, None):
            yield from _in(text, (key,), None)
    for index, paragraph in enumerate(getattr(entry, "introduction", []) or []):
        yield from _in(paragraph, ("introduction", index), None)
    sections = getattr(entry, "sections", []) or []
    addresses = {id(placed.section): placed.address for placed in walk_sections(sections)}
    yield from _in_blocks(sections, ("sections",), None, addresses)
    for index, footnote in enumerate(getattr(entry, "footnotes", []) or []):
        yield from _in(footnote.text, ("footnotes", index, "text"), None)
    closing = getattr(entry, "closing", None)
    for index, paragraph in enumerate(closing.text if closing else []):
        yield from _in(paragraph, ("closing", "text", index), None)


def _in_blocks(blocks: list, path: tuple[str | int, ...], section: str | None, addresses: dict[int, str]) -> Iterator[Mention]:
    for index, block in enumerate(blocks):
        here = path + (index,)
        if isinstance(block, Section):
            address = addresses[id(block)]
            yield from _in(block.title, here + ("title",), address)
            yield from _in_blocks(block.content, here + ("content",), address, addresses)
        else:
            key, text = _block_text(block)
            yield from _in(text, here + (key,), section)


def _block_text(block: object) -> tuple[str, str]:
    if isinstance(block, Paragraph):
        return "text", block.text
    if isinstance(block, Bullet):
        return "bullet", block.bullet
    if isinstance(block, Note):
        return "note", block.note
    raise TypeError(f"unknown block {type(block).__name__}")


def _in(text: str, path: tuple[str | int, ...], section: str | None) -> Iterator[Mention]:
    for match in find_mentions(text):
        number = match.group("number")
        yield Mention(number, number_key(number), path, section, text)


def excerpt(text: str, number: str, width: int = 160) -> str:
    """The sentence around a mention, cut to about width characters on word boundaries."""
    plain = text.replace("**", "").replace("*", "")
    plain = re.sub(r"\[\^\w+\]", "", plain)
    at = plain.find(number)
    if at < 0 or len(plain) <= width:
        return plain
    start = max(0, plain.rfind(" ", 0, max(0, at - width // 2)) + 1)
    end = plain.find(" ", min(len(plain), at + len(number) + width // 2))
    end = len(plain) if end < 0 else end
    return ("…" if start > 0 else "") + plain[start:end] + ("…" if end < len(plain) else "")


