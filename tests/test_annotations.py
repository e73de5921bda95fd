"""Check results in GitHub Actions: annotations on the file's line, the job summary; locally unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project
from tdkt.editing.annotations import annotation, annotations, escape_data, escape_property, report, summary
from tdkt.base.problems import Location, Problem

TDKT = [sys.executable, "-m", "tdkt.cli"]
DOCUMENT = "data/van-ban/chi-thi-34-ct-tw-2014.yml"


def check(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run([*TDKT, "check", "--root", str(project)], capture_output=True, text=True, cwd=project, env={**clean, **env})


def test_escaping_follows_the_workflow_command_rules():
    assert escape_data("50% xong\r\ndòng hai: a, b") == "50%25 xong%0D%0Adòng hai: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_an_error_names_file_line_column_title_and_hint():
    problem = Problem(Location("data/van-ban/a, b.yml", 5, 7), "Ngày “2014-13-01” sai.\nDòng hai", "Viết 100% đúng: năm-tháng-ngày")
    assert annotation(problem) == (
        "::error file=data/van-ban/a%2C b.yml,line=5,col=7,title=Lỗi nội dung (tdkt check)::"
        "Ngày “2014-13-01” sai.%0ADòng hai — Viết 100%25 đúng: năm-tháng-ngày"
    )
    # A file without a line (a picture) has no line nor column; a line without a column, no column.
    assert annotation(Problem(Location("data/mo-hinh/x/anh.jpg"), "Có GPS.")) == (
        "::error file=data/mo-hinh/x/anh.jpg,title=Lỗi nội dung (tdkt check)::Có GPS."
    )
    assert annotation(Problem(Location("a.yml", 3), "m"), "warning", prefix="web/") == (
        "::warning file=web/a.yml,line=3,title=Cảnh báo nội dung (tdkt check)::m"
    )


def test_errors_come_before_warnings_each_sorted():
    errors = [Problem(Location("b.yml", 2), "x"), Problem(Location("a.yml", 9), "y")]
    lines = annotations(errors, [Problem(Location("a.yml", 1), "w")])
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::error", "::warning"]
    assert "file=a.yml,line=9" in lines[0] and "file=b.yml" in lines[1]


def test_summary_is_a_vietnamese_table_with_links_to_the_lines():
    errors = [Problem(Location("data/a.yml", 4, 2), "Trường | “name” <trống>", "Điền tên.")]
    text = summary(errors, [Problem(Location("data/b.md"), "Chưa đối chiếu.")], file_url="https://github.com/o/r/blob/abc/")
    assert text.startswith("## Kiểm tra nội dung: 1 lỗi, 1 cảnh báo\n")
    assert "| [`data/a.yml`](https://github.com/o/r/blob/abc/data/a.yml#L4) | 4:2 | Trường \\| “name” &lt;trống&gt; | Điền tên. |" in text
    assert "### Cảnh báo (1)" in text and "| [`data/b.md`](https://github.com/o/r/blob/abc/data/b.md) |" in text
    assert "**Cách làm:**" in text
    ok = summary([], [], 12, 30)
    assert ok.startswith("## Kiểm tra nội dung: hợp lệ: 12 hồ sơ, 30 liên kết") and "Cảnh báo" not in ok


def test_report_does_nothing_outside_actions(tmp_path: Path):
    written: list[str] = []
    report([Problem(Location("a.yml", 1), "m")], [], tmp_path, environ={"GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")}, write=written.append)
    assert written == [] and not (tmp_path / "s.md").exists()


def test_report_in_actions_prints_warnings_and_appends_the_summary(tmp_path: Path):
    written: list[str] = []
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("trước\n", encoding="utf-8")
    environ = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary_file), "GITHUB_WORKSPACE": str(tmp_path)}
    report([], [Problem(Location("data/x.yml", 3), "Chưa đối chiếu với bản gốc.")], tmp_path / "web", 5, 6, environ=environ, write=written.append)
    assert written == ["::warning file=web/data/x.yml,line=3,title=Cảnh báo nội dung (tdkt check)::Chưa đối chiếu với bản gốc."]
    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith("trước\n## Kiểm tra nội dung: hợp lệ: 5 hồ sơ, 6 liên kết") and "`web/data/x.yml`" in text


def _broken(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    document = project / DOCUMENT
    document.write_text(document.read_text(encoding="utf-8").replace("date: 2014-04-07", "date: 2014-13-01"), encoding="utf-8")
    return project


def test_the_real_check_in_actions_annotates_the_line_and_writes_the_summary(tmp_path: Path):
    project = _broken(tmp_path)
    local = check(project)
    summary_file = tmp_path / "summary.md"
    actions = check(
        project, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary_file), GITHUB_WORKSPACE=str(project),
        GITHUB_SERVER_URL="https://github.com", GITHUB_REPOSITORY="o/r", GITHUB_SHA="0123abc",
    )
    assert local.returncode == actions.returncode == 1
    assert local.stdout == "" and actions.stderr == local.stderr  # what a person reads is the same
    assert actions.stdout.splitlines() == [
        "::error file=data/van-ban/chi-thi-34-ct-tw-2014.yml,line=5,col=7,title=Lỗi nội dung (tdkt check)::"
        "Ngày “2014-13-01” của “date” (Ngày ban hành) không hợp lệ. — Viết ngày dạng năm-tháng-ngày, ví dụ 2014-04-07 cho ngày 07/4/2014."
    ]
    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith("## Kiểm tra nội dung: 1 lỗi\n")
    assert f"[`{DOCUMENT}`](https://github.com/o/r/blob/0123abc/{DOCUMENT}#L5) | 5:7 |" in text


def test_the_real_check_output_is_unchanged_locally_and_summarised_in_actions_when_valid(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    local = check(project)
    assert local.returncode == 0 and local.stdout.startswith("Nội dung hợp lệ: ") and local.stdout.count("\n") == 1
    assert "::" not in local.stdout + local.stderr
    summary_file = tmp_path / "summary.md"
    actions = check(project, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary_file))
    assert actions.returncode == 0 and actions.stdout == local.stdout and actions.stderr == local.stderr
    assert summary_file.read_text(encoding="utf-8").startswith("## Kiểm tra nội dung: hợp lệ: ")


def test_a_failing_build_in_actions_annotates_too(tmp_path: Path, monkeypatch):
    from conftest import run_build

    project = _broken(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # run_build passes the environment to mkdocs
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "::error file=data/van-ban/chi-thi-34-ct-tw-2014.yml,line=5,col=7," in build.output
