"""Families of documents linked by "replaces" and "amends", in date order, with a status that
says only what the data shows (a replacing document recorded or not), never legal force."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.catalog import Catalog, Link, Record
from ..model.document import RelationKind

LINEAGE = {RelationKind.REPLACES, RelationKind.AMENDS}


@dataclass(frozen=True)
class Status:
    label: str
    by: tuple[Record, ...]  # the documents that replace or amend it


def _kind(link: Link) -> RelationKind | None:
    path = link.reference.path
    if path[0] != "relations" or path[-1] != "target":
        return None
    return link.origin.entry.relations[path[1]].kind


def family(catalog: Catalog, record: Record) -> list[Record]:
    """The document and every document linked to it, directly or not, by replacing or amending."""
    seen = {record.key: record}
    queue = [record]
    while queue:
        current = queue.pop()
        for link in catalog.links_from(current) + catalog.links_to(current):
            if _kind(link) in LINEAGE:
                for other in (link.origin, link.target):
                    if other.key not in seen:
                        seen[other.key] = other
                        queue.append(other)
    return sorted(seen.values(), key=lambda r: (r.entry.date is None, r.entry.date or 0, r.title))


def status(catalog: Catalog, record: Record) -> Status:
    incoming = [(link.origin, _kind(link)) for link in catalog.links_to(record)]
    replaced = tuple(origin for origin, kind in incoming if kind is RelationKind.REPLACES)
    amended = tuple(origin for origin, kind in incoming if kind is RelationKind.AMENDS)
    if replaced:
        return Status("Đã bị thay thế", replaced)
    if amended:
        return Status("Đã được sửa đổi, bổ sung", amended)
    return Status("Chưa ghi nhận văn bản thay thế", ())
