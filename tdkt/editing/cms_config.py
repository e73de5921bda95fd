"""The editing page's Decap CMS configuration, made from the content model at build time.

Each content type gives two collections over data/<folder>/ (Decap reads one extension per
collection): its .yml records and its .md records, whose Markdown body is the type's body field.
Every field comes from the type's JSON Schema (tdkt.content.schema, itself made from the pydantic model):
Vietnamese label and hint, required or not, pattern, choices, bounds. A field that names other
records (what the model's references() reports) becomes a picker of the records that exist;
the section tree, recursive in the model, is unrolled to SECTION_DEPTH levels (a Decap widget
cannot contain itself).

Pickers do not list their records inline: thousands of records times every reference field of
ten collections would make the file heavy, so the configuration names a list ("@van-ban") that
the page (docs/assets/quan-tri.js) fills in from `records`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..content.content_types import CONTENT_TYPES, ContentType
from ..model.common import Line
from ..content.schema import model_schema, schema_for

SECTION_DEPTH = 6  # levels of sections an editor can open: headings h2–h6 of a page, and one more
TYPE_KEY = "type"  # what Decap writes into each block of a section's content; the page's format removes it
ANY_RECORD = "*"  # the list of every record, "folder/id": a source may be a record of any type

_LINE_MARKS = get_args(Line)[1:]
_SENTINEL = "zzmark"


@dataclass(frozen=True)
class CmsSettings:
    """Where editors publish: read at build time, never stored with a secret."""

    repo: str  # "owner/name" on GitHub, or "" when unknown
    branch: str = "main"
    auth_url: str = ""  # the OAuth service's address (base_url); "" leaves Decap's default (Netlify)
    auth_endpoint: str = "auth"
    local_port: int = 8081  # decap-server's, on this machine (scripts/edit.sh)


@dataclass(frozen=True)
class RecordChoice:
    folder: str
    id: str
    title: str


def cms_config(settings: CmsSettings, records: Iterable[RecordChoice] = (),
               content_types: Iterable[ContentType] = CONTENT_TYPES) -> dict[str, Any]:
    """What the editing page hands to CMS.init: the Decap configuration and the records pickers list."""
    backend: dict[str, Any] = {
        "name": "github",
        "repo": settings.repo,
        "branch": settings.branch,
        "open_authoring": True,
        "squash_merges": True,
    }
    if settings.auth_url:
        backend |= {"base_url": settings.auth_url, "auth_endpoint": settings.auth_endpoint}
    collections = []
    content_types = tuple(content_types)
    for content_type in content_types:
        collections.append(_collection(content_type, markdown=False))
        collections.append(_collection(content_type, markdown=True))
    by_folder: dict[str, list[list[str]]] = {t.folder: [] for t in content_types}
    every: list[list[str]] = []
    for record in sorted(records, key=lambda r: (r.folder, r.title, r.id)):
        by_folder.setdefault(record.folder, []).append([record.id, f"{record.title} ({record.id})"])
        every.append([f"{record.folder}/{record.id}", f"{record.title} ({record.folder}/{record.id})"])
    config = {
        "load_config_file": False,
        "locale": "vi",
        "backend": backend,
        "publish_mode": "editorial_workflow",
        # On localhost (bash scripts/edit.sh) the page writes into the working copy through
        # decap-server; Decap ignores this anywhere else.
        "local_backend": {"url": f"http://127.0.0.1:{settings.local_port}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]},
        # Pictures go with their record (each .md collection says where); the media library's own
        # uploads, outside a record, land where the check finds them and asks where they belong.
        "media_folder": "data/anh-chua-dung",
        "public_folder": "/data/anh-chua-dung",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "show_preview_links": False,
        "editor": {"preview": False},
        "collections": collections,
    }
    return {"config": config, "records": {**by_folder, ANY_RECORD: every}, "blockKeys": block_keys(content_types)}


def reference_fields(model: type[BaseModel]) -> dict[tuple[str, ...], str]:
    """Which fields of the model name another record, by field path ("*" for a list's items),
    with the folder of the records they name (ANY_RECORD: the value names its folder too).
    Found by asking the model itself: an instance with a marker in every text field says, through
    references(), which markers are record ids (tdkt.model.references)."""
    schema = model_schema(model)
    classes = _classes(model)
    marks: dict[str, tuple[str, ...]] = {}
    sample = _sample(schema, schema.get("$defs", {}), classes, (), marks, frozenset())
    found: dict[tuple[str, ...], str] = {}
    for reference in sample.references():
        path = tuple("*" if isinstance(part, int) else part for part in reference.path)
        if reference.id in marks:
            found[marks[reference.id]] = reference.folder
        elif reference.folder in marks:  # "folder/id" in one value: the folder is the marker's
            found[marks[reference.folder]] = ANY_RECORD
        else:
            found[path] = reference.folder
    return found


def _classes(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ in found:
                return
            found[annotation.__name__] = annotation
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for argument in get_args(annotation):
            visit(argument)

    visit(model)
    return found


def _sample(node: dict[str, Any], defs: dict[str, Any], classes: dict[str, type[BaseModel]], path: tuple[str, ...],
            marks: dict[str, tuple[str, ...]], seen: frozenset[str]) -> Any:
    node = _without_null(node)
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        definition = defs[name]
        if "enum" in definition:
            return definition["enum"][0]
        values = {
            key: _sample(child, defs, classes, path + (key,), marks, seen | {name})
            for key, child in definition.get("properties", {}).items()
        }
        return classes[name].model_construct(**values)
    if "properties" in node:
        values = {key: _sample(child, defs, classes, path + (key,), marks, seen) for key, child in node["properties"].items()}
        return classes[node["title"]].model_construct(**values)
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        options = items.get("oneOf") or items.get("anyOf") or [items]
        return [
            _sample(option, defs, classes, path + ("*",), marks, seen)
            for option in options
            if option.get("$ref", "").rsplit("/", 1)[-1] not in seen  # a tree: one level says it all
        ]
    if kind == "string" and node.get("format") == "date":
        return dt.date(2000, 1, 1)
    if kind == "string":
        mark = f"{_SENTINEL}{len(marks)}"
        marks[mark] = path
        return mark
    if kind in ("integer", "number"):
        return node.get("minimum", 2000)
    if kind == "boolean":
        return False
    return None


def _without_null(node: dict[str, Any]) -> dict[str, Any]:
    options = node.get("anyOf")
    if options:
        rest = [option for option in options if option.get("type") != "null"]
        if len(rest) == 1:
            return {**{k: v for k, v in node.items() if k != "anyOf"}, **rest[0]}
    return node


# -- collections ------------------------------------------------------------------------------


def _collection(content_type: ContentType, markdown: bool) -> dict[str, Any]:
    schema = schema_for(content_type)
    fields = _Fields(content_type, schema)
    properties = schema["properties"]
    required = set(schema.get("required", []))
    body = content_type.body
    entries = [
        fields.field(name, node, name in required, (name,), content_type.model)
        for name, node in properties.items()
        if not (markdown and name == body)
    ]
    name = content_type.folder + ("-md" if markdown else "")
    collection: dict[str, Any] = {
        "name": name,
        "label": content_type.plural + (" — bài viết có ảnh (.md)" if markdown else ""),
        "label_singular": content_type.label,
        "description": content_type.intro
        + (
            " Hồ sơ viết bằng Markdown: phần bài dài, bảng, ảnh; ảnh nằm trong thư mục cùng tên với hồ sơ."
            if markdown
            else " Hồ sơ YAML (.yml)."
        ),
        "folder": f"data/{content_type.folder}",
        "extension": "md" if markdown else "yml",
        "format": f"tdkt-{name}",  # one per collection: the page's format knows the collection's fields
        "create": True,
        "delete": False,
        "identifier_field": _identifier(properties, set(schema.get("required", []))),
        "summary": _NAMING.get(content_type.folder, ("", "{{" + _identifier(properties, required) + "}}"))[1],
        "slug": _NAMING.get(content_type.folder, ("{{" + _identifier(properties, required) + "}}", ""))[0],
        "fields": entries,
    }
    if markdown:
        node = properties[body]
        entry = fields.field(body, node, body in required, (body,), content_type.model)
        collection["fields"].append(
            {
                **entry,
                "widget": "markdown",
                # Raw Markdown first: the rich-text editor rewrites what it does not know (tables,
                # notes “!!!”); it is one click away for inserting a picture.
                "modes": ["raw", "rich_text"],
                "buttons": ["bold", "italic", "heading-two", "heading-three", "link", "bulleted-list", "numbered-list", "quote"],
                "editor_components": ["image"],
                "hint": (entry.get("hint", "") + " Chèn ảnh: chọn “Văn bản định dạng”, bấm “+” → Image → “Chọn một hình” → “Tải lên”; ảnh được lưu vào thư mục của hồ sơ. Lời mô tả ảnh (Alt Text) là bắt buộc.").strip(),
            }
        )
        # Beside the record: data/<folder>/<id>/anh.jpg, written in the body as the bare file name.
        collection["media_folder"] = "{{filename}}"
        collection["public_folder"] = ""
    return collection


# A new record's id (file name) and its line in the list, where its title is not one field: a
# document is named by type and number as the hand-written files are (chi-thi-34-ct-tw…), or by
# its name when it has no number. Other types: their title or name.
_NAMING = {"van-ban": ("{{type}}-{{number}}{{name}}", "{{type}} {{number}}{{name}}")}


def _identifier(properties: dict[str, Any], required: set[str]) -> str:
    """The field Decap names a new entry after: it must be filled in, so a required one."""
    return next(name for name in ("title", "name", *properties) if name in required and name in properties)


class _Fields:
    def __init__(self, content_type: ContentType, schema: dict[str, Any]) -> None:
        self.content_type = content_type
        self.defs = schema.get("$defs", {})
        self.references = reference_fields(content_type.model)
        self.classes = _classes(content_type.model)

    def field(self, name: str, node: dict[str, Any], required: bool, path: tuple[str, ...], model: type[BaseModel] | None,
              depth: int = 1) -> dict[str, Any]:
        optional_by_type = "anyOf" in node and any(o.get("type") == "null" for o in node["anyOf"])
        node = _without_null(node)
        info = model.model_fields.get(name) if model is not None else None
        field: dict[str, Any] = {"name": name, "label": node.get("title") or (info.title if info else None) or name}
        if node.get("description"):
            field["hint"] = node["description"]
        field["required"] = bool(required and not optional_by_type)
        folder = self.references.get(path + ("*",) if node.get("type") == "array" else path)
        if folder is not None:
            return field | self._picker(node, folder)
        if "$ref" in node:
            definition = self.defs[node["$ref"].rsplit("/", 1)[-1]]
            if "enum" in definition:
                return field | self._choices(definition["enum"], node)
            return field | self._object(definition, path, depth)
        kind = node.get("type")
        if kind == "array":
            return field | self._list(node, path, depth, name, model, field["label"])
        if kind == "integer":
            return field | {"widget": "number", "value_type": "int"} | _bounds(node, "min", "max")
        if kind == "string" and node.get("format") == "date":
            return field | {
                "widget": "datetime",
                "format": "YYYY-MM-DD",
                "date_format": "DD/MM/YYYY",
                "time_format": False,
                "picker_utc": True,
                "default": "",
            }
        if "enum" in node:
            return field | self._choices(node["enum"], node)
        # A one-line text, or a code with a pattern, is a text box; other texts get a text area.
        widget = "string" if "pattern" in node or (info is not None and _is_line(info)) else "text"
        return field | {"widget": widget} | _pattern(node)

    def _picker(self, node: dict[str, Any], folder: str) -> dict[str, Any]:
        multiple = node.get("type") == "array"
        picker: dict[str, Any] = {"widget": "select", "options": "@" + folder, "multiple": multiple}
        if multiple and node.get("minItems"):
            picker["min"] = node["minItems"]
        return picker

    def _choices(self, values: list[Any], node: dict[str, Any]) -> dict[str, Any]:
        choice: dict[str, Any] = {"widget": "select", "options": [{"label": str(v), "value": v} for v in values]}
        if "default" in node and node["default"] is not None:
            choice["default"] = node["default"]
        return choice

    def _object(self, definition: dict[str, Any], path: tuple[str, ...], depth: int) -> dict[str, Any]:
        model = self.classes.get(definition.get("title", ""))
        required = set(definition.get("required", []))
        fields = [
            self.field(key, child, key in required, path + (key,), model, depth)
            for key, child in definition.get("properties", {}).items()
        ]
        return {"widget": "object", "collapsed": False, "fields": fields}

    def _list(self, node: dict[str, Any], path: tuple[str, ...], depth: int, name: str, model: type[BaseModel] | None,
              label: str) -> dict[str, Any]:
        items = node.get("items", {})
        listed: dict[str, Any] = {"widget": "list"}
        if node.get("minItems"):
            listed["min"] = node["minItems"]
        alternatives = items.get("oneOf")
        if alternatives:
            return listed | self._blocks(alternatives, path, depth)
        if "$ref" in items:
            definition = self.defs[items["$ref"].rsplit("/", 1)[-1]]
            if "enum" in definition:  # several of a fixed list of choices
                return self._choices(definition["enum"], {}) | {"multiple": True} | ({"min": node["minItems"]} if node.get("minItems") else {})
            inner = self._object(definition, path + ("*",), depth)
            return listed | {"collapsed": True, "fields": inner["fields"], "summary": _summary(inner["fields"])}
        info = model.model_fields.get(name) if model is not None else None
        widget = "string" if "pattern" in items or (info is not None and _is_line_list(info)) else "text"
        item = {"name": name, "label": label, "widget": widget} | _pattern(items)
        return listed | {"field": item, "collapsed": False}

    def _blocks(self, alternatives: list[dict[str, Any]], path: tuple[str, ...], depth: int) -> dict[str, Any]:
        """A section's content: a list whose items are of several kinds, told apart by a key."""
        types = []
        for alternative in alternatives:
            name = alternative["$ref"].rsplit("/", 1)[-1]
            definition = self.defs[name]
            recursive = any(_refers_to(child, name) for child in definition.get("properties", {}).values())
            if recursive and depth >= SECTION_DEPTH:
                continue  # the deepest level: paragraphs, bullets and notes, no sub-sections
            inner = self._object(definition, path + ("*",), depth + 1 if recursive else depth)
            kind = _block_label(definition)
            types.append({
                "name": name.lower(),
                "label": kind,
                "widget": "object",
                "collapsed": True,
                "summary": _summary(inner["fields"]),
                "fields": inner["fields"],
            })
        return {"typeKey": TYPE_KEY, "types": types, "collapsed": True}


def block_keys(content_types: Iterable[ContentType] = CONTENT_TYPES) -> dict[str, str]:
    """For each kind of block in a section's content, the key only its items have (what tells a
    block's kind in a data file): "text" → paragraph, "title" → section."""
    keys: dict[str, str] = {}
    for content_type in content_types:
        defs = schema_for(content_type).get("$defs", {})
        for definition in defs.values():
            for option in _oneof_options(definition):
                keys.update(_distinguishing(defs, option))
    return keys


def _oneof_options(definition: dict[str, Any]) -> list[list[str]]:
    found = []
    for child in definition.get("properties", {}).values():
        items = _without_null(child).get("items", {})
        if "oneOf" in items:
            found.append([option["$ref"].rsplit("/", 1)[-1] for option in items["oneOf"]])
    return found


def _distinguishing(defs: dict[str, Any], names: list[str]) -> dict[str, str]:
    keys = {}
    for name in names:
        required = set(defs[name].get("required", []))
        others = set().union(*(set(defs[other].get("properties", {})) for other in names if other != name))
        unique = sorted(required - others)
        if unique:
            keys[unique[0]] = name.lower()
    return keys


def _refers_to(node: dict[str, Any], name: str) -> bool:
    return f"#/$defs/{name}" in repr(node)


def _block_label(definition: dict[str, Any]) -> str:
    properties = definition.get("properties", {})
    if len(properties) == 1:
        return next(iter(properties.values())).get("title", definition["title"])
    # A block with several fields is a sub-section (number, title, content).
    return "Mục"


def _summary(fields: list[dict[str, Any]]) -> str:
    names = [f["name"] for f in fields if f.get("widget") in ("string", "text", "select")][:2]
    return " ".join("{{fields." + n + "}}" for n in names)


def _is_line(info: Any) -> bool:
    """Whether a field is a one-line text (tdkt.model.common.Line): a text box, not a text area."""
    return all(mark in info.metadata for mark in _LINE_MARKS) or _annotation_is_line(info.annotation)


def _annotation_is_line(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return all(mark in get_args(annotation)[1:] for mark in _LINE_MARKS)
    if get_origin(annotation) in (Union, UnionType):
        return any(_annotation_is_line(a) for a in get_args(annotation) if a is not type(None))
    return False


def _is_line_list(info: Any) -> bool:
    arguments = get_args(info.annotation)
    return bool(arguments) and _annotation_is_line(arguments[0])


def _bounds(node: dict[str, Any], low: str, high: str) -> dict[str, Any]:
    bounds = {}
    if "minimum" in node:
        bounds[low] = node["minimum"]
    if "maximum" in node:
        bounds[high] = node["maximum"]
    return bounds


def _pattern(node: dict[str, Any]) -> dict[str, Any]:
    if "pattern" not in node:
        return {}
    return {"pattern": [node["pattern"], f"Không đúng dạng yêu cầu (mẫu {node['pattern']}): xem lời giải thích của trường."]}
