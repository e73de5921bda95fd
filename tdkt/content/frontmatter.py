"""Split a Markdown content file into its YAML front matter and its body, keeping line numbers.

A content file `data/<loại>/<mã>.md` starts with a line `---`, then YAML, then another `---`,
then the Markdown body. The front matter is returned padded with one empty line in place of the
opening `---`, so that YAML positions are the file's own lines; the body's first line number is
kept so that problems in it can name the file's line too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.problems import Location, Problem

_FENCE = "---"


@dataclass(frozen=True)
class MarkdownFile:
    front: str  # the YAML, preceded by empty lines so that its line numbers are the file's
    body: str  # the Markdown after the closing ---, without leading or trailing blank lines
    body_line: int  # the file's line number of the body's first line (after the closing --- when empty)


def split_front_matter(text: str, file: str) -> MarkdownFile | list[Problem]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r ").lstrip("\ufeff") != _FENCE:
        return [
            Problem(
                Location(file, 1, 1),
                "Tệp .md phải bắt đầu bằng dòng “---”, tiếp theo là các trường (YAML), rồi một dòng “---”.",
                "Thêm dòng “---” ở đầu tệp; xem mục “Viết hồ sơ bằng Markdown” trong CONTRIBUTING.md.",
            )
        ]
    closing = next((index for index in range(1, len(lines)) if lines[index].rstrip("\r ") == _FENCE), None)
    if closing is None:
        return [
            Problem(
                Location(file, 1, 1),
                "Không thấy dòng “---” đóng phần đầu (các trường YAML).",
                "Thêm một dòng chỉ gồm “---” sau trường cuối cùng, trước phần bài.",
            )
        ]
    front = "\n" + "\n".join(lines[1:closing]) + "\n"
    body_lines = lines[closing + 1 :]
    first = 0
    while first < len(body_lines) and not body_lines[first].strip():
        first += 1
    body = "\n".join(line.rstrip("\r") for line in body_lines[first:]).rstrip()
    # An empty body is reported where it should start: the line after the closing ---.
    return MarkdownFile(front, body, closing + 2 + (first if body else 0))
