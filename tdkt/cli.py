"""Command line: `tdkt check` validates all content without building the site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

# Each command loads what it uses: `tdkt import` forks its reader before the content model (half a
# second of imports) is loaded, so that the two happen at once.


class _Folders:
    """The folders `tdkt new` accepts, looked up only when that command is parsed."""

    def __contains__(self, folder: object) -> bool:
        from .content.content_types import BY_FOLDER

        return folder in BY_FOLDER

    def __iter__(self) -> Iterator[str]:
        from .content.content_types import BY_FOLDER

        return iter(sorted(BY_FOLDER))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tdkt", description="Công cụ của Cổng tri thức Thi đua – Khen thưởng.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="Kiểm tra toàn bộ nội dung trong data/ (không dựng trang).")
    check.add_argument("--root", type=Path, default=Path("."), help="Thư mục gốc của dự án (mặc định: thư mục hiện tại).")
    schema = commands.add_parser("schema", help="Viết lại JSON Schema của các loại nội dung vào schemas/ (từ mô hình).")
    schema.add_argument("--check", action="store_true", help="Chỉ kiểm tra schemas/ đã khớp với mô hình chưa.")
    schema.add_argument("--root", type=Path, default=Path("."))
    new = commands.add_parser("new", help="Tạo tệp nội dung mới có chú thích cho từng trường.")
    new.add_argument("folder", choices=_Folders(), metavar="loại", help="Loại nội dung (thư mục trong data/): %(choices)s.")
    new.add_argument("id", help="Mã của hồ sơ, cũng là tên tệp: chữ thường không dấu, số, dấu gạch ngang.")
    new.add_argument("--md", action="store_true", help="Tệp Markdown (.md): các trường ở phần đầu, nội dung chính viết bằng Markdown, có ảnh.")
    new.add_argument("--root", type=Path, default=Path("."))
    imports = commands.add_parser("import", help="Nhập đề cương hoặc báo cáo từ tệp Word, LibreOffice hoặc văn bản.")
    imports.add_argument("file", type=Path, help="Tệp .docx, .odt, .doc, .rtf, .txt hoặc .md.")
    imports.add_argument("folder", metavar="loại", help="de-cuong hoặc bao-cao.")
    imports.add_argument("id", metavar="mã", help="Mã của hồ sơ mới: chữ thường không dấu, số, dấu gạch ngang.")
    imports.add_argument("--root", type=Path, default=Path("."))
    strip = commands.add_parser(
        "strip-metadata",
        help="Bóc vị trí GPS và số sê-ri máy ảnh khỏi ảnh gốc (giữ nguyên ảnh, hướng xoay và hồ sơ màu).",
    )
    strip.add_argument("paths", nargs="*", type=Path, metavar="tệp-hoặc-thư-mục", help="Mặc định: mọi ảnh trong data/.")
    strip.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if args.command == "strip-metadata":
        from .editing.strip_command import run_strip

        return run_strip(args.paths or [args.root / "data"], args.root)
    if args.command == "import":
        from .importing.command import run_import  # the readers load only for this command

        return run_import(args.file, args.folder, args.id, args.root)
    if args.command == "schema":
        return _schema(args.root, args.check)
    if args.command == "new":
        return _new(args.root, args.folder, args.id, args.md)
    return _check(args.root)


def _check(root: Path) -> int:
    from .base.problems import format_problems, format_warnings
    from .base.project import CACHE_DIR
    from .content.catalog import load_catalog
    from .editing.annotations import report  # GitHub Actions only: annotations and the job summary

    result = load_catalog(root, cache_dir=root / CACHE_DIR / "records")  # the cache the build uses
    if isinstance(result, list):
        print(format_problems(result), file=sys.stderr)
        report(result, [], root)
        return 1
    if result.warnings:
        print(format_warnings(result.warnings), file=sys.stderr)
    print(f"Nội dung hợp lệ: {len(result.records)} hồ sơ, {len(result.links)} liên kết.")
    report([], result.warnings, root, len(result.records), len(result.links))
    return 0


def _schema(root: Path, check: bool) -> int:
    from .content.schema import outdated_schemas, write_schemas

    if check:
        outdated = outdated_schemas(root)
        for path in outdated:
            print(f"{path}: chưa khớp với mô hình nội dung — chạy: .venv/bin/tdkt schema", file=sys.stderr)
        return 1 if outdated else 0
    for path in write_schemas(root):
        print(f"Đã viết {path}")
    return 0


def _new(root: Path, folder: str, record_id: str, markdown: bool) -> int:
    import re

    from .content.content_file import SUFFIXES
    from .content.content_types import BY_FOLDER
    from .content.schema import scaffold, scaffold_markdown

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", record_id):
        print(f"Mã “{record_id}” không hợp lệ: dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ “nuoi-heo-dat”.", file=sys.stderr)
        return 2
    path = root / "data" / folder / f"{record_id}.{'md' if markdown else 'yml'}"
    for existing in (path.with_suffix(suffix) for suffix in SUFFIXES):
        if existing.exists():
            print(f"{existing}: hồ sơ “{record_id}” đã có tệp, không ghi đè.", file=sys.stderr)
            return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    content_type = BY_FOLDER[folder]
    path.write_text(scaffold_markdown(content_type) if markdown else scaffold(content_type), encoding="utf-8")
    print(f"Đã tạo {path}: điền nội dung rồi chạy .venv/bin/tdkt check")
    if markdown:
        print(f"Ảnh của hồ sơ đặt trong {path.with_suffix('')}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
