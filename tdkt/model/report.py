"""Reports (báo cáo) written by a body, usually following an outline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from .common import Entry, Id, Line, Text
from .references import Reference
from .written import WrittenDocument


class Footnote(Entry):
    mark: Line = Field(title="Ký hiệu", description="Ký hiệu chú thích như văn bản gốc, ví dụ “1”.")
    text: Text = Field(title="Nội dung chú thích")


class Report(WrittenDocument):
    number: Line | None = Field(None, title="Số, ký hiệu")
    date: dt.date | None = Field(None, title="Ngày ban hành")
    issuer: Line = Field(title="Cơ quan báo cáo")
    responds_to: Id | None = Field(None, title="Thực hiện theo văn bản", description="Mã văn bản yêu cầu báo cáo.")
    follows: Id | None = Field(None, title="Theo đề cương", description="Mã đề cương mà báo cáo theo.")
    follows_note: Text | None = Field(None, title="Ghi chú về đề cương")
    introduction: list[Text] = Field(default_factory=list, title="Phần mở đầu")
    footnotes: list[Footnote] = Field(
        default_factory=list, title="Chú thích", description="Chú thích cuối trang; trong bài viết dùng [^1]."
    )

    def references(self) -> Iterator[Reference]:
        if self.responds_to:
            yield Reference(("responds_to",), "van-ban", self.responds_to)
        if self.follows:
            yield Reference(("follows",), "de-cuong", self.follows)
        yield from super().references()
