"""A record's Markdown body as it goes into its page: headings nested under the page's own, heading
ids that cannot collide with the page's, footnotes apart from the record's other footnotes, and
pictures as figures with their web-sized copies."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..content.body import IMAGE, SETEXT, Body, code_lines
from ..content.images import Picture
from ..base.text import slugify

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$|^(#{1,6})$")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
# Phones show a picture across the screen; wider screens in the content column (about 50em).
SIZES = "(max-width: 60em) 100vw, 50em"


def body_markdown(body: Body, level: int, pictures: dict[str, Picture], href: Callable[[str], str]) -> str:
    """The body under a heading of the given level: its own headings start one below.

    href gives a published picture's URL as written in the page's HTML (raw HTML is not rewritten
    by MkDocs)."""
    lines = _atx_headings(body.text)
    found = [len(m.group(1) or m.group(3)) for m, in_code in ((_ATX.match(line), c) for line, c in lines) if m and not in_code]
    shift = level + 1 - min(found) if found else 0
    used: set[str] = set()
    out: list[str] = []
    for line, in_code in lines:
        if in_code:
            out.append(line)
            continue
        heading = _ATX.match(line)
        if heading is not None:
            depth = min(6, len(heading.group(1) or heading.group(3)) + shift)
            text = heading.group(2) or ""
            out.append(f"{'#' * depth} {text} {{#{_anchor(text, used)}}}")
            continue
        line = _FOOTNOTE.sub(r"[^bai-\1]", line) if "[^" in line else line
        if "![" in line:
            line = _pictures(line, pictures, href)
        out.append(line)
    return "\n".join(out)


def _atx_headings(text: str) -> list[tuple[str, bool]]:
    """Lines with whether they are code; setext headings ("Tiêu đề" over "===") written as ATX,
    so that one rule nests every heading."""
    lines: list[tuple[str, bool]] = []
    for _, line, in_code in code_lines(text, blank_spans=False):
        underline = None if in_code else SETEXT.match(line)
        previous = lines[-1] if lines else None
        if underline and previous and not previous[1] and previous[0].strip() and not _ATX.match(previous[0]) and not _is_block_start(previous[0]):
            mark = "#" if underline.group(1)[0] == "=" else "##"
            lines[-1] = (f"{mark} {previous[0].strip()}", False)
            continue
        lines.append((line, in_code))
    return lines


def _is_block_start(line: str) -> bool:
    """A line a setext underline cannot turn into a heading (a list item, a quote, a table row)."""
    stripped = line.lstrip()
    return stripped[:1] in {"-", "*", "+", ">", "|", "!"} or bool(re.match(r"\d+[.)]\s", stripped)) or line.startswith("    ")


def _anchor(text: str, used: set[str]) -> str:
    # "bai-": the page's own sections have fixed ids (#noi-dung, #ket-qua…) a body heading could repeat.
    base = "bai-" + (slugify(re.sub(r"[*_`\[\]]", "", text)) or "muc")
    anchor, count = base, 1
    while anchor in used:
        count += 1
        anchor = f"{base}-{count}"
    used.add(anchor)
    return anchor


def _pictures(line: str, pictures: dict[str, Picture], href: Callable[[str], str]) -> str:
    first = IMAGE.search(line)
    alone = first is not None and line.strip() == first.group(0) and not line[:1].isspace()

    def tag(match: re.Match[str]) -> str:
        picture = pictures.get(match.group(2))
        if picture is None:
            return match.group(0)  # checked when read: cannot happen with a valid catalog
        image = picture_tag(picture, match.group(1), href, "tdkt-photo__img")
        title = (match.group(3) or "").strip()
        if not alone:
            return image
        caption = f"<figcaption>{html.escape(title)}</figcaption>" if title else ""
        return f'\n<figure class="tdkt-photo">{image}{caption}</figure>\n'

    return IMAGE.sub(tag, line)


def picture_tag(picture: Picture, alt: str, href: Callable[[str], str], css_class: str, sizes: str = SIZES) -> str:
    """An <img> of a published picture: its size set (nothing moves when it arrives), loaded when
    it comes near the screen, the copy fitting the screen chosen by the browser."""
    main = picture.main
    srcset = ", ".join(f"{href(v.name)} {v.width}w" for v in reversed(picture.variants))
    return (
        f'<img class="{css_class}" src="{href(main.name)}" srcset="{srcset}" sizes="{sizes}" '
        f'width="{main.width}" height="{main.height}" alt="{html.escape(alt, quote=True)}" loading="lazy" decoding="async">'
    )
