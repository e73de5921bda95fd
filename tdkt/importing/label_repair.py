"""Labels OCR damaged, repaired from their sequence: a dropped dot ("II KẾT QUẢ"), "l" or "1" read
for "I", "u" for "II", a lost letter ("II" where the sequence needs "III"), "b]" for "b)". Only the
label is rewritten, and only where the sequence says what it must be; every repair is returned
for the review. The text after the label stays as OCR read it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .labels import classify, is_upper
from .lines import Line

def _roman(number: int) -> str:
    out = ""
    for value, letters in ((90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


_ROMANS = [_roman(number) for number in range(1, 100)]
_LETTERS_VI = "abcdđeghiklmnopqrstuvxy"
_LETTERS_LATIN = "abcdefghijklmnopqrstuvwxyz"  # Word's automatic "a)" counts without "đ"

_ROMAN_LIKE = re.compile(r"^([IVXLlιi1|!uUnmH]{1,5})\s*([.,:;)/\-–—]?)\s+(?=\S)(.*)$")
_DECIMAL_LIKE = re.compile(r"^(\d{1,2})\s*([.,:;)/\-–]|[A-Za-z](?=\s))?\s+(?=\S)(.*)$")
_LETTER_LIKE = re.compile(r"^([a-zđ])\s*([)\]}|1l/\-–]|[^\s\w](?=\s)|[ạảãàáặẹẻ](?=\s))\s*(?=\S)(.*)$")
_STRAY = re.compile(r"^[_—–|.,:;'‘’\"`~]{1,3}\s+(?=\S)")  # a mark OCR read in the gap after a label
# "ỗ;" where "2." was: a glyph no label or bullet is written with, then the next title of its list.
_JUNK_NUMBER = re.compile(r"^([^\x00-\x7f\s–—…•·▪◦“”‘’][;:,.'’]?)\s+(?=\S)(.*)$")
_CONFUSED = str.maketrans({"l": "I", "ι": "I", "1": "I", "|": "I", "!": "I", "i": "I"})


def repair_labels(lines: list[Line]) -> tuple[list[Line], list[str]]:
    separators = _separators(lines, classify)
    out: list[Line] = []
    repairs: list[str] = []
    roman, decimal, letter = 0, 0, -1  # the last value seen of each kind
    for line in lines:
        text = line.text.strip()
        found = classify(text)
        kind, value = _value(found)
        if kind == "roman" and value not in {roman, roman + 1} and _repair(text, roman, decimal, letter, separators):
            kind, found = None, None  # "L/" where "I/" must be: out of sequence, and made of letters OCR confuses
        if kind == "roman" and value == roman and roman:  # the same label twice: OCR lost a letter
            fixed = _ROMANS[roman] if roman < len(_ROMANS) else None
            if fixed:
                new = f"{fixed}{separators['roman']} {found[2]}"  # type: ignore[index]
                repairs.append(_note(line, text, fixed + separators["roman"]))
                line, value = replace(line, text=new), roman + 1
        if kind is None:
            repaired = _repair(text, roman, decimal, letter, separators)
            if repaired:
                kind, value, label, rest = repaired
                repairs.append(_note(line, text, label))
                line = replace(line, text=f"{label} {rest}")
        if kind is not None and (stray := _STRAY.match(line.text.strip()[len(classify(line.text.strip())[1]):].lstrip())):  # type: ignore[index]
            label = classify(line.text.strip())[1]  # type: ignore[index]
            rest = line.text.strip()[len(label):].lstrip()
            repairs.append(f"đoạn {line.number}: bỏ dấu “{stray.group(0).strip()}” đọc nhầm giữa số mục “{label}” và tên mục")
            line = replace(line, text=f"{label} {rest[stray.end():]}")
        if kind == "roman":
            roman, decimal, letter = value, 0, -1
        elif kind == "decimal":
            decimal, letter = value, -1
        elif kind == "letter":
            letter = value
        out.append(line)
    return out, repairs


def _separators(lines: list[Line], classify) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The separator the document writes after each kind of label ("I." or "I-"), most common first."""
    seen: dict[str, Counter[str]] = {"roman": Counter(), "decimal": Counter(), "letter": Counter()}
    for line in lines:
        found = classify(line.text.strip())
        if found and found[0] in seen:
            seen[found[0]][found[1][-1]] += 1
    # A document writes its levels alike ("I/", "1/", "a/"): a kind OCR never read takes another's.
    others = (seen["decimal"] + seen["letter"]).most_common(1)
    like = others[0][0] if others and others[0][0] in "/-" else None
    defaults = {"roman": like or ".", "decimal": like or ".", "letter": like or ")"}
    return {kind: (counter.most_common(1)[0][0] if counter else defaults[kind]) for kind, counter in seen.items()}


def _value(found: tuple[str, str, str] | None) -> tuple[str | None, int]:
    if not found:
        return None, 0
    kind, label, _ = found
    core = label.rstrip(".)-–/")
    if kind == "roman" and core in _ROMANS:
        return kind, _ROMANS.index(core) + 1
    if kind == "decimal" and core.isdigit():
        return kind, int(core)
    if kind == "letter":
        return kind, max(_LETTERS_VI.find(core), _LETTERS_LATIN.find(core))
    return kind, 0


def _repair(text: str, roman: int, decimal: int, letter: int, separators: dict[str, str]) -> tuple[str, int, str, str] | None:
    if (match := _ROMAN_LIKE.match(text)) and is_upper(match.group(3)) and roman < len(_ROMANS):
        expected = _ROMANS[roman]
        # An upper-case title after a token of letters OCR reads for I, V, X: the heading the sequence expects.
        written = match.group(2) if match.group(2) in {".", "/", "-", ")"} else separators["roman"]
        return "roman", roman + 1, expected + written, match.group(3)
    if (match := _DECIMAL_LIKE.match(text)) and int(match.group(1)) == decimal + 1 and (match.group(2) or "") not in {".", ")", "/", "-", "–"}:
        if match.group(3)[:1].isupper() and (roman or decimal):
            return "decimal", decimal + 1, f"{decimal + 1}{separators['decimal']}", match.group(3)
    if (match := _JUNK_NUMBER.match(text)) and decimal and match.group(2)[:1].isupper() and len(match.group(2)) <= 100 \
            and not match.group(2).endswith((".", ";", ",")):  # a title, not a sentence that starts with "Ở"
        return "decimal", decimal + 1, f"{decimal + 1}{separators['decimal']}", match.group(2)
    if (match := _LETTER_LIKE.match(text)) and match.group(2) not in {")", "/", "-", "–"}:
        index = max(_LETTERS_VI.find(match.group(1)), _LETTERS_LATIN.find(match.group(1)))
        if index == letter + 1 and (decimal or roman):
            return "letter", index, f"{match.group(1)}{separators['letter']}", match.group(3)
    return None


def _drops_one(expected: str, read: str) -> bool:
    return any(expected[:i] + expected[i + 1:] == read for i in range(len(expected)))


def _note(line: Line, was: str, label: str) -> str:
    shown = was if len(was) <= 40 else was[:39] + "…"
    return f"đoạn {line.number}: “{shown}” — số mục đọc thành “{label}” theo thứ tự các mục"
