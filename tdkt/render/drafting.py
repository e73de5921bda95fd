"""What the drafting page of an outline shows: every section to answer, with what the portal knows.

A clerk writes the report on the outline's own page. For each section (in outline order): its
guidance, how the portal's reports on the same directives answered it (from the report ↔ outline
coverage), and, where the section asks for exemplary models, the models those reports name. The
browser fills the outline's blank DOCX template with the answers (docs/assets/soan-word.js):
section n of this list is the template's slot "_tdkt_m<n>" (tdkt/forms/docx_writer.py), and blank k
of its lines (runs of dots, tdkt/forms/plan.py) the slot "_tdkt_m<n>_b<k>" and the page's input
"<anchor>.<k>".
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from collections.abc import Callable

from ..content.catalog import Catalog, Record
from ..connections.coverage import Coverage, coverage
from ..forms.plan import Blank, FillLine, report_summary, section_fill_lines
from ..model.sections import Block, Bullet, Note, Paragraph, Section
from ..base.inline import plain
from ..base.text import fold, sort_key

MAX_REPORTS = 5  # reports consulted per outline: beyond a few, the page grows and says no more
MAX_MODELS = 12
EXCERPT = 220
_ASKS_FOR_MODELS = ("dien hinh", "mo hinh", "nhan rong", "guong nguoi tot")


@dataclass(frozen=True)
class Precedent:
    """How one report answered a section: where, a short excerpt, and the text to insert."""

    report: Record
    address: str  # of the report's section
    excerpt: str
    text: str  # plain text, one paragraph a line


@dataclass(frozen=True)
class DraftSection:
    slot: int  # 1-based, document order: the template's bookmark "_tdkt_m<slot>"
    anchor: str  # stable key of the answer in a saved draft
    label: str
    title: str
    depth: int
    guidance: tuple[Block, ...]  # the section's own text, bullets and notes
    precedents: tuple[Precedent, ...]
    asks_for_models: bool
    lines: tuple[FillLine, ...] = ()  # its own lines with blanks to fill, as the template has them

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}".strip()

    @property
    def blanks(self) -> list[Blank]:
        return [piece for line in self.lines for piece in line.pieces if isinstance(piece, Blank)]

    def lines_json(self) -> str:
        """The lines with blanks for the page's script: texts and blanks in order (the blank's
        name on the page is "<anchor>.<index>")."""
        return json.dumps(
            [
                {"kind": line.kind, "pieces": [p if isinstance(p, str) else {"index": p.index, "kind": p.kind, "dots": p.dots, "label": p.label} for p in line.pieces]}
                for line in self.lines
            ],
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class Draft:
    outline: Record
    sections: tuple[DraftSection, ...]
    reports: tuple[Record, ...]  # the reports the precedents come from
    models: tuple[Record, ...]  # offered where a section asks for models
    recipient: str  # "Kính gửi", when the outline names who asked for the report
    summary: str
    signer_title: str


def plan_draft(catalog: Catalog, outline: Record, cover: Callable[[Record, Record], Coverage] | None = None) -> Draft:
    """cover(report, outline): the coverage, from the renderer's cache where the report's page
    computed it already."""
    reports = related_reports(catalog, outline)
    answers: dict[str, list[Precedent]] = {}
    for report in reports:
        placed = {p.address: p for p in report.sections()}
        found = cover(report, outline) if cover else coverage(outline.entry.sections, report.entry.sections)
        for outline_address, report_address in found.answered:
            text = section_text(placed[report_address].section)
            if text:
                answers.setdefault(outline_address, []).append(Precedent(report, report_address, _excerpt(text), text))
    sections = tuple(
        DraftSection(
            slot=number,
            anchor=placed.anchor,
            label=plain(placed.section.label or ""),
            title=plain(placed.section.title),
            depth=placed.depth,
            guidance=tuple(block for block in placed.section.content if not isinstance(block, Section)),
            precedents=tuple(answers.get(placed.address, ())),
            asks_for_models=_asks_for_models(placed.section),
            lines=section_fill_lines(placed.section),
        )
        for number, placed in enumerate(outline.sections(), start=1)
    )
    signer = outline.entry.closing.signer if outline.entry.closing and outline.entry.closing.signer else None
    return Draft(
        outline=outline,
        sections=sections,
        reports=tuple(reports),
        models=tuple(_models(catalog, reports)) if any(s.asks_for_models for s in sections) else (),
        recipient=f"{outline.entry.issuer}." if outline.entry.issuer else "",
        summary=report_summary(outline.entry),
        signer_title=plain(signer.title) if signer and signer.title else "",
    )


def related_reports(catalog: Catalog, outline: Record) -> list[Record]:
    """Reports written to this outline first, then reports on the same directives, newest first."""
    directives = set(outline.entry.implements)
    followers, others = [], []
    for report in catalog.of_type_key("report"):
        if report.entry.follows == outline.id:
            followers.append(report)
        elif directives & set(report.entry.implements) or _follows_same_directive(catalog, report, directives):
            others.append(report)

    def newest(report: Record) -> tuple[int, tuple]:  # type: ignore[type-arg]
        return (-(report.entry.date.toordinal() if report.entry.date else 0), sort_key(report.title))

    return (sorted(followers, key=newest) + sorted(others, key=newest))[:MAX_REPORTS]


def _follows_same_directive(catalog: Catalog, report: Record, directives: set[str]) -> bool:
    followed = catalog.get("de-cuong", report.entry.follows) if report.entry.follows else None
    return bool(followed and directives & set(followed.entry.implements))


def section_text(section: Section) -> str:
    """A section's own paragraphs and bullets as plain text, one paragraph a line."""
    lines = []
    for block in section.content:
        if isinstance(block, Paragraph):
            lines.append(plain(block.text))
        elif isinstance(block, Bullet):
            lines.append(f"- {plain(block.bullet)}")
        elif isinstance(block, Note):
            lines.append(f"Lưu ý: {plain(block.note)}")
    return "\n".join(lines)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT:
        return flat
    cut = flat[:EXCERPT].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def _asks_for_models(section: Section) -> bool:
    words = [section.title] + [plain(text) for block in section.content for key, text in block if key in {"text", "bullet", "note"}]
    folded = fold(" ".join(words)).lower()
    return any(phrase in folded for phrase in _ASKS_FOR_MODELS)


def _models(catalog: Catalog, reports: list[Record]) -> list[Record]:
    """Models the related reports name (by the models' sources); all models when none do."""
    keys = {report.key for report in reports}
    models = catalog.of_type_key("exemplar")
    named = [m for m in models if any(source.ref in keys for source in m.entry.sources)]
    return sorted(named or models, key=lambda m: sort_key(m.title))[:MAX_MODELS]
