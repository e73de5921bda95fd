"""The registry of content types: adding a type means a model, a template and one entry here."""

from __future__ import annotations

from dataclasses import dataclass

from .model.common import Entry
from .model.document import Document
from .model.exemplar import Exemplar
from .model.movement import Movement
from .model.outline import Outline
from .model.report import Report


@dataclass(frozen=True)
class ContentType:
    key: str  # used in code and templates
    folder: str  # under data/ and in URLs
    model: type[Entry]
    label: str  # one record, Vietnamese
    plural: str  # the index page's title
    intro: str  # one sentence on the index page
    icon: str  # Material icon shortcode for the home page


CONTENT_TYPES: tuple[ContentType, ...] = (
    ContentType(
        "outline", "de-cuong", Outline, "Đề cương báo cáo", "Đề cương báo cáo",
        "Các đề cương do cấp trên gửi để cơ quan, đơn vị, địa phương viết báo cáo sơ kết, tổng kết.",
        "material-file-tree-outline",
    ),
    ContentType(
        "report", "bao-cao", Report, "Báo cáo", "Báo cáo mẫu",
        "Báo cáo đã hoàn chỉnh của các địa phương, đối chiếu được với đề cương mà báo cáo theo.",
        "material-file-document-outline",
    ),
    ContentType(
        "exemplar", "mo-hinh", Exemplar, "Mô hình, điển hình tiên tiến", "Mô hình, điển hình tiên tiến",
        "Các mô hình hay, điển hình tiên tiến được nêu trong báo cáo, kèm nguồn để nhân rộng.",
        "material-star-outline",
    ),
    ContentType(
        "movement", "phong-trao", Movement, "Phong trào thi đua", "Phong trào thi đua",
        "Các phong trào thi đua được phát động và nêu trong đề cương, báo cáo.",
        "material-flag-outline",
    ),
    ContentType(
        "document", "van-ban", Document, "Văn bản", "Văn bản chỉ đạo, hướng dẫn",
        "Chỉ thị, kế hoạch, quyết định, công văn… được đề cương và báo cáo trích dẫn.",
        "material-scale-balance",
    ),
)

BY_FOLDER: dict[str, ContentType] = {content_type.folder: content_type for content_type in CONTENT_TYPES}
BY_KEY: dict[str, ContentType] = {content_type.key: content_type for content_type in CONTENT_TYPES}
