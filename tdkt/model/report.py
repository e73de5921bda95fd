"""Reports (báo cáo) written by a body, usually following an outline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from .common import Closing, Entry, Id, Period, SourceFile, Text
from .references import Reference
from .sections import Block


class Footnote(Entry):
    mark: Text = Field(title="Ký hiệu", description="Ký hiệu chú thích như văn bản gốc, ví dụ “1”.")
    text: Text = Field(title="Nội dung chú thích")


class Report(Entry):
    title: Text = Field(title="Tên trang")
    heading: Text | None = Field(None, title="Tên loại", description="Ví dụ “BÁO CÁO”.")
    summary: Text | None = Field(None, title="Trích yếu")
    attachment_note: Text | None = Field(None, title="Ghi chú kèm theo")
    number: Text | None = Field(None, title="Số, ký hiệu")
    date: dt.date | None = Field(None, title="Ngày ban hành")
    issuer: Text = Field(title="Cơ quan báo cáo")
    locality: Text | None = Field(None, title="Địa phương")
    responds_to: Id | None = Field(None, title="Thực hiện theo văn bản", description="Mã văn bản yêu cầu báo cáo.")
    follows: Id | None = Field(None, title="Theo đề cương", description="Mã đề cương mà báo cáo theo.")
    follows_note: Text | None = Field(None, title="Ghi chú về đề cương")
    implements: list[Id] = Field(default_factory=list, title="Văn bản được sơ kết, tổng kết")
    period: Period | None = Field(None, title="Kỳ báo cáo")
    introduction: list[Text] = Field(default_factory=list, title="Phần mở đầu")
    sections: list[Block] = Field(min_length=1, title="Các phần, mục")
    footnotes: list[Footnote] = Field(
        default_factory=list, title="Chú thích", description="Chú thích cuối trang; trong bài viết dùng [^1]."
    )
    closing: Closing | None = Field(None, title="Phần cuối")
    source: SourceFile = Field(title="Văn bản gốc")

    @property
    def display_title(self) -> str:
        return self.title

    def references(self) -> Iterator[Reference]:
        if self.responds_to:
            yield Reference(("responds_to",), "van-ban", self.responds_to)
        if self.follows:
            yield Reference(("follows",), "de-cuong", self.follows)
        for index, document_id in enumerate(self.implements):
            yield Reference(("implements", index), "van-ban", document_id)
