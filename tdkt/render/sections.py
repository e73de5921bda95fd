"""Render a section tree as Markdown: headings with anchors, paragraphs, bullets and notes."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ..model.sections import Block, Bullet, Note, Paragraph, PlacedSection, Section, walk_sections
from ..base.inline import md_inline

_MAX_HEADING = 6


Linker = Callable[[str], str]  # escaped Markdown in, the same with document mentions linked
Annotator = Callable[[PlacedSection], "str | None"]  # a Markdown line to put under a heading


def sections_markdown(
    blocks: list[Block], top_level: int = 2, linker: Linker | None = None, annotate: Annotator | None = None
) -> Markup:
    anchors = {id(placed.section): placed for placed in walk_sections(blocks)}
    lines: list[str] = []
    _render(blocks, top_level, anchors, lines, linker or (lambda text: text), annotate or (lambda placed: None))
    return Markup("\n".join(lines))


def heading_text(section: Section) -> str:
    title = md_inline(section.title)
    if not section.label:
        return title
    label = md_inline(section.label)
    if section.label.lower().startswith("phần"):
        # A part: label and title on two lines, as Phụ lục I of NĐ 30/2020 lays them out.
        return f'<span class="tdkt-part-label">{label}</span> {title}'
    return f"{label} {title}"


def _render(
    blocks: list[Block], level: int, anchors: dict[int, PlacedSection], lines: list[str], linker: Linker, annotate: Annotator
) -> None:
    for block in blocks:
        if isinstance(block, Section):
            placed = anchors[id(block)]
            hashes = "#" * min(level, _MAX_HEADING)
            lines += [f"{hashes} {heading_text(block)} {{#{placed.anchor}}}", ""]
            if note := annotate(placed):
                lines += [note, "{: .tdkt-answers }", ""]
            _render(block.content, level + 1, anchors, lines, linker, annotate)
        else:
            lines += _text_block(block, linker)


def guidance_markdown(blocks: list[Block], linker: Linker | None = None) -> Markup:
    """A section's own text, bullets and notes, without its sub-sections."""
    lines: list[str] = []
    for block in blocks:
        if not isinstance(block, Section):
            lines += _text_block(block, linker or (lambda text: text))
    return Markup("\n".join(lines))


def _text_block(block: Block, linker: Linker) -> list[str]:
    if isinstance(block, Paragraph):
        return [linker(md_inline(block.text)), ""]
    if isinstance(block, Bullet):
        return [f"- {linker(md_inline(block.bullet))}", ""]
    if isinstance(block, Note):
        return ['!!! note ""', "", f"    **Lưu ý:** {linker(md_inline(block.note))}", ""]
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover - the model admits no other
