"""Read a YAML content file into plain values plus the line and column of every value.

PyYAML keeps positions only on its node tree, so the file is composed into nodes and converted
here; the positions let every later problem (a wrong type, an unknown reference) name its line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..base.problems import Location, Problem
from ..base.text import UNPRINTABLE, looks_like_legacy_encoding

Path_ = tuple[str | int, ...]

# libyaml's parser is some ten times faster than PyYAML's own and keeps the same positions.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SourceMap:
    """Line and column (1-based) of each value, keyed by its path of keys and list indexes."""

    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate_key(self, path: Path_) -> Location:
        """The position of the key that introduces the value at path (for unknown or doubled keys)."""
        if (found := self.key_positions.get(tuple(path))) is not None:
            return Location(self.file, *found)
        return self.locate(path)

    def locate(self, path: Path_) -> Location:
        """The position of the value at path, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            if (found := self.positions.get(tuple(path[:end]))) is not None:
                return Location(self.file, *found)
        return Location(self.file)


@dataclass
class YamlDocument:
    data: Any
    source: SourceMap


def parse_yaml(text: str, file: str) -> YamlDocument | list[Problem]:
    problems = check_text(text, file)
    if problems:
        return problems
    return load_yaml(text, file)


def load_yaml(text: str, file: str) -> YamlDocument | list[Problem]:
    """The YAML alone, without check_text's checks of the text (what the importer reads back)."""
    if found := UNPRINTABLE.search(text):
        return [unprintable_problem(text, found.start(), file)]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return [Problem(Location(file, 1, 1), "Tệp trống.", "Điền nội dung theo mẫu (xem CONTRIBUTING.md).")]
        source = SourceMap(file)
        converted: list[Problem] = []
        data = _convert(node, (), loader, source, converted)
        return converted or YamlDocument(data, source)
    except yaml.MarkedYAMLError as error:
        return [_yaml_problem(error, file)]
    except yaml.YAMLError as error:  # a reader error: a character or a byte YAML refuses
        position = getattr(error, "position", 0) or 0
        return [unprintable_problem(text, min(position, len(text) - 1), file) if text else _yaml_problem(yaml.MarkedYAMLError(), file)]
    finally:
        loader.dispose()


def check_text(text: str, file: str, first_line: int = 1, yaml: bool = True) -> list[Problem]:
    """Tabs in YAML's indentation, text not in NFC, lines in a legacy encoding; first_line is the
    file's line number of the text's first line (a Markdown body starts below its front matter)."""
    problems: list[Problem] = []
    # Whole-text checks first: most files are clean, and then no line needs looking at twice.
    for found in UNPRINTABLE.finditer(text):
        problems.append(unprintable_problem(text, found.start(), file, first_line))
        if len(problems) >= 20:
            break  # a file of them was decoded wrongly: the first ones say enough
    has_tab = yaml and "\t" in text
    is_nfc = unicodedata.is_normalized("NFC", text)
    for number, line in enumerate(text.splitlines(), start=first_line):
        if has_tab and "\t" in line[: len(line) - len(line.lstrip())]:
            problems.append(
                Problem(
                    Location(file, number, line.index("\t") + 1),
                    "Dòng thụt lề bằng phím Tab.",
                    "YAML chỉ chấp nhận dấu cách: thay Tab bằng 2 dấu cách.",
                )
            )
        if not is_nfc and unicodedata.normalize("NFC", line) != line:
            column = next(i for i, ch in enumerate(line) if unicodedata.normalize("NFC", line[: i + 1]) != line[: i + 1]) + 1
            problems.append(
                Problem(
                    Location(file, number, column),
                    "Văn bản chưa ở dạng Unicode dựng sẵn (NFC): dấu tiếng Việt được gõ tách rời.",
                    "Chuyển bảng mã sang Unicode dựng sẵn (Unikey: Unicode dựng sẵn) rồi dán lại.",
                )
            )
        if looks_like_legacy_encoding(line):
            problems.append(
                Problem(
                    Location(file, number, 1),
                    "Dòng có vẻ được gõ bằng bảng mã cũ (TCVN3/VNI), hiển thị sai dấu.",
                    "Chuyển mã sang Unicode (Unikey: Công cụ chuyển mã) rồi dán lại.",
                )
            )
    return problems


def unprintable_problem(text: str, index: int, file: str, first_line: int = 1) -> Problem:
    """A character of UNPRINTABLE at its line and column (counted by "\n" only: splitlines() would
    also break at U+0085 or U+2028 and shift every line after it)."""
    line = text.count("\n", 0, index) + first_line
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    character = text[index]
    name = unicodedata.name(character, "")
    kind = "điều khiển hướng chữ" if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069" else "không in được"
    return Problem(
        Location(file, line, column),
        f"Ký tự {kind} U+{ord(character):04X}{f' ({name})' if name else ''}: YAML và trang không hiển thị được, hoặc nó che chữ của dòng.",
        "Xóa ký tự này (thường lẫn vào khi chép từ tệp PDF/Word hay tệp đổi bảng mã); gõ lại chữ bên cạnh nếu bị lỗi.",
    )


def _yaml_problem(error: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    detail = error.problem or error.context or "cú pháp không hợp lệ"
    return Problem(
        where,
        f"Lỗi cú pháp YAML ({detail}).",
        "Kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này hoặc dòng ngay trên.",
    )


_STR = "tag:yaml.org,2002:str"


def _convert(node: yaml.Node, path: Path_, loader: yaml.SafeLoader, source: SourceMap, problems: list[Problem]) -> Any:
    source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            source.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                problems.append(
                    Problem(
                        Location(source.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                        f"Trường “{key}” được khai báo hai lần.",
                        "Xóa một trong hai dòng.",
                    )
                )
            result[key] = _convert(value_node, path + (key,), loader, source, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), loader, source, problems) for index, item in enumerate(node.value)]
    if node.tag == _STR:
        return node.value  # the common case, without the constructor's dispatch
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates stay text here and are parsed by the model, so "2014-13-01" is a message, not a crash.
        return node.value
    return loader.construct_object(node, deep=True)
