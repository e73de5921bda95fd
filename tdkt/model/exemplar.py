"""Exemplary models (mô hình, điển hình tiên tiến) worth spreading."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from pydantic import Field

from .common import Entry, Id, SourceRef, Line, Text
from .references import Reference, source_references


class ExemplarKind(str, Enum):
    MO_HINH = "Mô hình"
    DIEN_HINH = "Điển hình tiên tiến"


class Exemplar(Entry):
    name: Line = Field(title="Tên mô hình", description="Tên như nguồn gọi.")
    kind: ExemplarKind = Field(ExemplarKind.MO_HINH, title="Loại")
    locality: Line | None = Field(None, title="Địa phương")
    fields: list[Line] = Field(default_factory=list, title="Lĩnh vực")
    period: Line | None = Field(None, title="Thời gian", description="Để trống nếu nguồn không nêu.")
    launched_by: Line | None = Field(None, title="Đơn vị thực hiện, phát động")
    description: Text = Field(title="Nội dung", description="Mô hình làm gì, theo lời của nguồn.")
    results: Text | None = Field(None, title="Kết quả", description="Kết quả đạt được, theo lời của nguồn.")
    movements: list[Id] = Field(default_factory=list, title="Phong trào liên quan")
    sources: list[SourceRef] = Field(min_length=1, title="Nguồn")

    @property
    def display_title(self) -> str:
        return self.name

    def references(self) -> Iterator[Reference]:
        for index, movement_id in enumerate(self.movements):
            yield Reference(("movements", index), "phong-trao", movement_id)
        yield from source_references(self.sources)
