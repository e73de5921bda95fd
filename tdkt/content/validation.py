"""Validate plain YAML data against a content model; pydantic errors become Vietnamese problems."""

from __future__ import annotations

import difflib
import re
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from ..model.common import BODY_CONTEXT, Entry
from ..base.problems import Problem
from .yamlsource import SourceMap

_ID_HINT = "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ “chi-thi-34-ct-tw-2014”)."
_PATTERN_HINTS = {
    "file": "Ghi tên tệp nằm ngay trong thư mục sources/, ví dụ “sources/000_32aacd235dac61ad.txt”; không dùng “..”.",
    "ref": "Ghi thư mục loại nội dung và mã hồ sơ, ví dụ “bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw”.",
}
_BLOCK_TAGS = {"section", "text", "bullet", "note"}
_BLOCK_LISTS = {"sections", "content"}


def validate(model: type[Entry], data: Any, source: SourceMap, body_field: str | None = None) -> Entry | list[Problem]:
    """The record, or its problems; body_field names the field a Markdown body fills (checked apart)."""
    if not isinstance(data, dict):
        return [
            Problem(
                source.locate(()),
                "Tệp phải là một nhóm trường dạng “khóa: giá trị”.",
                "Xem một tệp cùng loại trong thư mục data/ làm mẫu.",
            )
        ]
    try:
        return model.model_validate(data, context={BODY_CONTEXT: body_field} if body_field else None)
    except ValidationError as error:
        return [_problem(model, item, data, source) for item in error.errors(include_url=False)]


def _clean_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union tags pydantic inserts after an index into a list of blocks."""
    path: list[Any] = []
    for index, part in enumerate(loc):
        after_block_index = index >= 2 and isinstance(loc[index - 1], int) and loc[index - 2] in _BLOCK_LISTS
        if after_block_index and part in _BLOCK_TAGS:
            continue
        path.append(part)
    return tuple(path)


def _model_at(model: type[BaseModel], data: Any, path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of path, found by walking the data alongside."""
    from ..model.sections import Bullet, Note, Paragraph, Section

    current: type[BaseModel] | None = model
    value = data
    for part in path[:-1]:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else None
            if current is None and isinstance(value, dict):
                current = {"text": Paragraph, "bullet": Bullet, "note": Note}.get(
                    next((k for k in ("text", "bullet", "note") if k in value), ""), Section
                )
            continue
        if current is None or not isinstance(value, dict):
            return None
        field = current.model_fields.get(part)
        value = value.get(part)
        annotation = field.annotation if field else None
        current = _inner_model(annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The one model class inside an annotation; None for none, or for a union of several
    (a list of blocks), whose item kind is then decided from the data."""
    found = _models_in(annotation)
    return found[0] if len(found) == 1 else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _field_title(owner: type[BaseModel] | None, key: Any) -> str:
    if owner is None or not isinstance(key, str) or key not in owner.model_fields:
        return ""
    title = owner.model_fields[key].title
    return f" ({title})" if title else ""


def _problem(model: type[Entry], item: Any, data: Any, source: SourceMap) -> Problem:
    path = _clean_path(tuple(item["loc"]))
    key = path[-1] if path else ""
    kind = item["type"]
    owner = _model_at(model, data, path)
    title = _field_title(owner, key)
    given = item.get("input")
    location = source.locate(path)
    if kind == "missing":
        return Problem(
            source.locate(path[:-1]),
            f"Thiếu trường bắt buộc “{key}”{title}.",
            f"Thêm dòng “{key}: …” vào nhóm trường này.",
        )
    if kind == "extra_forbidden":
        known = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"Có phải ý bạn là “{close[0]}”?" if close else f"Các trường hợp lệ: {', '.join(known)}."
        return Problem(source.locate_key(path), f"Trường “{key}” không có trong mẫu nội dung.", hint)
    messages: dict[str, tuple[str, str]] = {
        "string_type": (f"“{key}”{title} phải là một đoạn chữ.", "Đặt giá trị trong dấu ngoặc kép."),
        "int_type": (f"“{key}”{title} phải là số nguyên.", "Ví dụ: 2014."),
        "int_parsing": (f"“{key}”{title} phải là số nguyên.", "Ví dụ: 2014."),
        "list_type": (
            f"“{key}”{title} phải là một danh sách.",
            "Mỗi mục một dòng, bắt đầu bằng “- ”.",
        ),
        "too_short": (f"“{key}”{title} cần ít nhất một mục.", "Thêm ít nhất một mục vào danh sách."),
        "model_type": (
            f"“{key}”{title} phải là một nhóm trường dạng “khóa: giá trị”.",
            "Xem một tệp cùng loại làm mẫu.",
        ),
        "dict_type": (
            f"“{key}”{title} phải là một nhóm trường dạng “khóa: giá trị”.",
            "Xem một tệp cùng loại làm mẫu.",
        ),
        "string_pattern_mismatch": (f"Giá trị “{given}” của “{key}”{title} không đúng dạng.", _PATTERN_HINTS.get(str(key), _ID_HINT)),
        "greater_than_equal": (f"“{key}”{title} quá nhỏ: {given}.", "Kiểm tra lại năm."),
        "less_than_equal": (f"“{key}”{title} quá lớn: {given}.", "Kiểm tra lại năm."),
        "markup": (
            f"“{key}”{title} chứa thẻ HTML hoặc mã lệnh.",
            "Chỉ dùng chữ thường và *nghiêng*, **đậm**; bỏ các thẻ <…>.",
        ),
        "blank": (f"“{key}”{title} đang để trống.", "Điền nội dung hoặc xóa dòng này."),
        "source_kind": (
            "Mỗi nguồn phải ghi đúng một trong hai: “ref” (hồ sơ của cổng) hoặc “file” (tệp trong sources/).",
            "Ví dụ: “ref: bao-cao/ten-bao-cao” hoặc “file: sources/ten-tep.md”.",
        ),
        "multiline": (
            f"“{key}”{title} phải viết trên một dòng (đang có dấu xuống dòng).",
            "Nối các dòng thành một dòng; bỏ “|” hoặc “>” sau dấu hai chấm và “\\n” trong chuỗi.",
        ),
    }
    if kind.startswith("date"):
        return Problem(
            location,
            f"Ngày “{given}” của “{key}”{title} không hợp lệ.",
            "Viết ngày dạng năm-tháng-ngày, ví dụ 2014-04-07 cho ngày 07/4/2014.",
        )
    if kind == "enum":
        # pydantic words the choices in English ("'A' or 'B'"): only the quoted values are kept.
        choices = re.findall(r"'([^']*)'", str(item.get("ctx", {}).get("expected", "")))
        return Problem(
            location,
            f"Giá trị “{given}” của “{key}”{title} không hợp lệ.",
            "Chọn một trong: " + ", ".join(f"“{choice}”" for choice in choices) + ".",
        )
    if kind in messages:
        message, hint = messages[kind]
        return Problem(location, message, hint)
    return Problem(location, f"“{key}”{title}: giá trị không hợp lệ ({item['msg']}).", "Xem một tệp cùng loại làm mẫu.")
