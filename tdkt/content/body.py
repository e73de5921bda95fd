"""The Markdown body of a content file: what it may contain, the pictures it shows, its plain text.

A body is written by an editor and reviewed by pull request, like the YAML fields: Markdown that
Material renders (paragraphs, lists, tables, admonitions, footnotes) is welcome; raw HTML, scripts,
attribute lists and links to other schemes than the web's are refused at their line, since they
would reach every reader's browser. Text inside code (`…` and fenced blocks) is shown as written,
so it is exempt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..base.problems import Location, Problem

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>")
_SCRIPT_WORD = re.compile(r"(?:javascript|vbscript)\s*:", re.IGNORECASE)
_ATTRIBUTES = re.compile(r"\{\s*:?[^{}\n]*=[^{}\n]*\}")
# A picture as the site shows it: ![alt](file "title"); group 1 alt, 2 file, 3 title.
IMAGE = re.compile(r'!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"([^"\n]*)")?\s*\)')
_LOOSE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(([^)\n]*)\)")
_REFERENCE_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*\[[^\]\n]*\]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.[A-Za-z0-9]+$")


@dataclass(frozen=True)
class ImageRef:
    """A picture the body shows: `![alt](file "title")`."""

    name: str  # the file name as written, in the record's folder
    alt: str
    title: str
    line: int  # the content file's line
    column: int
    alone: bool  # the only thing on an unindented line: shown as a figure, not inside a sentence


@dataclass(frozen=True)
class Body:
    """The Markdown after a content file's front matter: the text of one field of its record."""

    field: str  # the model field it fills ("description")
    text: str
    line: int  # the content file's line of the body's first line
    images: tuple[ImageRef, ...] = ()


def code_lines(text: str, blank_spans: bool = True) -> Iterator[tuple[int, str, bool]]:
    """Each line with its index and whether it is inside a fenced code block (fences included);
    outside code, inline code spans are blanked (columns kept) so that checks skip them."""
    fence: str | None = None
    for index, line in enumerate(text.split("\n")):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            yield index, line, True
        elif opened:
            fence = opened.group(1)
            yield index, line, True
        else:
            blank = blank_spans and "`" in line
            yield index, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if blank else line, False


def read_body(text: str, field: str, file: str, first_line: int) -> Body | list[Problem]:
    """The body with its pictures, or every problem in it at its line of the file."""
    problems: list[Problem] = []
    images: list[ImageRef] = []
    for index, line, in_code in code_lines(text):
        if in_code:
            continue
        number = first_line + index

        def at(column: int, message: str, hint: str) -> None:
            problems.append(Problem(Location(file, number, column + 1), message, hint))

        checked = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), line) if "<" in line else line
        if (markup := _MARKUP.search(checked)) is not None:
            at(markup.start(), "Phần bài chứa thẻ HTML, không được phép.",
               "Viết bằng Markdown (xem CONTRIBUTING.md); muốn hiện dấu “<” thì viết “\\<”, địa chỉ web viết trong <https://…>.")
        if (script := _SCRIPT_WORD.search(line)) is not None:
            at(script.start(), "Phần bài chứa mã lệnh (javascript:), không được phép.", "Xóa đoạn mã lệnh này.")
        if (attributes := _ATTRIBUTES.search(line)) is not None:
            at(attributes.start(), "Phần bài đặt thuộc tính HTML bằng cú pháp {…=…}, không được phép.",
               "Xóa phần {…}; định dạng bằng Markdown thường.")
        if (reference := _REFERENCE_IMAGE.search(line)) is not None:
            at(reference.start(), "Ảnh viết theo kiểu tham chiếu ![…][…].", "Viết ảnh trực tiếp: ![Mô tả ảnh](anh-1.jpg).")
        for match in _LINK_TARGET.finditer(line):
            _check_scheme(match.group(1), match.start(1), at)
        if (definition := _DEFINITION.match(line)) is not None:
            _check_scheme(definition.group(1), definition.start(1), at)
        for loose in _LOOSE_IMAGE.finditer(line):
            if IMAGE.fullmatch(loose.group(0)) is None:
                at(loose.start(), f"Ảnh “{loose.group(1).strip()}” viết chưa đúng: tên tệp có dấu cách hoặc dấu ngoặc.",
                   "Đổi tên tệp thành chữ thường không dấu, số và dấu gạch ngang, ví dụ ![Mô tả](anh-1.jpg \"Chú thích\").")
        for match in IMAGE.finditer(line):
            image = _image(match, number, line)
            problem = _image_problem(image, file)
            if problem is not None:
                problems.append(problem)
            else:
                images.append(image)
    return problems or Body(field, text, first_line, tuple(images))


