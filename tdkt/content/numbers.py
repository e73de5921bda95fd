"""Document numbers in running text ("Chỉ thị số 34-CT/TW", "Chỉ thị 34/CT-TW"…): how they are
recognised and compared. Kept apart from mentions.py (which walks the content model) so that the
site builder can link numbers in finished HTML without loading the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..base.text import fold

_TYPES = r"Chỉ thị|Kế hoạch|Quyết định|Công văn|Văn bản|Nghị định|Nghị quyết|Thông tư|Hướng dẫn|Thông báo"
_NUMBER = r"\d+(?:/\d{4})?[-/][A-ZĐ][A-ZĐa-zđ]*(?:[-/][A-ZĐ][A-ZĐa-zđ]*)*"
MENTION = re.compile(rf"(?P<type>{_TYPES})\s+(?:số\s+)?(?P<number>{_NUMBER})", re.IGNORECASE)


def number_key(number: str) -> tuple[str, ...]:
    """'34-CT/TW', '34/CT-TW', '34/ct-tw' -> ('34', 'CT', 'TW')."""
    return tuple(part for part in re.split(r"[-/\s]+", fold(number).upper()) if part)


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
