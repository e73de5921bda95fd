"""Check results where an editor looks on GitHub: annotations on the pull request's changed lines
and a short summary on the job's page.

GitHub Actions reads "workflow commands" from a step's output: a line
`::error file=…,line=…,col=…,title=…::message` becomes an annotation on that line of the file in the
pull request. `$GITHUB_STEP_SUMMARY` names a Markdown file appended to the job's summary page.
Both are plain writes, so nothing here depends on GitHub; run locally, none of it is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..base.problems import Problem

ERROR_TITLE = "Lỗi nội dung (tdkt check)"
WARNING_TITLE = "Cảnh báo nội dung (tdkt check)"
# GitHub shows at most 10 annotations of each kind per step on the files: the summary lists more.
SHOWN_PER_KIND = 10
SUMMARY_ROWS = 200  # a step's summary is cut at 1 MiB; an editor reads the first rows anyway


def in_actions(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """The message part of a workflow command (the toolkit's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): also ':' and ',', which separate properties (escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, kind: str = "error", prefix: str = "") -> str:
    """One workflow command for one problem: `kind` is "error" or "warning"."""
    where = problem.location
    properties = [f"file={escape_property(prefix + where.path)}"]
    if where.line is not None:
        properties.append(f"line={where.line}")
        if where.column is not None:
            properties.append(f"col={where.column}")
    properties.append(f"title={escape_property(ERROR_TITLE if kind == 'error' else WARNING_TITLE)}")
    message = f"{problem.message} — {problem.hint}" if problem.hint else problem.message
    return f"::{kind} {','.join(properties)}::{escape_data(message)}"


def annotations(errors: Iterable[Problem], warnings: Iterable[Problem] = (), prefix: str = "") -> list[str]:
    return [annotation(p, "error", prefix) for p in sorted(errors)] + [annotation(w, "warning", prefix) for w in sorted(warnings)]


def summary(
    errors: list[Problem], warnings: list[Problem], records: int | None = None, links: int | None = None,
    prefix: str = "", file_url: str | None = None,
) -> str:
    """The job summary in Vietnamese: counts, a table of what to fix with file:line, what to do next.
    file_url, when given, is the address of a file at the checked commit ("…/blob/<sha>/")."""
    out: list[str] = []
    if errors:
        out.append(f"## Kiểm tra nội dung: {len(errors)} lỗi" + (f", {len(warnings)} cảnh báo" if warnings else ""))
        out.append("")
        out.append(
            "Nội dung **chưa xuất bản được**. Mỗi lỗi cũng được ghi ngay trên dòng của tệp, trong thẻ "
            "**Files changed** của yêu cầu hợp nhất (pull request)"
            + (f"; GitHub chỉ hiện {SHOWN_PER_KIND} lỗi đầu tiên ở đó, bảng dưới đây có đủ." if len(errors) > SHOWN_PER_KIND else ".")
        )
        out.append("")
        out += _table(errors, prefix, file_url)
        out.append("")
        out.append(
            "**Cách làm:** mở tệp ở dòng được nêu (bấm vào tên tệp), sửa theo cột “Cách sửa”, rồi lưu "
            "(commit) vào cùng nhánh. Kiểm tra chạy lại tự động; khi hết lỗi, bản xem trước của trang được cập nhật."
        )
    else:
        counted = f": {records} hồ sơ, {links} liên kết" if records is not None else ""
        out.append(f"## Kiểm tra nội dung: hợp lệ{counted}")
        out.append("")
        out.append("Không có lỗi. Trang được dựng và bản xem trước được cập nhật trên yêu cầu hợp nhất.")
    if warnings:
        out.append("")
        out.append(f"### Cảnh báo ({len(warnings)}): nên xem lại, không chặn xuất bản")
        out.append("")
        out += _table(warnings, prefix, file_url)
    return "\n".join(out) + "\n"


def _table(problems: list[Problem], prefix: str, file_url: str | None) -> list[str]:
    rows = ["| Tệp | Dòng | Vấn đề | Cách sửa |", "|---|---|---|---|"]
    ordered = sorted(problems)
    for problem in ordered[:SUMMARY_ROWS]:
        where = problem.location
        path = prefix + where.path
        name = f"`{_cell(path)}`"
        if file_url:
            anchor = f"#L{where.line}" if where.line is not None else ""
            name = f"[{name}]({file_url}{_url_path(path)}{anchor})"
        line = "" if where.line is None else str(where.line) + ("" if where.column is None else f":{where.column}")
        rows.append(f"| {name} | {line} | {_cell(problem.message)} | {_cell(problem.hint)} |")
    if len(ordered) > SUMMARY_ROWS:
        rows.append(f"| … | | và {len(ordered) - SUMMARY_ROWS} mục khác: chạy `tdkt check` để xem hết | |")
    return rows


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: no column break, no line break, no markup taken as HTML."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    )


def _url_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def report(
    errors: list[Problem], warnings: list[Problem], root: Path, records: int | None = None, links: int | None = None,
    environ: Mapping[str, str] = os.environ, write=print,  # type: ignore[assignment]
) -> None:
    """In GitHub Actions: print the annotations and append the summary. Elsewhere: nothing."""
    if not in_actions(environ):
        return
    prefix = _prefix(root, environ)
    for line in annotations(errors, warnings, prefix):
        write(line)
    summary_path = environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        file_url = None
        if all(environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")):
            file_url = f"{environ['GITHUB_SERVER_URL']}/{environ['GITHUB_REPOSITORY']}/blob/{environ['GITHUB_SHA']}/"
        try:
            with open(summary_path, "a", encoding="utf-8") as out:
                out.write(summary(errors, warnings, records, links, prefix, file_url))
        except OSError as error:  # the summary is a courtesy: the check's result stands without it
            write(f"::warning title={escape_property('Không ghi được tóm tắt')}::{escape_data(str(error))}")


def _prefix(root: Path, environ: Mapping[str, str]) -> str:
    """Annotations name files from the repository's root: the project may sit in a sub-folder."""
    workspace = environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    try:
        inside = root.resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if inside == "." else inside + "/"
