"""Records that repeat another of their type: a copied file not yet edited, or a second file with
the same title. Both are errors naming the two files: an editor fixes them before publishing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..base.problems import Problem

if TYPE_CHECKING:
    from .records import Record

_TITLE_FIELDS = ("title", "name", "number")


# Each record's content as JSON, by the identity of its (immutable) model instance: a process that
# builds again (tdkt.build.content_process, while serving) reuses the instances of unchanged files.
_dumps: dict[int, tuple[object, str]] = {}


def _dump(entry: object) -> str:
    kept = _dumps.get(id(entry))
    if kept is None or kept[0] is not entry:
        kept = _dumps[id(entry)] = (entry, entry.model_dump_json(exclude={"source", "sources"}))  # type: ignore[attr-defined]
    return kept[1]


def find_repeats(records: Iterable[Record]) -> list[Problem]:
    problems: list[Problem] = []
    contents: dict[tuple[str, str], Record] = {}
    titles: dict[tuple[str, str], Record] = {}
    seen: set[int] = set()
    for record in records:
        if record.type.key == "document":
            continue  # same number, issuer and date: checked apart (numbers alone repeat across bodies and years)
        seen.add(id(record.entry))
        content = (record.type.key, _dump(record.entry))
        if (other := contents.get(content)) is not None:
            problems.append(
                Problem(
                    record.source.locate((_title_field(record),)),
                    f"Nội dung giống hệt tệp {other.path} (có vẻ là bản sao chưa sửa).",
                    "Sửa tệp này thành nội dung mới, hoặc xóa nó nếu chép nhầm.",
                )
            )
            continue
        contents[content] = record
        # Case and spacing aside, as written: "Lý Sơn" and "Ly Son" are two names.
        title = (record.type.key, " ".join(record.title.lower().split()))
        if (other := titles.get(title)) is not None:
            problems.append(
                Problem(
                    record.source.locate((_title_field(record),)),
                    f"Trùng tên “{record.title}” với tệp {other.path}.",
                    "Nếu là cùng một hồ sơ, giữ một tệp; nếu khác, thêm địa phương, cấp hoặc năm vào tên để phân biệt.",
                )
            )
        else:
            titles[title] = record
    for gone in set(_dumps) - seen:
        del _dumps[gone]
    return problems


def _title_field(record: Record) -> str:
    return next((name for name in _TITLE_FIELDS if getattr(record.entry, name, None)), "title")
