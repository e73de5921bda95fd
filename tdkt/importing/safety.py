"""Checks before a file is opened: size, kind, zip bombs, encryption."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from .lines import UnreadableFile

# No entities, no network: a document's XML is untrusted input.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)

MAX_FILE = 50 * 1024 * 1024  # an outline with pictures is a few MB; a larger file is not an outline
MAX_UNPACKED = 200 * 1024 * 1024  # all entries together, as declared in the zip
MAX_RATIO = 200  # unpacked/packed: text compresses ~10×, a zip bomb by thousands
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (.doc), and encrypted .docx files


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE:
        raise UnreadableFile(f"{path}: tệp quá lớn ({size / 1024 / 1024:.0f} MB, tối đa {MAX_FILE // 1024 // 1024} MB) — không phải một đề cương hay báo cáo thông thường.")
    if size == 0:
        raise UnreadableFile(f"{path}: tệp rỗng.")


def open_package(path: Path, required: str, kind: str) -> zipfile.ZipFile:
    """An Office Open XML or OpenDocument zip, checked before anything is unpacked."""
    check_size(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE:
        raise UnreadableFile(
            f"{path}: tệp được đặt mật khẩu (mã hóa) hoặc là tệp Word 97–2003 đổi đuôi. Mở bằng Word/LibreOffice, "
            f"bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu lại dạng {kind} và chạy lại lệnh."
        )
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(f"{path}: không phải tệp {kind} (tệp hỏng hoặc sai đuôi). Mở bằng Word/LibreOffice và lưu lại dạng {kind}.")
    try:
        package = zipfile.ZipFile(path)
        entries = package.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(f"{path}: tệp {kind} bị hỏng ({error}). Mở bằng Word/LibreOffice và lưu lại.") from None
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UnreadableFile(f"{path}: tệp có phần được mã hóa; bỏ mật khẩu rồi lưu lại và chạy lại lệnh.")
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO and unpacked > 10 * 1024 * 1024:
        raise UnreadableFile(f"{path}: tệp nén bất thường (bung ra {unpacked / 1024 / 1024:.0f} MB từ {packed / 1024 / 1024:.1f} MB) — từ chối để an toàn.")
    if required not in package.namelist():
        raise UnreadableFile(f"{path}: không phải tệp {kind} (thiếu {required}). Mở bằng Word/LibreOffice và lưu lại dạng {kind}.")
    return package


def read_entry(package: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    if name not in package.namelist():
        return None
    try:
        return package.read(name)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableFile(f"{path}: không đọc được {name} trong tệp ({error}); tệp bị hỏng.") from None


def parse_xml(data: bytes | None, path: Path) -> etree._Element | None:
    if data is None:
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise UnreadableFile(f"{path}: nội dung tệp bị hỏng ({error}). Mở bằng Word/LibreOffice và lưu lại.") from None
