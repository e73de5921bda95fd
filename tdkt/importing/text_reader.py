"""Read UTF-8 text (.txt) or Markdown (.md): one line a paragraph, numbering typed in the text."""

from __future__ import annotations

import re
from pathlib import Path

from .lines import Line, UnreadableFile
from .safety import check_size

# The closing "#"s are cut in code: "(.*?)\s*#*$" backtracked over a long run of spaces (11 s for
# one line of 30 KB).
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_STRONG = re.compile(r"^\*\*(.+)\*\*$")
_MD_EMPHASIS = re.compile(r"^[*_](?![*_])(.+)(?<![*_])[*_]$")


def read_text(path: Path) -> list[Line]:
    check_size(path)
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(f"{path}: không phải tệp văn bản (có byte nhị phân). Hãy dùng tệp .docx, .odt hoặc văn bản UTF-8.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            f"{path}:{line}: tệp không phải văn bản UTF-8. Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8."
        ) from None
    markdown = path.suffix.lower() == ".md"
    lines = []
    for number, value in enumerate(text.splitlines(), start=1):
        if not value.strip():
            continue
        heading, bold, italic = None, False, False
        if markdown:
            value, heading, bold, italic = _markdown(value)
        lines.append(Line(value, number, heading=heading, bold=bold, italic=italic))
    return lines


def _markdown(value: str) -> tuple[str, int | None, bool, bool]:
    stripped = value.strip()
    if match := _MD_HEADING.match(stripped):
        return _without_closing_hashes(match.group(2)), len(match.group(1)), False, False
    if match := _MD_STRONG.match(stripped):
        return match.group(1), None, True, False
    if match := _MD_EMPHASIS.match(stripped):
        return match.group(1), None, False, True
    return value.rstrip().removesuffix("  "), None, False, False


def _without_closing_hashes(text: str) -> str:
    """"Title ##" → "Title" (Markdown's optional closing sequence); "C#" stays."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text
