"""The editing page's configuration, generated from the content model (tdkt/editing/cms_config.py):
every field of every type as the JSON Schemas have it, references as pickers of existing records,
the section tree unrolled, publishing settings from the environment; the vendored libraries."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import Field, create_model

from tdkt.content.catalog import load_catalog
from tdkt.content.content_types import BY_FOLDER, CONTENT_TYPES
from tdkt.editing.cms_config import SECTION_DEPTH, CmsSettings, RecordChoice, cms_config
from tdkt.editing.page import CONFIG, PAGE, editing_files, settings
from tdkt.model.common import Line
from tdkt.content.schema import schema_path

ROOT = Path(__file__).resolve().parent.parent


def _collections(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {collection["name"]: collection for collection in config["config"]["collections"]}


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        node = {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **node}  # the field's title over its type's
    return node


def _compare(properties: dict[str, Any], required: set[str], fields: list[dict[str, Any]], defs: dict[str, Any],
             where: str, depth: int, checked: list[str]) -> None:
    """Every property of the schema has a field with its title, hint, required flag, pattern and
    choices; nested objects, lists and section blocks field by field, down to SECTION_DEPTH."""
    by_name = {field["name"]: field for field in fields}
    assert set(by_name) == set(properties), f"{where}: {sorted(set(properties) ^ set(by_name))}"
    for name, raw in properties.items():
        node = _resolve(raw, defs)
        field = by_name[name]
        path = f"{where}.{name}"
        checked.append(path)
        assert field["label"] == node.get("title", name), path
        assert field.get("hint") == raw.get("description", node.get("description")), path
        optional = any(o.get("type") == "null" for o in raw.get("anyOf", []))
        assert field["required"] == (name in required and not optional), path
        items = _resolve(node.get("items", {}), defs) if node.get("type") == "array" else None
        picker = isinstance(field.get("options"), str)  # a record chosen from the list of records: its id's pattern holds
        if "pattern" in node and not picker:
            assert field["pattern"][0] == node["pattern"], path
        if "enum" in node:
            assert [o["value"] for o in field["options"]] == node["enum"], path
        if items is not None and "enum" in items:
            assert field["multiple"] and [o["value"] for o in field["options"]] == items["enum"], path
        if node.get("minItems"):
            assert field["min"] == node["minItems"], path
        if node.get("type") == "integer":
            assert (field["min"], field["max"]) == (node["minimum"], node["maximum"]), path
        if node.get("format") == "date":
            assert field["widget"] == "datetime" and field["format"] == "YYYY-MM-DD", path
        if "properties" in node and field["widget"] == "object":
            _compare(node["properties"], set(node.get("required", [])), field["fields"], defs, path, depth, checked)
        if items is not None and "properties" in items and field["widget"] == "list":
            _compare(items["properties"], set(items.get("required", [])), field["fields"], defs, path + "[]", depth, checked)
        if items is not None and "pattern" in items and not picker:
            assert field["field"]["pattern"][0] == items["pattern"], path
        if items is not None and "oneOf" in items:
            types = {t["name"]: t for t in field["types"]}
            for option in items["oneOf"]:
                name_of = option["$ref"].rsplit("/", 1)[-1]
                definition = defs[name_of]
                if name_of == "Section" and depth >= SECTION_DEPTH:
                    assert "section" not in types, f"{path}: deeper than {SECTION_DEPTH}"
                    continue
                block = types[name_of.lower()]
                deeper = depth + 1 if name_of == "Section" else depth
                _compare(definition["properties"], set(definition.get("required", [])), block["fields"], defs,
                         f"{path}[{name_of}]", deeper, checked)


def test_config_covers_every_field_of_every_type_as_its_json_schema():
    config = cms_config(CmsSettings("example/kho"))
    collections = _collections(config)
    for content_type in CONTENT_TYPES:
        schema = json.loads(schema_path(ROOT, content_type).read_text(encoding="utf-8"))  # the committed schemas
        defs = schema.get("$defs", {})
        required = set(schema.get("required", []))
        checked: list[str] = []
        plain = collections[content_type.folder]
        assert (plain["folder"], plain["extension"]) == (f"data/{content_type.folder}", "yml")
        assert [f["name"] for f in plain["fields"]] == list(content_type.model.model_fields)  # the model's order
        _compare(schema["properties"], required, plain["fields"], defs, content_type.folder, 1, checked)
        markdown = collections[content_type.folder + "-md"]
        assert (markdown["folder"], markdown["extension"]) == (f"data/{content_type.folder}", "md")
        # The Markdown body is the type's body field, last, as a Markdown editor.
        body = markdown["fields"][-1]
        assert body["name"] == content_type.body and body["widget"] == "markdown"
        assert [f["name"] for f in markdown["fields"]] == [n for n in content_type.model.model_fields if n != content_type.body] + [content_type.body]
        description = schema["properties"][content_type.body].get("description")
        assert body["hint"].startswith(description) and "Chèn ảnh" in body["hint"]
        _compare(schema["properties"], required, [{**body, "widget": "text", "hint": description}] + markdown["fields"][:-1], defs,
                 content_type.folder + "-md", 1, checked)
        assert len(checked) > 2 * len(schema["properties"])


def test_section_tree_is_unrolled_to_the_depth_of_the_model():
    outline = _collections(cms_config(CmsSettings("example/kho")))["de-cuong"]
    level = next(f for f in outline["fields"] if f["name"] == "sections")
    for depth in range(1, SECTION_DEPTH + 1):
        kinds = {t["name"]: t for t in level["types"]}
        assert set(kinds) >= {"paragraph", "bullet", "note"}
        if depth == SECTION_DEPTH:
            assert "section" not in kinds
            break
        section = kinds["section"]
        assert [f["name"] for f in section["fields"]] == ["label", "title", "anchor", "content"]
        assert section["label"] == "Mục" and kinds["paragraph"]["label"] == "Đoạn văn"
        level = section["fields"][-1]
    # Deeper than any seed outline (three levels).
    assert SECTION_DEPTH > 3


def test_references_are_pickers_of_existing_records_of_both_extensions():
    catalog = load_catalog(ROOT)
    assert not isinstance(catalog, list)
    records = [RecordChoice(r.type.folder, r.id, r.title) for r in catalog.records.values()]
    config = cms_config(CmsSettings("example/kho"), records)
    collections = _collections(config)

    def field(collection: str, *path: str) -> dict[str, Any]:
        fields = collections[collection]["fields"]
        for name in path:
            found = next(f for f in fields if f["name"] == name)
            fields = found.get("fields", [])
        return found

    expected = {
        ("de-cuong", "implements"): ("@van-ban", True),
        ("de-cuong", "sent_with"): ("@van-ban", False),
        ("bao-cao", "follows"): ("@de-cuong", False),
        ("bao-cao", "responds_to"): ("@van-ban", False),
        ("mo-hinh", "movements"): ("@phong-trao", True),
        ("mo-hinh-md", "movements"): ("@phong-trao", True),
        ("phong-trao", "documents"): ("@van-ban", True),
        ("van-ban", "relations", "target"): ("@van-ban", False),
        ("mo-hinh", "sources", "ref"): ("@*", False),
    }
    for (collection, *path), (options, multiple) in expected.items():
        picker = field(collection, *path)
        assert (picker["widget"], picker["options"], picker["multiple"]) == ("select", options, multiple), (collection, path)
    # Every record is listed, .yml and .md alike, by its title and id.
    exemplars = dict(config["records"]["mo-hinh"])
    assert "thu-gom-rac-vo-chai-bao-bi-quanh-bo-bien" in exemplars  # a .md record
    assert "nuoi-heo-dat-gui-yeu-thuong" in exemplars  # a .yml record
    assert exemplars["nuoi-heo-dat-gui-yeu-thuong"] == "Nuôi heo đất, gửi yêu thương (nuoi-heo-dat-gui-yeu-thuong)"
    assert len(config["records"]["*"]) == len(records)
    assert "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw" in dict(config["records"]["*"])


def test_a_field_added_to_a_model_shows_in_the_editing_page_with_no_other_change():
    exemplar = BY_FOLDER["mo-hinh"]
    extended = create_model(
        "Exemplar",
        __base__=exemplar.model,
        awards=(Line | None, Field(None, title="Khen thưởng đã nhận", description="Hình thức khen thưởng, như nguồn ghi.")),
    )
    changed = dataclasses.replace(exemplar, model=extended)
    types = [changed if t is exemplar else t for t in CONTENT_TYPES]
    collections = _collections(cms_config(CmsSettings("example/kho"), content_types=types))
    for name in ("mo-hinh", "mo-hinh-md"):
        added = next(f for f in collections[name]["fields"] if f["name"] == "awards")
        assert added == {
            "name": "awards", "label": "Khen thưởng đã nhận", "hint": "Hình thức khen thưởng, như nguồn ghi.",
            "required": False, "widget": "string",
        }
    before = _collections(cms_config(CmsSettings("example/kho")))
    assert "awards" not in [f["name"] for f in before["mo-hinh"]["fields"]]


def test_markdown_records_keep_their_pictures_in_their_own_folder():
    collections = _collections(cms_config(CmsSettings("example/kho")))
    for content_type in CONTENT_TYPES:
        markdown = collections[content_type.folder + "-md"]
        # Relative to the record's file: data/<folder>/<id>/, written in the body as the bare name.
        assert (markdown["media_folder"], markdown["public_folder"]) == ("{{filename}}", "")
        assert "media_folder" not in collections[content_type.folder]


def test_publishing_settings_come_from_the_environment_and_hold_no_secret(tmp_path: Path):
    environ = {
        "TDKT_REPO_URL": "https://github.com/so-noi-vu/cong-tdkt.git",
        "TDKT_CMS_AUTH_URL": "https://dang-nhap.example.org/",
        "TDKT_CMS_LOCAL_PORT": "8099",
    }
    page, config_file = editing_files(tmp_path, [], environ)
    assert (page.src_uri, config_file.src_uri) == (PAGE, CONFIG)
    config = json.loads(config_file.content)["config"]
    assert config["backend"] == {
        "name": "github", "repo": "so-noi-vu/cong-tdkt", "branch": "main", "open_authoring": True,
        "squash_merges": True, "base_url": "https://dang-nhap.example.org", "auth_endpoint": "auth",
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"]["url"] == "http://127.0.0.1:8099/api/v1"
    assert config["locale"] == "vi"
    assert not re.search(r"secret|token|client_id", config_file.content.decode(), re.IGNORECASE)
    # Without an OAuth service nor a GitHub repository: Decap's defaults, and the page says what is missing.
    bare = settings(tmp_path, {})
    assert (bare.repo, bare.auth_url, bare.local_port) == ("", "", 8081)
    assert "base_url" not in cms_config(bare)["config"]["backend"]
    html = page.content.decode()
    assert "../assets/vendor/decap-cms/decap-cms.js" in html and "CMS_MANUAL_INIT" in html
    assert not re.search(r"(src|href)=\"https?:", html)


def test_vendored_editing_libraries_match_their_recorded_hashes():
    for name in ("decap-cms", "js-yaml"):
        folder = ROOT / "docs/assets/vendor" / name
        assert (folder / "LICENSE").read_text().count("Permission is hereby granted") == 1
        recorded = [line.split() for line in (folder / "SHA256SUMS").read_text().splitlines()]
        assert recorded
        for digest, file in recorded:
            assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, file
        listed = {file for _, file in recorded} | {"LICENSE", "SHA256SUMS", "VERSION"}
        assert {p.name for p in folder.iterdir()} == listed  # nothing unrecorded, no source maps
    assert not list((ROOT / "docs/assets/vendor/decap-cms").glob("*.map"))
