"""References from one record to another, with the data path they were written at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .common import SourceRef


@dataclass(frozen=True)
class Reference:
    path: tuple[str | int, ...]  # where in the file, for the error message
    folder: str  # the content type's folder, e.g. "van-ban"
    id: str
    section: str | None = None  # a section address inside the target, e.g. "II > 2 > b"


def source_reference(path: tuple[str | int, ...], source: SourceRef) -> Reference | None:
    """The record a source names; None for a source file (sources/…), which is not a record."""
    if source.ref is None:
        return None
    folder, _, record_id = source.ref.partition("/")
    return Reference(path + ("ref",), folder, record_id, source.section)


def source_references(sources: list[SourceRef], key: str = "sources") -> Iterator[Reference]:
    for index, source in enumerate(sources):
        if (reference := source_reference((key, index), source)) is not None:
            yield reference
