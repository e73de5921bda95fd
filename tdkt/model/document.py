"""Documents (văn bản): directives, plans, decisions, official letters, laws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import Enum

from pydantic import Field

from .common import Entry, Id, SourceRef, Line, Text
from .references import Reference, source_reference, source_references


class DocumentType(str, Enum):
    CHI_THI = "Chỉ thị"
    KE_HOACH = "Kế hoạch"
    QUYET_DINH = "Quyết định"
    CONG_VAN = "Công văn"
    VAN_BAN = "Văn bản"
    LUAT = "Luật"
    NGHI_DINH = "Nghị định"
    NGHI_QUYET = "Nghị quyết"
    THONG_TU = "Thông tư"
    HUONG_DAN = "Hướng dẫn"
    THONG_BAO = "Thông báo"
    BAO_CAO = "Báo cáo"


class RelationKind(str, Enum):
    IMPLEMENTS = "implements"
    AMENDS = "amends"
    REPLACES = "replaces"
    BASED_ON = "based_on"


RELATION_LABELS: dict[RelationKind, tuple[str, str]] = {
    # (as seen from the document that has the relation, as seen from its target)
    RelationKind.IMPLEMENTS: ("Triển khai thực hiện", "Được triển khai bởi"),
    RelationKind.AMENDS: ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
    RelationKind.REPLACES: ("Thay thế", "Bị thay thế bởi"),
    RelationKind.BASED_ON: ("Căn cứ", "Là căn cứ của"),
}


class Relation(Entry):
    kind: RelationKind = Field(
        title="Quan hệ",
        description="implements (triển khai), amends (sửa đổi, bổ sung), replaces (thay thế), based_on (căn cứ).",
    )
    target: Id = Field(title="Văn bản liên quan", description="Mã văn bản (tên tệp trong data/van-ban).")
    source: SourceRef | None = Field(None, title="Nguồn của quan hệ")


class Document(Entry):
    type: DocumentType = Field(title="Loại văn bản")
    number: Line | None = Field(None, title="Số, ký hiệu", description="Như văn bản ghi, ví dụ “34-CT/TW”.")
    name: Line | None = Field(
        None, title="Tên gọi", description="Chỉ dùng khi văn bản không có số, ví dụ “Luật Thi đua, khen thưởng”."
    )
    issuer: Line | None = Field(None, title="Cơ quan ban hành", description="Để trống nếu nguồn không nêu.")
    date: dt.date | None = Field(None, title="Ngày ban hành", description="Dạng năm-tháng-ngày, ví dụ 2014-04-07.")
    title: Text | None = Field(None, title="Trích yếu", description="Trích yếu nội dung, nguyên văn như nguồn.")
    locality: Line | None = Field(None, title="Địa phương")
    note: Text | None = Field(None, title="Ghi chú")
    overview: Text | None = Field(
        None,
        title="Tóm tắt nội dung",
        description="Văn bản nói gì, tóm tắt theo nguồn; trong tệp .md đây là phần bài (Markdown) sau phần đầu.",
    )
    relations: list[Relation] = Field(default_factory=list, title="Quan hệ với văn bản khác")
    sources: list[SourceRef] = Field(min_length=1, title="Nguồn thông tin")

    @property
    def display_title(self) -> str:
        if self.number:
            return f"{self.type.value} số {self.number}"
        return self.name or self.type.value

    @property
    def identity(self) -> tuple[str, str, str]:
        """Number + issuer + date: numbers alone repeat across bodies and years."""
        return (self.number or self.name or "", self.issuer or "", self.date.isoformat() if self.date else "")

    def references(self) -> Iterator[Reference]:
        for index, relation in enumerate(self.relations):
            yield Reference(("relations", index, "target"), "van-ban", relation.target)
            if relation.source and (reference := source_reference(("relations", index, "source"), relation.source)):
                yield reference
        yield from source_references(self.sources)

