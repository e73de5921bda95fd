"""The editors' path: schemas from the model, scaffolding, the checker's messages, CI workflows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jsonschema

from conftest import ROOT, copy_project
from tdkt.content.content_types import BY_FOLDER, CONTENT_TYPES
from tdkt.content.schema import outdated_schemas, schema_for, schema_line
from tdkt.content.content_file import parse_content_file

TDKT = [sys.executable, "-m", "tdkt.cli"]


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TDKT, *args, "--root", str(project)], capture_output=True, text=True, cwd=project)


def test_committed_schemas_match_the_model():
    assert outdated_schemas(ROOT) == [], "run: .venv/bin/tdkt schema"


def test_every_content_file_names_its_schema_and_follows_it():
    markdown = sorted((ROOT / "data").rglob("*.md"))
    assert markdown, "the data holds a Markdown record, as an example for editors"
    for path in sorted((ROOT / "data").rglob("*.yml")) + markdown:
        content_type = BY_FOLDER[path.parent.name]
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yml":  # editors' tools read the schema line of a YAML file
            assert text.splitlines()[0] == schema_line(content_type), path
        parsed = parse_content_file(text, str(path), content_type)
        assert not isinstance(parsed, list), parsed
        jsonschema.Draft202012Validator(schema_for(content_type)).validate(parsed.data)


def test_schemas_carry_vietnamese_titles_for_every_field():
    for content_type in CONTENT_TYPES:
        schema = schema_for(content_type)
        for name, prop in schema["properties"].items():
            assert prop.get("title"), f"{content_type.folder}.{name} has no title for editors"


def test_schema_rejects_what_the_checker_rejects():
    validator = jsonschema.Draft202012Validator(schema_for(BY_FOLDER["van-ban"]))
    assert not validator.is_valid({"type": "Chỉ thị", "isuer": "x", "sources": [{"ref": "van-ban/x"}]})  # unknown key
    assert not validator.is_valid({"type": "Chi thi", "sources": [{"ref": "van-ban/x"}]})  # not a choice


def test_new_file_is_scaffolded_with_comments_then_checked(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    created = run(project, "new", "mo-hinh", "thu-nghiem")
    assert created.returncode == 0, created.stderr
    path = project / "data" / "mo-hinh" / "thu-nghiem.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(schema_line(BY_FOLDER["mo-hinh"]))
    assert "# Tên mô hình: Tên như nguồn gọi." in text and "# Loại: Chọn một trong: Mô hình, Điển hình tiên tiến." in text
    # Straight after scaffolding, the checker names each blank to fill, with its line.
    checked = run(project, "check")
    assert checked.returncode == 1
    assert "data/mo-hinh/thu-nghiem.yml:7:7: “name” (Tên mô hình) đang để trống." in checked.stderr
    # Filled in, the file passes.
    text = text.replace('name: ""', 'name: "Mô hình thử"').replace('description: ""', 'description: "Nội dung theo nguồn."')
    path.write_text(text.replace('  - ref: ""', '  - ref: "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"'), encoding="utf-8")
    assert run(project, "check").returncode == 0
    # Never over an existing file, never with an id that is not a safe file name.
    assert run(project, "new", "mo-hinh", "thu-nghiem").returncode == 2
    assert run(project, "new", "mo-hinh", "../ngoai").returncode == 2
    assert not (project / "data" / "ngoai.yml").exists()


def test_check_reports_every_problem_as_file_line_column(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    document = project / "data/van-ban/chi-thi-34-ct-tw-2014.yml"
    document.write_text(document.read_text(encoding="utf-8").replace("date: 2014-04-07", "date: 2014-13-01"), encoding="utf-8")
    outline = project / "data/de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace('file: "sources/002_204254158d0d4ae1.txt"', 'file: "sources/../../etc/passwd.txt"'), encoding="utf-8")
    checked = run(project, "check")
    assert checked.returncode == 1
    lines = [line.strip() for line in checked.stderr.splitlines()[1:]]
    assert lines == [
        "data/de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd.yml:84:9: Giá trị “sources/../../etc/passwd.txt” của “file” (Tệp gốc) không đúng dạng. — Ghi tên tệp nằm ngay trong thư mục sources/, ví dụ “sources/000_32aacd235dac61ad.txt”; không dùng “..”.",
        "data/van-ban/chi-thi-34-ct-tw-2014.yml:5:7: Ngày “2014-13-01” của “date” (Ngày ban hành) không hợp lệ. — Viết ngày dạng năm-tháng-ngày, ví dụ 2014-04-07 cho ngày 07/4/2014.",
    ]


def test_workflows_are_valid_github_actions():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["import.yml", "pages.yml", "preview.yml", "pull-request.yml"]  # more in test_workflows.py
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, workflows)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    pull_request = (ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in pull_request and "mkdocs build --strict" in pull_request and "upload-artifact" in pull_request


def test_workflows_keep_the_portal_cache_between_runs():
    """Templates and validated records survive between CI runs (keyed by code and dependencies)."""
    import yaml

    for name, job_name in (("pages.yml", "build"), ("pull-request.yml", "content"), ("pull-request.yml", "tests")):
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        steps = workflow["jobs"][job_name]["steps"]
        caches = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
        assert caches, name
        cache = caches[0]["with"]
        assert ".cache" in cache["path"].split()
        assert "hashFiles('pyproject.toml')" in cache["key"] and "hashFiles('tdkt/**')" in cache["key"]
        # Restored before anything builds.
        assert steps.index(caches[0]) < next(i for i, s in enumerate(steps) if "run" in s)
