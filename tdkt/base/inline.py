"""Turn a content text field into safe inline Markdown.

Editors may use *emphasis*, **strong** and footnote marks [^1]; everything else that Markdown or
HTML would interpret (tags, links, images, headings, list markers, table pipes) is escaped, so a
text always renders as the words it contains.
"""

from __future__ import annotations

import functools
import html
import re

_FOOTNOTE = re.compile(r"\[\^(\w+)\]")
# Only what Python-Markdown can escape: a backslash before any other mark ("~", "^") would show.
_ESCAPE = re.compile(r"([\\`\[\]()!#|{}_])")
_LEADING_MARK = re.compile(r"^(\s*)([-+])(?=\s|$)")
_LEADING_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_FILL_IN = re.compile(r"(?:[.…]*…[.…]*|\.{4,})")
_ATTACHMENT = re.compile(r"(theo biểu đính kèm|có phụ lục chi tiết kèm theo)", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)<>\"]+")


def _is_fill_in(run: str) -> bool:
    """A dotted leader to fill in ('đạt….%', '.......'), not an ellipsis ('…', '...')."""
    dots = run.count(".") + 3 * run.count("…")
    return dots >= 4


@functools.lru_cache(maxsize=1 << 15)
def md_inline(text: str) -> str:
    """Escape a text for use inside a Markdown paragraph, list item, heading or table cell.

    Cached: titles and names are written on many pages (indexes, links, facets)."""
    footnotes: list[str] = []
    urls: list[str] = []
    if "\n" in text or "\r" in text:
        # A line break would end a table row or a heading: whatever a value holds stays inline.
        text = " ".join(text.split())

    def keep_footnote(match: re.Match[str]) -> str:
        footnotes.append(match.group(1))
        return f"\x00F{len(footnotes) - 1}\x00"

    def keep_url(match: re.Match[str]) -> str:
        urls.append(match.group(0))
        return f"\x00U{len(urls) - 1}\x00"

    # Each pass is skipped when its mark is absent: most texts are plain sentences.
    value = _FOOTNOTE.sub(keep_footnote, text) if "[^" in text else text
    value = _URL.sub(keep_url, value) if "://" in value else value
    value = html.escape(value, quote=False)
    value = _ESCAPE.sub(r"\\\1", value)
    # A text that starts like a list item ("- …", "1. …") must not become one.
    value = _LEADING_MARK.sub(r"\1\\\2", value)
    value = _LEADING_NUMBER.sub(r"\1\\\2", value)
    if "…" in value or "...." in value:
        value = _FILL_IN.sub(lambda m: _mark_fill_in(m.group(0)), value)
    if "kèm" in value.lower():
        value = _ATTACHMENT.sub(r'<span class="tdkt-attachment">\1</span>', value)
    if footnotes:
        value = re.sub(r"\x00F(\d+)\x00", lambda m: f"[^{footnotes[int(m.group(1))]}]", value)
    if urls:
        value = re.sub(r"\x00U(\d+)\x00", lambda m: f"<{urls[int(m.group(1))]}>", value)
    return value


@functools.lru_cache(maxsize=1 << 15)
def html_inline(text: str) -> str:
    """The HTML that Markdown makes of md_inline(text) for a text without emphasis or footnote
    marks (a title after plain()): for long lists written straight as HTML, which Markdown would
    take a good part of a second to parse on a page listing thousands of records."""
    if "\n" in text or "\r" in text:
        text = " ".join(text.split())
    parts = _URL.split(text) if "://" in text else [text]
    urls = _URL.findall(text) if "://" in text else []
    value = ""
    for number, part in enumerate(parts):
        part = html.escape(part, quote=False)
        if "…" in part or "...." in part:
            part = _FILL_IN.sub(lambda m: _mark_fill_in(m.group(0)), part)
        if "kèm" in part.lower():
            part = _ATTACHMENT.sub(r'<span class="tdkt-attachment">\1</span>', part)
        value += part
        if number < len(urls):
            url = html.escape(urls[number])
            value += f'<a href="{url}">{url}</a>'
    return value


def _mark_fill_in(run: str) -> str:
    if not _is_fill_in(run):
        return run
    return f'<span class="tdkt-fill-in" title="Chỗ điền số liệu">{run}</span>'


def count_fill_ins(text: str) -> int:
    return sum(1 for match in _FILL_IN.finditer(text) if _is_fill_in(match.group(0)))


def plain(text: str) -> str:
    """A text without Markdown emphasis or footnote marks, for titles and attributes."""
    return _FOOTNOTE.sub("", text).replace("**", "").replace("*", "")
