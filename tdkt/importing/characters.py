"""Characters an imported text must not carry into a data file, and the review's view of them.

`sanitize` drops what `check` refuses (base.text.UNPRINTABLE: controls, U+FFFE, bidi overrides…)
and lists each kind with where it was; line and paragraph separators (U+0085, U+2028, U+2029)
become the line break they are, a soft hyphen (only drawn at a line's end) goes, a non-breaking
hyphen becomes "-" so that "12‑CT/TU" is the number it is. `visible` shows what a terminal would
otherwise obey (escape sequences, bidi overrides) as <U+XXXX>.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..base.text import UNPRINTABLE
from .lines import Line
from .notices import ReadLines, notices_of

_READ_AS = str.maketrans({"\u0085": "\n", "\u2028": "\n", "\u2029": "\n", "\u00ad": None, "\u2011": "-"})
_SHOWN = re.compile(f"(?:{UNPRINTABLE.pattern}|[\\r\\t\\u0085\\u2028\\u2029\\u200b-\\u200f\\u061c\\ufeff])")


def sanitize(lines: list[Line]) -> ReadLines:
    found: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    out = []
    for line in lines:
        text = line.text.translate(_READ_AS)
        if UNPRINTABLE.search(text):
            for character in UNPRINTABLE.findall(text):
                found[character] += 1
                places = where.setdefault(character, [])
                if line.number not in places:
                    places.append(line.number)
            text = UNPRINTABLE.sub("", text)
        label = UNPRINTABLE.sub("", line.label.translate(_READ_AS))  # a label drawn from the file's lvlText too
        out.append(replace(line, text=text, label=label) if (text, label) != (line.text, line.label) else line)
    notices = list(notices_of(lines))
    if found:
        kinds = "; ".join(
            f"{_code(character)} ×{number} ở đoạn/dòng {', '.join(map(str, where[character][:5]))}{'…' if len(where[character]) > 5 else ''}"
            for character, number in found.most_common()
        )
        notices.append(f"bỏ {sum(found.values())} ký tự điều khiển hoặc không in được (tệp dữ liệu không giữ được chúng): {kinds}")
    return ReadLines(out, notices)


def visible(text: str) -> str:
    """text with every control, invisible or direction-changing character written as <U+XXXX>."""
    return _SHOWN.sub(lambda match: _code(match.group(0)), text)


def _code(character: str) -> str:
    return f"<U+{ord(character):04X}>"
