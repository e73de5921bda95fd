"""Emulation movements (phong trào thi đua)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from .common import Entry, Id, SourceRef, Line, Text
from .references import Reference, source_references


class Movement(Entry):
    name: Line = Field(title="Tên phong trào", description="Tên như nguồn ghi, không kèm dấu ngoặc kép.")
    launched_by: Line | None = Field(None, title="Cấp, cơ quan phát động", description="Để trống nếu nguồn không nêu.")
    locality: Line | None = Field(None, title="Địa phương")
    periods: list[Line] = Field(default_factory=list, title="Giai đoạn", description="Ví dụ “2016-2020”.")
    fields: list[Line] = Field(default_factory=list, title="Lĩnh vực")
    description: Text | None = Field(None, title="Nội dung, kết quả", description="Theo lời của nguồn.")
    documents: list[Id] = Field(default_factory=list, title="Văn bản liên quan")
    sources: list[SourceRef] = Field(min_length=1, title="Nguồn")

    @property
    def display_title(self) -> str:
        return self.name

    def references(self) -> Iterator[Reference]:
        for index, document_id in enumerate(self.documents):
            yield Reference(("documents", index), "van-ban", document_id)
        yield from source_references(self.sources)
