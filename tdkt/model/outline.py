"""Report outlines (đề cương báo cáo) sent from above, with their full section tree."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from pydantic import Field

from .common import Id, Line, Text
from .references import Reference
from .written import WrittenDocument


class Level(str, Enum):
    TINH = "Tỉnh"
    HUYEN = "Huyện"
    XA = "Xã"
    SO_NGANH = "Sở, ban, ngành"
    CO_QUAN = "Cơ quan, đơn vị"
    TRUONG_HOC = "Trường học"


class Outline(WrittenDocument):
    report_summary: Text | None = Field(
        None,
        title="Trích yếu của báo cáo",
        description="Dòng trích yếu cho mẫu báo cáo tải về; bỏ trống thì lấy từ trích yếu của đề cương.",
    )
    issuer: Line | None = Field(None, title="Cơ quan gửi đề cương", description="Để trống nếu văn bản gốc không nêu.")
    sent_with: Id | None = Field(None, title="Gửi kèm văn bản", description="Mã văn bản mà đề cương được gửi kèm.")
    levels: list[Level] = Field(default_factory=list, title="Cấp áp dụng")
    applies_to: Text | None = Field(None, title="Đối tượng báo cáo", description="Ai viết báo cáo theo đề cương, theo lời văn bản.")
    review: Line | None = Field(None, title="Loại kỳ báo cáo", description="Ví dụ “Sơ kết 05 năm”, “Tổng kết 10 năm”.")

    def references(self) -> Iterator[Reference]:
        if self.sent_with:
            yield Reference(("sent_with",), "van-ban", self.sent_with)
        yield from super().references()
