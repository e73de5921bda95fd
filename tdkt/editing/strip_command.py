"""`tdkt strip-metadata [tệp hoặc thư mục…]`: remove GPS positions and serial numbers from pictures'
originals in place, checking that the picture itself did not change."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..base.problems import relative
from ..content.picture_metadata import Unparsable, orientation, private_metadata, same_pixels, strip

PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def pictures_under(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PICTURE_SUFFIXES)
        else:
            found.append(path)
    return found


def run_strip(paths: list[Path], root: Path) -> int:
    failed = 0
    changed = 0
    for path in pictures_under(paths):
        name = relative(path, root)
        if not path.is_file():
            print(f"{name}: không tìm thấy tệp.", file=sys.stderr)
            failed += 1
            continue
        data = path.read_bytes()
        if not private_metadata(data):
            continue
        outcome = _stripped(data, name)
        if isinstance(outcome, str):
            print(outcome, file=sys.stderr)
            failed += 1
            continue
        new, note = outcome
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(new)
        os.replace(temporary, path)  # atomic: a picture is never left half written
        changed += 1
        print(f"{name}: đã bóc {', '.join(private_metadata(data))} — {note}.")
    if not failed:
        print(f"Đã bóc siêu dữ liệu riêng tư của {changed} ảnh." if changed else "Không ảnh nào còn vị trí GPS hay số sê-ri máy.")
    return 1 if failed else 0


def _stripped(data: bytes, name: str) -> tuple[bytes, str] | str:
    try:
        result = strip(data)
    except Unparsable:
        return f"{name}: không phải ảnh JPEG, PNG hay WebP đọc được; không sửa tệp. Mở ảnh bằng trình sửa ảnh rồi lưu lại."
    if left := private_metadata(result.data):
        return f"{name}: vẫn còn {', '.join(left)} sau khi bóc; không sửa tệp. Mở ảnh bằng trình sửa ảnh rồi xuất lại không kèm siêu dữ liệu."
    if orientation(result.data) != orientation(data):
        return f"{name}: không giữ được hướng xoay của ảnh; không sửa tệp."
    if not result.lossless:
        return result.data, "cấu trúc tệp lạ nên ảnh được lưu lại bằng Pillow (JPEG chất lượng 95%), hướng xoay và hồ sơ màu giữ nguyên"
    try:
        unchanged = same_pixels(data, result.data)
    except Exception:  # noqa: BLE001 - the original may decode only partly
        unchanged = False
    if not unchanged:
        return f"{name}: ảnh sau khi bóc không còn giống hệt ảnh gốc; không sửa tệp. Mở ảnh bằng trình sửa ảnh rồi lưu lại."
    return result.data, "ảnh giữ nguyên từng điểm ảnh, hướng xoay và hồ sơ màu giữ nguyên"
