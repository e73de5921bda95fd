"""Outlines that implement the same document, compared section by section.

Sections of all the outlines are grouped by the similarity of their titles (the measure of
coverage.py): a row holds at most one section of each outline. A row with one outline only is
what that outline asks and the others do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.catalog import Catalog, Record
from .similarity import topic
from ..model.sections import PlacedSection

MAX_COMPARED = 8
SAME_TOPIC = 0.5  # beyond this a side-by-side table is unreadable (and costly to compute)


@dataclass(frozen=True)
class Row:
    cells: tuple[PlacedSection | None, ...]  # one per compared outline, in their order

    @property
    def only(self) -> int | None:
        """The index of the single outline that has this row, if only one has it."""
        present = [i for i, cell in enumerate(self.cells) if cell is not None]
        return present[0] if len(present) == 1 else None


def comparable_groups(catalog: Catalog) -> list[tuple[Record, list[Record]]]:
    """(document, outlines implementing it) for every document implemented by 2 to MAX_COMPARED outlines."""
    groups = []
    for document in catalog.of_type_key("document"):
        outlines = sorted(
            {link.origin.key: link.origin for link in catalog.links_to(document)
             if link.origin.type.key == "outline" and link.reference.path[0] == "implements"}.values(),
            key=lambda r: r.id,
        )
        if 2 <= len(outlines) <= MAX_COMPARED:
            groups.append((document, outlines))
    return groups


def compare(outlines: list[Record]) -> list[Row]:
    clusters: list[list[PlacedSection | None]] = []
    for column, outline in enumerate(outlines):
        for placed in outline.sections():
            best, best_score = None, SAME_TOPIC
            for cluster in clusters:
                if cluster[column] is not None:
                    continue
                score = max(topic(placed.section.title, other.section.title) for other in cluster if other is not None)
                if score >= best_score:
                    best, best_score = cluster, score
            if best is None:
                best = [None] * len(outlines)
                clusters.append(best)
            best[column] = placed
    return [Row(tuple(cluster)) for cluster in clusters]
