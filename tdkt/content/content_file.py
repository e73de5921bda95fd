"""Read one content file, YAML (`<mã>.yml`) or Markdown with front matter (`<mã>.md`), into the plain
values its model validates, the position of each value, and the Markdown body if it has one.

Both kinds feed the same model, schema and checks: a .md file's body is simply the value of its
type's body field (ContentType.body), positioned at the body's first line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .body import Body, read_body
from .content_types import ContentType
from .frontmatter import split_front_matter
from ..base.problems import Location, Problem
from .yamlsource import SourceMap, check_text, parse_yaml

SUFFIXES = (".yml", ".yaml", ".md")


@dataclass(frozen=True)
class ParsedFile:
    data: Any
    source: SourceMap
    body: Body | None = None
    # Problems found before validation that do not stop it (an empty body): the record is not
    # made, but the front matter is still checked, so that the editor sees every problem at once.
    problems: tuple[Problem, ...] = ()


def parse_content_file(text: str, rel: str, content_type: ContentType) -> ParsedFile | list[Problem]:
    if not rel.endswith(".md"):
        parsed = parse_yaml(text, rel)
        return parsed if isinstance(parsed, list) else ParsedFile(parsed.data, parsed.source)
    split = split_front_matter(text, rel)
    if isinstance(split, list):
        return split
    problems = check_text(split.body, rel, split.body_line, yaml=False)
    parsed = parse_yaml(split.front, rel)
    if isinstance(parsed, list):
        return parsed + problems
    field = content_type.body
    label = content_type.model.model_fields[field].title
    if isinstance(parsed.data, dict) and field in parsed.data:
        problems.append(
            Problem(
                parsed.source.locate_key((field,)),
                f"Trường “{field}” ({label}) của tệp .md là phần bài, không viết ở phần đầu.",
                "Chuyển nội dung này xuống dưới dòng “---” thứ hai (viết bằng Markdown) và xóa trường ở phần đầu.",
            )
        )
    body: Body | list[Problem] | None = None
    if split.body:
        body = read_body(split.body, field, rel, split.body_line)
    elif content_type.model.model_fields[field].is_required():
        body = [
            Problem(
                Location(rel, split.body_line),
                f"Phần bài còn trống: đây là “{label}” của hồ sơ.",
                "Viết nội dung bằng Markdown dưới dòng “---” thứ hai.",
            )
        ]
    if isinstance(body, list):
        problems += body
    if not isinstance(parsed.data, dict):
        return problems or ParsedFile(parsed.data, parsed.source)
    data = {key: value for key, value in parsed.data.items() if key != field}
    if problems:
        # A stand-in text lets the model check the other fields: every problem is seen at once,
        # and the record is never made.
        return ParsedFile({**data, field: "…"}, parsed.source, None, tuple(problems))
    if isinstance(body, Body):
        data[field] = body.text
        parsed.source.positions[(field,)] = (body.line, 1)
        parsed.source.key_positions[(field,)] = (body.line, 1)
        return ParsedFile(data, parsed.source, body)
    return ParsedFile(data, parsed.source)
