"""Problems found in content, as values carrying their location, turned into messages at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    path: str  # relative to the project root, with "/" separators
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content: where, what (in Vietnamese) and what to do."""

    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised at the edge (build, CLI) when content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    count = len(problems)
    lines = [f"Nội dung có {count} lỗi, cần sửa trước khi xuất bản:"]
    lines += [f"  {problem}" for problem in sorted(problems)]
    return "\n".join(lines)


def format_warnings(warnings: list[Problem]) -> str:
    lines = [f"Cảnh báo ({len(warnings)}), nên xem lại, không chặn xuất bản:"]
    lines += [f"  {warning}" for warning in sorted(warnings)]
    return "\n".join(lines)


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()  # a path found under root: no need to ask the disk
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
