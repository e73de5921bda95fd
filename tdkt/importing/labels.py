"""Section labels as offices write them, read from the start of a line: the structure reader's
and the OCR label repair's one definition of what a label is."""

from __future__ import annotations

import re

_PART = re.compile(r"^(PHẦN|Phần)\s+(THỨ\s+[A-ZÀ-Ỹ]+|thứ\s+[a-zà-ỹ]+|[IVXLC]+|\d+)\b\s*[.:\-–]?\s*(.*)$")
# Labels as offices write them: "I." "I-" "I/" "I)", "1." "1-" "1/" "1)", "1.1." "1.1-", "a)" "a-" "a/".
_ROMAN = re.compile(r"^([IVXLC]+)\s*([.)]|/(?=\s)|[-–](?!\s*\d))\s*(?!\d)(.*)$")  # not "V/v" (về việc)
_DECIMALS = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)([.\-–/]?)(?:\s+|$)(.*)$")
_DECIMAL = re.compile(r"^(\d{1,2})\s*([.)]|/(?=\s)|[-–](?!\s*\d))(?!\d)\s*(.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*(\)|[/\-–](?=\s))\s*(.*)$")
# "Mục I", "MỤC 2", "Điều 1." — the levels of a document written like a regulation.
_MUC = re.compile(r"^(Mục|MỤC)\s+([IVXLC]+|\d{1,2})\b\s*([.:\-–]?)\s*(.*)$")
_DIEU = re.compile(r"^(Điều|ĐIỀU)\s+(\d{1,3})\s*([.:])\s*(.*)$")

def classify(text: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) for a line that starts with a section label, as typed."""
    if match := _PART.match(text):
        return "part", f"{match.group(1)} {match.group(2)}", match.group(3)
    if match := _MUC.match(text):
        return "muc", f"{match.group(1)} {match.group(2)}{match.group(3)}", match.group(4)
    if match := _DIEU.match(text):
        return "dieu", f"{match.group(1)} {match.group(2)}{match.group(3)}", match.group(4)
    if match := _ROMAN.match(text):
        if match.group(1) in {"C", "L"} and not match.group(3):
            return None
        return "roman", f"{match.group(1)}{match.group(2)}", match.group(3)
    if match := _DECIMALS.match(text):
        label = match.group(1)
        return "decimals" if label.count(".") == 1 else f"decimals{label.count('.')}", label + match.group(2), match.group(3)
    if match := _DECIMAL.match(text):
        return "decimal", f"{match.group(1)}{match.group(2)}", match.group(3)
    if match := _LETTER.match(text):
        return "letter", f"{match.group(1)}{match.group(2)}", match.group(3)
    return None


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)
