"""Counters written as Word and LibreOffice write them: 3 → "III", "iii", "c", "C", "3".

Every number a file gives (a level, a start value, a space count) is untrusted: `count` reads it
strictly (ASCII digits, within a bound) and a label is never longer than a few characters.
"""

from __future__ import annotations

import re

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_DIGITS = re.compile(r"[0-9]{1,12}")

MAX_START = 32767  # the largest "Start at" Word offers; a list start above it is not a real outline's
MAX_ROMAN = 3999  # above it Roman numerals need overlines: the counter is written in digits
MAX_LETTERS = 26 * 10  # "jjjjjjjjjj": Word's letters repeat; beyond ten the counter is written in digits


def count(text: str | None, maximum: int, minimum: int = 0) -> int | None:
    """A number from a file's attribute, or None when it is not plain digits within the bounds
    ("x", "²", "1e9", "10000000000")."""
    if text is None or not _DIGITS.fullmatch(text.strip()):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def roman(value: int) -> str:
    if not 1 <= value <= MAX_ROMAN:
        return str(value)
    out = []
    for amount, letters in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def letters(value: int) -> str:
    """a … z, then aa, bb (Word) — Word's counting, without the Vietnamese "đ"."""
    if not 1 <= value <= MAX_LETTERS:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    """fmt: a Word numFmt (upperRoman, decimal, lowerLetter…) or an ODF num-format (I, i, 1, a, A)."""
    if fmt in {"upperRoman", "I"}:
        return roman(value)
    if fmt in {"lowerRoman", "i"}:
        return roman(value).lower()
    if fmt in {"lowerLetter", "a"}:
        return letters(value)
    if fmt in {"upperLetter", "A"}:
        return letters(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def start_value(value: str | None, notices: list[str], where: str = "") -> int:
    """A list's start value; one that is not a number up to MAX_START counts from 1, said in the review."""
    if value is None:
        return 1
    start = count(value, MAX_START)
    if start is None:
        notices.append(f"{where}số bắt đầu danh sách “{short(value)}” không hợp lệ (tối đa {MAX_START}) — đếm lại từ 1, cần đối chiếu số mục")
        return 1
    return start


def short(text: str, width: int = 20) -> str:
    """A value from the file as the review quotes it: a bomb of a value is not printed whole."""
    return text if len(text) <= width else text[: width - 1] + "…"
