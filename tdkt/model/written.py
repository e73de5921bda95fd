"""What outlines and reports share: a document's text as written, with its section tree."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from .common import Closing, Entry, Id, Period, SourceFile, Line, Text
from .references import Reference
from .sections import Block


class WrittenDocument(Entry):
    title: Line = Field(title="Tên trang", description="Tên ngắn gọn để liệt kê và tìm kiếm.")
    heading: Line | None = Field(None, title="Tên loại", description="Như văn bản gốc ghi, ví dụ “ĐỀ CƯƠNG BÁO CÁO”, “BÁO CÁO”.")
    summary: Text | None = Field(None, title="Trích yếu", description="Dòng trích yếu dưới tên loại, nguyên văn.")
    attachment_note: Text | None = Field(
        None, title="Ghi chú kèm theo", description="Ví dụ “(Kèm theo Văn bản số … của Sở Nội vụ)”."
    )
    overview: Text | None = Field(
        None,
        title="Giới thiệu",
        description="Lời giới thiệu của người biên tập (dùng vào việc gì, cách dùng); trong tệp .md đây là phần bài (Markdown).",
    )
    implements: list[Id] = Field(default_factory=list, title="Văn bản được sơ kết, tổng kết")
    locality: Line | None = Field(None, title="Địa phương")
    period: Period | None = Field(None, title="Kỳ báo cáo")
    sections: list[Block] = Field(min_length=1, title="Các phần, mục")
    closing: Closing | None = Field(None, title="Phần cuối")
    source: SourceFile = Field(title="Văn bản gốc")

    @property
    def display_title(self) -> str:
        return self.title

    def references(self) -> Iterator[Reference]:
        for index, document_id in enumerate(self.implements):
            yield Reference(("implements", index), "van-ban", document_id)
