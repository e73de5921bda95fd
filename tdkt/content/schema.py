"""JSON Schemas of the content types, produced from the model (one source of truth), and new
content files scaffolded from them with a Vietnamese comment on every field."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from .content_types import CONTENT_TYPES, ContentType

SCHEMA_DIR = "schemas"


def model_schema(model: type[Any]) -> dict[str, Any]:
    """pydantic's JSON Schema of a model, made once per model class: it costs ~20 ms a model, and
    the editing page's configuration asks for it at every build (every preview reload while
    serving). Each caller gets its own copy to change."""
    return json.loads(_model_schema_text(model))


@functools.cache
def _model_schema_text(model: type[Any]) -> str:
    return json.dumps(model.model_json_schema())


def schema_for(content_type: ContentType) -> dict[str, Any]:
    schema = model_schema(content_type.model)
    for definition in schema.get("$defs", {}).values():
        # Nested models' descriptions are their docstrings, written for programmers in English;
        # editors see the Vietnamese title and description of the field that uses them.
        definition.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{content_type.folder}.schema.json",
        **schema,
        "title": f"{content_type.label} (data/{content_type.folder}/)",
        "description": content_type.intro,
    }


def schema_text(content_type: ContentType) -> str:
    return json.dumps(schema_for(content_type), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_path(root: Path, content_type: ContentType) -> Path:
    return root / SCHEMA_DIR / f"{content_type.folder}.schema.json"


def schema_line(content_type: ContentType) -> str:
    """The line that gives editors (VS Code's YAML extension…) completion and checking as they type."""
    return f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{content_type.folder}.schema.json"


def write_schemas(root: Path) -> list[Path]:
    written = []
    for content_type in CONTENT_TYPES:
        path = schema_path(root, content_type)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_text(content_type), encoding="utf-8")
        written.append(path)
    return written


def outdated_schemas(root: Path) -> list[Path]:
    return [
        schema_path(root, t)
        for t in CONTENT_TYPES
        if not schema_path(root, t).is_file() or schema_path(root, t).read_text(encoding="utf-8") != schema_text(t)
    ]


# -- scaffolding ------------------------------------------------------------------------------


def scaffold(content_type: ContentType) -> str:
    """A new content file: required fields to fill in, optional ones commented out, each explained."""
    schema = schema_for(content_type)
    lines = [
        schema_line(content_type),
        f"# {content_type.label} mới. Điền các trường chưa có dấu # ở đầu dòng; bỏ dấu # ở trường tùy chọn",
        "# muốn dùng. Chỉ ghi điều văn bản gốc nêu; không biết thì để trống hoặc bỏ trường tùy chọn.",
        "# Kiểm tra: .venv/bin/tdkt check",
        "",
    ]
    lines += _fields(schema, schema, indent="", commented=False)
    return "\n".join(lines) + "\n"


def scaffold_markdown(content_type: ContentType) -> str:
    """A new Markdown content file: the same fields as front matter, the body field below it."""
    schema = schema_for(content_type)
    field = content_type.body
    label = content_type.model.model_fields[field].title
    folder = content_type.folder
    properties = {name: prop for name, prop in schema.get("properties", {}).items() if name != field}
    lines = [
        "---",
        f"# {content_type.label} mới, viết bằng Markdown. Giữa hai dòng --- là các trường (YAML): điền các trường",
        "# chưa có dấu # ở đầu dòng; bỏ dấu # ở trường tùy chọn muốn dùng. Chỉ ghi điều nguồn nêu.",
        f"# Dưới dòng --- thứ hai là phần bài: “{label}” ({field}), viết bằng Markdown — đoạn văn, danh sách,",
        "# bảng, hộp lưu ý (!!! note), chú thích [^1]; không dùng thẻ HTML.",
        f"# Ảnh: đặt tệp vào thư mục data/{folder}/<mã>/ (cùng tên tệp này), rồi viết trong bài:",
        "# ![Mô tả điều ảnh cho thấy](anh-1.jpg \"Chú thích dưới ảnh\")",
        "# Kiểm tra: .venv/bin/tdkt check",
        "",
    ]
    lines += _fields({**schema, "properties": properties}, schema, indent="", commented=False)
    return "\n".join(lines + ["---", ""]) + "\n"


def _resolve(prop: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        return _resolve(root["$defs"][prop["$ref"].split("/")[-1]], root)
    for key in ("anyOf", "oneOf"):
        if key in prop:
            options = [p for p in prop[key] if p.get("type") != "null"]
            if options:
                merged = {**_resolve(options[0], root), **{k: v for k, v in prop.items() if k not in (key, "default")}}
                return merged
    return prop


def _comment(name: str, prop: dict[str, Any], resolved: dict[str, Any]) -> str:
    text = prop.get("title") or resolved.get("title") or name
    notes = [prop.get("description") or resolved.get("description") or ""]
    if "enum" in resolved:
        notes.append("Chọn một trong: " + ", ".join(str(v) for v in resolved["enum"]) + ".")
    if resolved.get("format") == "date":
        notes.append("Dạng năm-tháng-ngày, ví dụ 2014-04-07.")
    detail = " ".join(note for note in notes if note)
    return f"{text}: {detail}" if detail else text


def _fields(schema: dict[str, Any], root: dict[str, Any], indent: str, commented: bool) -> list[str]:
    lines: list[str] = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        resolved = _resolve(prop, root)
        off = commented or name not in required
        mark = "# " if off else ""
        lines.append(f"{indent}# {_comment(name, prop, resolved)}")
        kind = resolved.get("type")
        item = _resolve(resolved.get("items", {}), root) if kind == "array" else {}
        if kind == "object" and "properties" in resolved and not off:
            lines.append(f"{indent}{name}:")
            lines += _fields(resolved, root, indent + "  ", False)
        elif kind == "array" and item.get("type") == "object" and not off:
            # One item to start from: its fields indented under "- ".
            lines.append(f"{indent}{name}:")
            if not item.get("required"):  # one of several fields (a source's ref or file): start with the first
                item = {**item, "required": [next(iter(item.get("properties", {})))]}
            nested = _fields(item, root, indent + "    ", False)
            first = next(i for i, line in enumerate(nested) if not line.lstrip().startswith("#"))
            nested[first] = f"{indent}  - {nested[first].lstrip()}"
            lines += nested
        elif kind == "array" or kind == "object":
            lines.append(f"{indent}{mark}{name}: {'[]' if kind == 'array' else '{}'}")
        else:
            value = {"integer": "2024", "boolean": "false"}.get(kind or "", "2024-01-01" if resolved.get("format") == "date" else '""')
            lines.append(f"{indent}{mark}{name}: {value}")
    return lines
