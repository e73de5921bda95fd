"""Vietnamese text handling: normalisation, folding, collation, slugs and dates."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove diacritics: 'Đảng Lý Sơn' -> 'Dang Ly Son'.

    'đ' has no canonical decomposition, so it is mapped explicitly after stripping marks.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_D_MAP)


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug for URLs: 'Nuôi heo đất, gửi yêu thương' -> 'nuoi-heo-dat-gui-yeu-thuong'."""
    return _SLUG_STRIP.sub("-", fold(text).lower()).strip("-")


# Vietnamese alphabetical order: base letters, then tone as a secondary key.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ơ"}


def _letter_key(ch: str) -> tuple[int, int]:
    parts = unicodedata.normalize("NFD", ch.lower())
    base, marks = parts[0], parts[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == "\u0306":
            base = "ă"
        elif mark == "\u0302":
            base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        elif mark == "\u031b":
            base = {"o": "ơ", "u": "ư"}.get(base, base)
    if base in _BASE_RANK:
        return (100 + _BASE_RANK[base], tone)
    if base.isdigit():
        return (10 + int(base), 0)
    return (ord(base) + 1000, tone) if base.isalnum() else (0, 0)


def sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """Collation key following Vietnamese alphabetical order (a ă â b c d đ e ê …).

    Letters compare first by base letter, then by tone, then by case, as dictionaries do.
    """
    keys = tuple(_letter_key(ch) for ch in nfc(text) if not ch.isspace() or ch == " ")
    primary = tuple((k[0], 0) for k in keys if k[0])
    secondary = tuple(k[1] for k in keys if k[0])
    return (primary, secondary, text)


def format_date(value: _dt.date | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


# Legacy Vietnamese encodings (TCVN3, VNI) decoded as if they were Unicode show Latin-1 characters
# that Vietnamese never uses ("C«ng t¸c thi ®ua", "Coâng taùc thi ñua").
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VIETNAMESE_SPECIFIC = set("ăâđêôơưĂÂĐÊÔƠƯ")


def looks_like_legacy_encoding(text: str) -> bool:
    """True for a line such as 'C«ng t¸c thi ®ua' (TCVN3) or 'Coâng taùc' (VNI) read as Unicode."""
    foreign = sum(1 for ch in text if "\u00a1" <= ch <= "\u00ff" and ch not in _VIETNAMESE_LATIN1)
    if foreign < 3:
        return False
    vietnamese = sum(1 for ch in unicodedata.normalize("NFD", text) if ch in _VIETNAMESE_SPECIFIC or "\u0300" <= ch <= "\u0323")
    return foreign * 3 > vietnamese
