"""Match the pictures a record's body shows with the files in its folder (data/<folder>/<id>/).

Every picture named in a body must be a publishable image file there; every file there must be
shown by the body (a picture forgotten in the folder would never appear, and the editor would not
know why). Problems are given at the body's line, or at the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .images import ImageProblem, Picture, inspect_image
from ..base.problems import Location, Problem, relative
from .record_cache import RecordCache

if TYPE_CHECKING:
    from .records import Record


def attach_pictures(
    records: dict[str, Record], folders: dict[str, list[Path]], root: Path, invalid: set[str], cache: RecordCache
) -> list[Problem]:
    """Give each record with pictures its checked Picture values (records is updated in place);
    the cache keeps what inspecting each picture found, by its bytes."""
    problems: list[Problem] = []
    for key, record in list(records.items()):
        if record.body is None or not record.body.images:
            continue
        folder = root / Path(record.path).with_suffix("")
        pictures: dict[str, Picture] = {}
        for image in record.body.images:
            if image.name in pictures:
                continue
            where = Location(record.path, image.line, image.column)
            path = folder / image.name
            if not path.is_file():
                problems.append(_missing(where, image.name, folder, root))
                continue
            found = inspect_image(path, relative(path, root), image.name, cache.picture)
            if isinstance(found, Picture):
                cache.put_picture(found.digest, found)
            if isinstance(found, ImageProblem):
                problems.append(Problem(Location(relative(path, root)) if found.at_file else where, found.message, found.hint))
            elif (other := _same_published_name(found, pictures.values())) is not None:
                problems.append(
                    Problem(
                        where,
                        f"Ảnh “{image.name}” và ảnh “{other.name}” sẽ được đăng cùng một tên tệp trên trang.",
                        "Đổi tên một trong hai tệp (ví dụ anh-1.jpg, anh-2.jpg) rồi sửa tên trong bài.",
                    )
                )
            else:
                pictures[image.name] = found
        records[key] = replace(record, pictures=pictures)
    for key, files in folders.items():
        if key in invalid:
            continue  # its record's own problems come first
        problems += _unshown(records.get(key), key, files, root)
    return problems


def _same_published_name(picture: Picture, others: Iterable[Picture]) -> Picture | None:
    """"anh.jpeg" is published as anh.jpg, and a file "anh-800.jpg" as itself: names can meet."""
    names = {variant.name for variant in picture.variants}
    return next((other for other in others if names & {variant.name for variant in other.variants}), None)


def _missing(where: Location, name: str, folder: Path, root: Path) -> Problem:
    there = sorted(path.name for path in folder.iterdir() if path.is_file()) if folder.is_dir() else []
    same = [other for other in there if other.lower() == name.lower()]
    if same:
        hint = f"Tên tệp phân biệt chữ hoa, chữ thường: trong thư mục có “{same[0]}”. Sửa cho giống hệt."
    elif there:
        hint = f"Trong thư mục có: {', '.join(there[:8])}. Sửa tên ở đây, hoặc thêm tệp ảnh."
    else:
        hint = f"Đặt tệp ảnh vào thư mục {relative(folder, root)}/ (tạo thư mục nếu chưa có)."
    return Problem(where, f"Không tìm thấy ảnh “{name}” trong {relative(folder, root)}/.", hint)


def _unshown(record: Record | None, key: str, files: list[Path], root: Path) -> list[Problem]:
    folder = f"data/{key}/"
    if record is None or not record.path.endswith(".md"):
        return [
            Problem(
                Location(relative(files[0], root)),
                f"Thư mục {folder} không thuộc hồ sơ nào viết bằng Markdown (data/{key}.md).",
                "Ảnh chỉ dùng được trong phần bài của tệp .md cùng tên với thư mục; đổi tên thư mục hoặc chuyển hồ sơ sang .md.",
            )
        ]
    shown = set(record.pictures) | {image.name for image in (record.body.images if record.body else ())}
    problems = []
    for path in files:
        rel = relative(path, root)
        if path.parent != root / Path(record.path).with_suffix(""):
            problems.append(
                Problem(Location(rel), f"Ảnh phải nằm ngay trong {folder}, không trong thư mục con.", f"Chuyển tệp vào {folder}.")
            )
        elif path.name not in shown:
            problems.append(
                Problem(
                    Location(rel),
                    f"Tệp không được phần bài của {record.path} dùng đến, nên sẽ không hiện trên trang.",
                    f"Chèn vào bài: ![Mô tả ảnh]({path.name}); hoặc xóa tệp nếu không cần.",
                )
            )
    return problems
