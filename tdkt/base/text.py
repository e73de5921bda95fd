"""Vietnamese text handling: normalisation, folding, collation, slugs and dates."""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Callable

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    stripped = "".join(part for part in decomposed if unicodedata.category(part) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_D_MAP)


class _CharTable(dict[int, str]):
    """A str.translate table filled on first use of each character: folding a page's text is one
    C-level pass instead of a normalisation and a category lookup per character."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, code: int) -> str:
        value = self[code] = self._convert(chr(code))
        return value


_FOLD_TABLE = _CharTable(_fold_char)


def fold(text: str) -> str:
    """Remove diacritics: 'Đảng Lý Sơn' -> 'Dang Ly Son'.

    'đ' has no canonical decomposition, so it is mapped explicitly after stripping marks.
    """
    return text.translate(_FOLD_TABLE)


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


class _KeyTable(dict[str, tuple[int, int]]):
    def __missing__(self, ch: str) -> tuple[int, int]:
        value = self[ch] = _letter_key(ch)
        return value


_LETTER_KEYS = _KeyTable()


@functools.lru_cache(maxsize=1 << 16)
def sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """Collation key following Vietnamese alphabetical order (a ă â b c d đ e ê …).

    Letters compare first by base letter, then by tone, then by case, as dictionaries do.
    """
    letters = _LETTER_KEYS
    keys = [letters[ch] for ch in nfc(text) if not ch.isspace() or ch == " "]
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


_FOREIGN_LATIN1 = re.compile("[" + "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIETNAMESE_LATIN1) + "]")


def looks_like_legacy_encoding(text: str) -> bool:
    """True for a line such as 'C«ng t¸c thi ®ua' (TCVN3) or 'Coâng taùc' (VNI) read as Unicode."""
    foreign = len(_FOREIGN_LATIN1.findall(text))
    if foreign < 3:
        return False
    vietnamese = sum(1 for ch in unicodedata.normalize("NFD", text) if ch in _VIETNAMESE_SPECIFIC or "\u0300" <= ch <= "\u0323")
    return foreign * 3 > vietnamese


# Characters a content file must not hold (content.yamlsource refuses them, the importer drops
# them): what YAML refuses to read (C0 controls but tab and line breaks, DEL, surrogates,
# U+FFFE/U+FFFF), every C1 control (U+0085 is a line break to YAML, the others are text decoded
# with the wrong code page), and the bidi embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069) that can hide a line's real text in a review or a diff.
UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2029\u202f-\u2065\u206a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
