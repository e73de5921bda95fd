"""Field types shared by the content types."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

BODY_CONTEXT = "body_field"  # validation context: the field a .md file's body fills
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|javascript:", re.IGNORECASE)


def _no_markup(value: str, info: ValidationInfo) -> str:
    # Content arrives by pull request: markup would reach page titles and the search index raw.
    # A Markdown body (BODY_CONTEXT) was checked line by line already, code spans and blocks apart.
    if info.context and info.field_name == info.context.get(BODY_CONTEXT):
        return value
    if _MARKUP.search(value):
        raise PydanticCustomError("markup", "Nội dung chứa thẻ HTML hoặc mã lệnh, không được phép.")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "Trường này không được để trống.")
    return value


Text = Annotated[str, AfterValidator(_no_markup), AfterValidator(_not_blank)]
"""A text field: inline Markdown emphasis allowed (*nghiêng*, **đậm**), HTML not."""


def _one_line(value: str) -> str:
    # Shown on one line (a heading, a table cell, a link): a line break would end a Markdown table.
    if "\n" in value or "\r" in value:
        raise PydanticCustomError("multiline", "Trường này phải viết trên một dòng.")
    return value


Line = Annotated[str, AfterValidator(_one_line), AfterValidator(_no_markup), AfterValidator(_not_blank)]
"""A text shown on one line: titles, names, numbers, labels, issuers, places."""

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""The id of another record: lower-case ASCII words joined by '-' (the file name without .yml)."""


class Entry(BaseModel):
    """Base of every content record: unknown keys are errors (usually typos), text is stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Period(Entry):
    start: int = Field(title="Từ năm", ge=1945, le=2100)
    end: int = Field(title="Đến năm", ge=1945, le=2100)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start} – {self.end}"


class SourceRef(Entry):
    """Where a fact or a record comes from: a record of the portal (optionally one of its sections),
    or a text kept under sources/ (for what no record of the portal states, such as the decree the
    report templates follow)."""

    ref: str | None = Field(
        None,
        title="Nguồn",
        description="Loại và mã hồ sơ nguồn, ví dụ “bao-cao/ly-son-tong-ket-10-nam-chi-thi-34”.",
        pattern=r"^[a-z-]+/[a-z0-9]+(?:-[a-z0-9]+)*$",
    )
    file: str | None = Field(
        None,
        title="Tệp nguồn",
        description="Hoặc một tệp trong sources/ nêu thông tin này, ví dụ “sources/the-thuc-van-ban.md”.",
        pattern=r"^sources/[A-Za-z0-9_.-]+\.(txt|md|docx|odt|doc|rtf|pdf|png|jpg|jpeg)$",
    )
    section: Text | None = Field(
        None,
        title="Mục",
        description="Đường dẫn số mục trong nguồn, các cấp cách nhau bởi “>”, ví dụ “II > 2 > b”.",
    )
    quote: Text | None = Field(None, title="Trích dẫn", description="Câu nguyên văn của nguồn nêu thông tin này.")

    @model_validator(mode="after")
    def _one_source(self) -> "SourceRef":
        if (self.ref is None) == (self.file is None):
            raise PydanticCustomError("source_kind", "Mỗi nguồn ghi đúng một trong hai: “ref” (hồ sơ của cổng) hoặc “file” (tệp trong sources/).")
        return self


class SourceFile(Entry):
    """The original text a record transcribes, kept under sources/."""

    file: str = Field(
        title="Tệp gốc",
        description="Văn bản gốc trong sources/: chữ (.txt, .md) hoặc tệp nhận được (.docx, .odt, .doc, .rtf, .pdf, ảnh .png, .jpg).",
        pattern=r"^sources/[A-Za-z0-9_.-]+\.(txt|md|docx|odt|doc|rtf|pdf|png|jpg|jpeg)$",
    )
    notes: list[Text] = Field(
        default_factory=list,
        title="Ghi chú chép lại",
        description="Những chỗ đã chỉnh khi chép (lỗi trích xuất, ngắt trang), ghi công khai.",
    )
    # False until a person has read the record against the original: an import cannot know it.
    checked: bool = Field(
        False,
        title="Đã đối chiếu với văn bản gốc",
        description="Ghi true khi người biên tập đã đọc lại từng mục so với văn bản gốc và sửa chỗ sai; "
        "khi còn false, tdkt check cảnh báo và trang ghi rõ chưa đối chiếu.",
    )


class Signer(Entry):
    authority: Line | None = Field(None, title="Quyền hạn ký", description="Ví dụ “TM. ỦY BAN NHÂN DÂN”.")
    title: Line | None = Field(None, title="Chức vụ", description="Ví dụ “CHỦ TỊCH”, “Thủ trưởng đơn vị”.")
    note: Text | None = Field(None, title="Ghi chú ký", description="Ví dụ “(ký tên, đóng dấu)”.")
    name: Line | None = Field(None, title="Họ và tên người ký")


class Closing(Entry):
    """The end of a document: closing sentence, 'Nơi nhận' list and signature block."""

    text: list[Text] = Field(default_factory=list, title="Câu kết")
    recipients: list[Text] = Field(default_factory=list, title="Nơi nhận")
    signer: Signer | None = Field(None, title="Người ký")
