"""What a reader hands on: the lines, plus what the review must say about how they were read
(a footnote moved to the end, a number too large to be a list's start, characters dropped)."""

from __future__ import annotations

from collections.abc import Iterable

from .lines import Line


class ReadLines(list[Line]):
    """A reader's lines with its notices; a plain list of lines (another reader's) has none."""

    def __init__(self, lines: Iterable[Line] = (), notices: Iterable[str] = ()) -> None:
        super().__init__(lines)
        self.notices: list[str] = list(notices)


def notices_of(lines: list[Line]) -> list[str]:
    return lines.notices if isinstance(lines, ReadLines) else []


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def note_lines(notes: list[str], after: int) -> list[Line]:
    """Footnote bodies as the lines "¹ …" a text file ends with, numbered on from line `after`:
    the structure reader finds them there as it does in a text outline."""
    return [Line(f"{str(index).translate(_SUPERSCRIPT)} {text}", after + index) for index, text in enumerate(notes, start=1)]
