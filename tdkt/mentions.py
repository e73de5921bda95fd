"""Mentions of documents in running text ("Chỉ thị số 34-CT/TW", "Chỉ thị 34/CT-TW"…).

A mention is recognised by a document type followed by a number; the number is compared in a
normalised form (folded, upper case, split on "-" and "/"), so "34-CT/TW" and "34/CT-TW" are the
same document. Mentions become links on pages, "cited in" lists on document pages, and problems
for `check` when no document of the catalog carries the number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .model.sections import Bullet, Note, Paragraph, Section, walk_sections
from .text import fold

_TYPES = r"Chỉ thị|Kế hoạch|Quyết định|Công văn|Văn bản|Nghị định|Nghị quyết|Thông tư|Hướng dẫn|Thông báo"
_NUMBER = r"\d+(?:/\d{4})?[-/][A-ZĐ][A-ZĐa-zđ]*(?:[-/][A-ZĐ][A-ZĐa-zđ]*)*"
MENTION = re.compile(rf"(?P<type>{_TYPES})\s+(?:số\s+)?(?P<number>{_NUMBER})", re.IGNORECASE)


def number_key(number: str) -> tuple[str, ...]:
    """'34-CT/TW', '34/CT-TW', '34/ct-tw' -> ('34', 'CT', 'TW')."""
    return tuple(part for part in re.split(r"[-/\s]+", fold(number).upper()) if part)


@dataclass(frozen=True)
class Mention:
    number: str  # as written
    key: tuple[str, ...]
    path: tuple[str | int, ...]  # where in the record's data
    section: str | None  # the section address ("II > 1") in an outline or report
    text: str  # the paragraph it stands in


# Every number has a digit followed by "-" or "/" and a letter: a text without one is skipped
# before the (slow, case-insensitive) search for document types.
_MAY_HAVE_NUMBER = re.compile(r"\d[-/][A-ZĐ]", re.IGNORECASE)


def find_mentions(text: str) -> Iterator[re.Match[str]]:
    if not _MAY_HAVE_NUMBER.search(text):
        return iter(())
    return MENTION.finditer(text)


def link_mentions(text: str, replace: Callable[[re.Match[str]], str]) -> str:
    """text with every mention replaced by replace(match)."""
    if not _MAY_HAVE_NUMBER.search(text):
        return text
    return MENTION.sub(replace, text)


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


