"""Command line: `tdkt check` validates all content without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalog import load_catalog
from .problems import format_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tdkt", description="Công cụ của Cổng tri thức Thi đua – Khen thưởng.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="Kiểm tra toàn bộ nội dung trong data/ (không dựng trang).")
    check.add_argument("--root", type=Path, default=Path("."), help="Thư mục gốc của dự án (mặc định: thư mục hiện tại).")
    args = parser.parse_args(argv)
    result = load_catalog(args.root)
    if isinstance(result, list):
        print(format_problems(result), file=sys.stderr)
        return 1
    print(f"Nội dung hợp lệ: {len(result.records)} hồ sơ, {len(result.links)} liên kết.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
