"""Report outlines (đề cương báo cáo) sent from above, with their full section tree."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from pydantic import Field

from .common import Closing, Entry, Id, Period, SourceFile, Text
from .references import Reference
from .sections import Block


class Level(str, Enum):
    TINH = "Tỉnh"
    HUYEN = "Huyện"
    XA = "Xã"
    SO_NGANH = "Sở, ban, ngành"
    CO_QUAN = "Cơ quan, đơn vị"
    TRUONG_HOC = "Trường học"


class Outline(Entry):
    title: Text = Field(title="Tên trang", description="Tên ngắn gọn để liệt kê và tìm kiếm.")
    heading: Text | None = Field(None, title="Tên loại", description="Như văn bản gốc ghi, ví dụ “ĐỀ CƯƠNG BÁO CÁO”.")
    summary: Text | None = Field(None, title="Trích yếu", description="Dòng trích yếu dưới tên loại, nguyên văn.")
    attachment_note: Text | None = Field(
        None, title="Ghi chú kèm theo", description="Ví dụ “(Kèm theo Văn bản số … của Sở Nội vụ)”."
    )
    report_summary: Text | None = Field(
        None,
        title="Trích yếu của báo cáo",
        description="Dòng trích yếu cho mẫu báo cáo tải về; bỏ trống thì lấy từ trích yếu của đề cương.",
    )
    issuer: Text | None = Field(None, title="Cơ quan gửi đề cương", description="Để trống nếu văn bản gốc không nêu.")
    sent_with: Id | None = Field(None, title="Gửi kèm văn bản", description="Mã văn bản mà đề cương được gửi kèm.")
    implements: list[Id] = Field(default_factory=list, title="Văn bản được sơ kết, tổng kết")
    levels: list[Level] = Field(default_factory=list, title="Cấp áp dụng")
    applies_to: Text | None = Field(None, title="Đối tượng báo cáo", description="Ai viết báo cáo theo đề cương, theo lời văn bản.")
    locality: Text | None = Field(None, title="Địa phương")
    review: Text | None = Field(None, title="Loại kỳ báo cáo", description="Ví dụ “Sơ kết 05 năm”, “Tổng kết 10 năm”.")
    period: Period | None = Field(None, title="Kỳ báo cáo")
    sections: list[Block] = Field(min_length=1, title="Các phần, mục")
    closing: Closing | None = Field(None, title="Phần cuối")
    source: SourceFile = Field(title="Văn bản gốc")

    @property
    def display_title(self) -> str:
        return self.title

    def references(self) -> Iterator[Reference]:
        if self.sent_with:
            yield Reference(("sent_with",), "van-ban", self.sent_with)
        for index, document_id in enumerate(self.implements):
            yield Reference(("implements", index), "van-ban", document_id)
