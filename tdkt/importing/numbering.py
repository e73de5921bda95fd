"""Counters written as Word and LibreOffice write them: 3 → "III", "iii", "c", "C", "3"."""

from __future__ import annotations

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(value: int) -> str:
    out = []
    for amount, letters in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def letters(value: int) -> str:
    """a … z, then aa, bb (Word) — Word's counting, without the Vietnamese "đ"."""
    if value < 1:
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