def _check_scheme(target: str, column: int, at: Callable[[int, str, str], None]) -> None:
    scheme = _SCHEME.match(target)
    if scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES:
        at(column, f"Liên kết dùng giao thức “{scheme.group(1)}:”, không được phép.",
           "Chỉ liên kết tới địa chỉ http(s)://, mailto: hoặc trang khác của cổng.")


def _image(match: re.Match[str], number: int, line: str) -> ImageRef:
    alone = line.strip() == match.group(0) and not line[:1].isspace()
    return ImageRef(match.group(2), match.group(1).strip(), (match.group(3) or "").strip(), number, match.start() + 1, alone)


def _image_problem(image: ImageRef, file: str) -> Problem | None:
    where = Location(file, image.line, image.column)
    folder = file.rsplit(".", 1)[0] + "/"
    if not image.name or _SCHEME.match(image.name) or "/" in image.name or "\\" in image.name:
        return Problem(where, f"Ảnh “{image.name}” không phải tên một tệp trong thư mục {folder}.",
                       f"Tải ảnh về, đặt vào {folder} rồi ghi tên tệp: ![Mô tả ảnh](anh-1.jpg). Cổng không hiện ảnh của trang khác.")
    if not _FILE_NAME.match(image.name):
        return Problem(where, f"Tên tệp ảnh “{image.name}” có dấu, dấu cách hoặc ký tự đặc biệt.",
                       "Đổi tên tệp thành chữ thường không dấu, số và dấu gạch ngang, ví dụ “anh-1.jpg”, rồi sửa tên ở đây.")
    if not image.alt:
        return Problem(where, f"Ảnh “{image.name}” chưa có lời mô tả (chữ trong ![…]).",
                       "Viết ngắn gọn ảnh cho thấy gì, ví dụ ![Học sinh bỏ tiền vào heo đất](anh-1.jpg): người khiếm thị nghe lời này thay cho ảnh.")
    return None


_ATX = re.compile(r"^(#{1,6})(\s|$)")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LINK_TEXT = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\n]+\]")
_FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]\n]+\]:\s*")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*\S+\s*(?:"([^"]*)")?\s*$')
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def plain_text(text: str) -> str:
    """The body's words as one line of text, for descriptions and feeds: Markdown marks removed,
    pictures and code blocks left out."""
    words: list[str] = []
    for _, line, in_code in code_lines(text, blank_spans=False):
        if in_code or _TABLE_RULE.match(line) or SETEXT.match(line):
            continue
        if (admonition := _ADMONITION.match(line)) is not None:
            line = admonition.group(1) or ""
        line = _FOOTNOTE_DEFINITION.sub("", line)
        line = _ATX.sub("", line)
        line = _LIST_MARK.sub("", line)
        line = line.replace("|", " ").lstrip("> ")
        line = _LOOSE_IMAGE.sub("", line)
        line = _LINK_TEXT.sub(r"\1", line)
        line = _FOOTNOTE_MARK.sub("", line)
        line = _EMPHASIS.sub(r"\2", line).replace("`", "").replace("\\", "")
        if line.strip():
            words.append(" ".join(line.split()))
    return " ".join(words)
