"""The registry of content types: adding a type means a model, a template and one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..model.common import Entry
from ..model.document import Document
from ..model.exemplar import Exemplar
from ..model.movement import Movement
from ..model.outline import Outline
from ..model.report import Report
from ..base.text import format_date

Column = tuple[str, Callable[[Any], str]]  # header, value of a record's entry


@dataclass(frozen=True)
class Facet:
    """A way to browse a type: one generated page grouping its records by a value ("theo địa phương")."""

    slug: str  # the page: <folder>/<slug>/
    label: str  # "Theo địa phương"
    values: Callable[[Any], list[str]]  # the groups a record belongs to; none: "Chưa rõ"


@dataclass(frozen=True)
class ContentType:
    key: str  # used in code and templates
    folder: str  # under data/ and in URLs
    model: type[Entry]
    label: str  # one record, Vietnamese
    plural: str  # the index page's title
    intro: str  # one sentence on the index page
    icon: str  # Material icon shortcode for the home page
    short: str  # a word or two beside a search result ("Đề cương"), no comma
    columns: tuple[Column, ...] = ()  # the facts a user scans on the index page, after the title
    facets: tuple[Facet, ...] = ()
    # The field a data/<folder>/<id>.md file's Markdown body fills: the record's main prose.
    body: str = ""


def _join(values: Any) -> str:
    return ", ".join(_many(values))


def _str(value: Any) -> str:
    return str(value) if value else ""


def _one(value: Any) -> list[str]:
    return [str(value)] if value else []


def _many(values: Any) -> list[str]:
    return [value.value if isinstance(value, Enum) else str(value) for value in values]


CONTENT_TYPES: tuple[ContentType, ...] = (
    ContentType(
        "outline", "de-cuong", Outline, "Đề cương báo cáo", "Đề cương báo cáo",
        "Các đề cương do cấp trên gửi để cơ quan, đơn vị, địa phương viết báo cáo sơ kết, tổng kết.",
        "material-file-tree-outline",
        "Đề cương",
        (
            ("Kỳ báo cáo", lambda e: " ".join(filter(None, [e.review, f"({e.period})" if e.period else ""]))),
            ("Cấp áp dụng", lambda e: _join(e.levels)),
            ("Địa phương", lambda e: _str(e.locality)),
        ),
        (
            Facet("theo-cap", "Theo cấp áp dụng", lambda e: _many(e.levels)),
            Facet("theo-van-ban", "Theo văn bản được sơ kết, tổng kết", lambda e: list(e.implements)),
        ),
        body="overview",
    ),
    ContentType(
        "report", "bao-cao", Report, "Báo cáo", "Báo cáo mẫu",
        "Báo cáo đã hoàn chỉnh của các địa phương, đối chiếu được với đề cương mà báo cáo theo.",
        "material-file-document-outline",
        "Báo cáo",
        (
            ("Cơ quan báo cáo", lambda e: e.issuer),
            ("Địa phương", lambda e: _str(e.locality)),
            ("Kỳ báo cáo", lambda e: _str(e.period)),
        ),
        (Facet("theo-dia-phuong", "Theo địa phương", lambda e: _one(e.locality)),),
        body="overview",
    ),
    ContentType(
        "exemplar", "mo-hinh", Exemplar, "Mô hình, điển hình tiên tiến", "Mô hình, điển hình tiên tiến",
        "Các mô hình hay, điển hình tiên tiến được nêu trong báo cáo, kèm nguồn để nhân rộng.",
        "material-star-outline",
        "Mô hình",
        (
            ("Địa phương", lambda e: _str(e.locality)),
            ("Lĩnh vực", lambda e: _join(e.fields)),
            ("Thời gian", lambda e: _str(e.period)),
        ),
        (
            Facet("theo-dia-phuong", "Theo địa phương", lambda e: _one(e.locality)),
            Facet("theo-linh-vuc", "Theo lĩnh vực", lambda e: _many(e.fields)),
            Facet("theo-thoi-gian", "Theo thời gian", lambda e: _one(e.period)),
        ),
        body="description",
    ),
    ContentType(
        "movement", "phong-trao", Movement, "Phong trào thi đua", "Phong trào thi đua",
        "Các phong trào thi đua được phát động và nêu trong đề cương, báo cáo.",
        "material-flag-outline",
        "Phong trào",
        (
            ("Phát động", lambda e: _str(e.launched_by)),
            ("Địa phương", lambda e: _str(e.locality)),
            ("Giai đoạn", lambda e: _join(e.periods)),
        ),
        (
            Facet("theo-dia-phuong", "Theo địa phương", lambda e: _one(e.locality)),
            Facet("theo-linh-vuc", "Theo lĩnh vực", lambda e: _many(e.fields)),
            Facet("theo-giai-doan", "Theo giai đoạn", lambda e: _many(e.periods)),
        ),
        body="description",
    ),
    ContentType(
        "document", "van-ban", Document, "Văn bản", "Văn bản chỉ đạo, hướng dẫn",
        "Chỉ thị, kế hoạch, quyết định, công văn… được đề cương và báo cáo trích dẫn.",
        "material-scale-balance",
        "Văn bản",
        (
            ("Số, ký hiệu", lambda e: _str(e.number)),
            ("Cơ quan ban hành", lambda e: _str(e.issuer)),
            ("Ngày ban hành", lambda e: format_date(e.date)),
        ),
        (
            Facet("theo-loai", "Theo loại văn bản", lambda e: [e.type.value]),
            Facet("theo-co-quan", "Theo cơ quan ban hành", lambda e: _one(e.issuer)),
        ),
        body="overview",
    ),
)

BY_FOLDER: dict[str, ContentType] = {content_type.folder: content_type for content_type in CONTENT_TYPES}
BY_KEY: dict[str, ContentType] = {content_type.key: content_type for content_type in CONTENT_TYPES}
