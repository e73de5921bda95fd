"""How a report covers the outline it follows, computed from the two section trees.

Sections are matched level by level under matched parents, by the similarity of their titles
(folded, without numbering or final punctuation), best pairs first, so that a report that
renumbers ("e)" of the outline answered as "c)") is still matched by what the section is about.
An outline's bullet items may be answered by sections of the report too ("- Thuận lợi" →
"1. Thuận lợi"). Outline sections left unmatched are skipped; report sections left unmatched
are additions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ..model.sections import Block, Bullet, Section, walk_sections
from .similarity import wording

SIMILAR = 0.6


@dataclass(frozen=True)
class Coverage:
    answered: list[tuple[str, str]] = field(default_factory=list)  # (outline address, report address)
    answered_items: list[tuple[str, str]] = field(default_factory=list)  # (outline bullet text, report address)
    skipped: list[str] = field(default_factory=list)  # outline addresses
    added: list[str] = field(default_factory=list)  # report addresses

    def report_answers(self) -> dict[str, str]:
        """For each report section address, the outline address it answers."""
        return {report: outline for outline, report in self.answered}


def coverage(outline: list[Block], report: list[Block]) -> Coverage:
    outline_address = {id(p.section): p.address for p in walk_sections(outline)}
    report_address = {id(p.section): p.address for p in walk_sections(report)}
    result = Coverage()
    _match_level(outline, report, outline_address, report_address, result)
    return result


def _best_pairs(left: list, right: list, title_left, title_right) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    scored = sorted(
        ((wording(title_left(a), title_right(b)), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < SIMILAR:
            break
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append((i, j))
    return pairs


def _match_level(outline: list[Block], report: list[Block], o_addr: dict[int, str], r_addr: dict[int, str], result: Coverage) -> None:
    o_sections = [b for b in outline if isinstance(b, Section)]
    r_sections = [b for b in report if isinstance(b, Section)]
    pairs = _best_pairs(o_sections, r_sections, lambda s: s.title, lambda s: s.title)
    matched_o = {i for i, _ in pairs}
    matched_r = {j for _, j in pairs}
    for i, j in sorted(pairs):
        result.answered.append((o_addr[id(o_sections[i])], r_addr[id(r_sections[j])]))
        _match_level(o_sections[i].content, r_sections[j].content, o_addr, r_addr, result)
    # A skipped section is listed once; its sub-sections are skipped with it.
    result.skipped.extend(o_addr[id(s)] for i, s in enumerate(o_sections) if i not in matched_o)
    unmatched_r = [s for j, s in enumerate(r_sections) if j not in matched_r]
    bullets = [b for b in outline if isinstance(b, Bullet)]
    item_pairs = _best_pairs(bullets, unmatched_r, lambda b: b.bullet, lambda s: s.title)
    for i, j in item_pairs:
        result.answered_items.append((bullets[i].bullet, r_addr[id(unmatched_r[j])]))
    answered_by_items = {j for _, j in item_pairs}
    for j, section in enumerate(unmatched_r):
        if j not in answered_by_items:
            result.added.append(r_addr[id(section)])
