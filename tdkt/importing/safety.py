"""Checks before and while a file is opened: size, kind, zip bombs, encryption, DTDs.

Every uploaded file is hostile. The sizes a zip declares are checked first, but only the bytes
actually decompressed count: each part is inflated in steps, whatever its method (deflate, bzip2,
lzma), and refused as soon as it outgrows its declared size or MAX_PART. A bzip2 part of a few KB
can otherwise expand to gigabytes in one call of the decompressor.
"""

from __future__ import annotations

import bz2
import lzma
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .lines import UnreadableFile

# No entities, no network, no DTD: a document's XML is untrusted input. libxml2's default limits
# (no huge_tree) also bound the depth of nesting and the length of one text node.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=False)

MAX_FILE = 50 * 1024 * 1024  # an outline with pictures is a few MB; a larger file is not an outline
MAX_UNPACKED = 200 * 1024 * 1024  # all entries together, as declared in the zip
MAX_RATIO = 200  # unpacked/packed: text compresses ~10×, a zip bomb by thousands
MAX_PART = 32 * 1024 * 1024  # one XML part actually read: a 500-page document's text is ~10 MB
_STEP = 1024 * 1024  # bytes a decompressor may produce in one call
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
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
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


def read_entry(package: zipfile.ZipFile, name: str, path: Path, limit: int = MAX_PART) -> bytes | None:
    """One part, inflated step by step and counted as it comes: never more than its declared size,
    never more than `limit`, and its checksum must match."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    bomb = UnreadableFile(
        f"{path}: phần {name} của tệp bung ra lớn hơn {'kích thước nó khai báo' if info.file_size <= limit else f'{limit // 1024 // 1024} MB'}"
        " — tệp nén bất thường, từ chối để an toàn."
    )
    if info.file_size > limit:
        raise bomb
    out = bytearray()
    crc = 0
    try:
        for piece in _inflate(info, _compressed(package, info, path), path):
            out += piece
            if len(out) > info.file_size:
                raise bomb
            crc = zlib.crc32(piece, crc)
    except (zlib.error, OSError, EOFError, ValueError, lzma.LZMAError) as error:
        raise UnreadableFile(f"{path}: không đọc được {name} trong tệp ({error}); tệp bị hỏng.") from None
    if len(out) != info.file_size or crc != info.CRC:
        raise UnreadableFile(f"{path}: phần {name} của tệp bị hỏng (sai kích thước hoặc mã kiểm tra). Mở bằng Word/LibreOffice và lưu lại.")
    return bytes(out)


def _compressed(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """The part's bytes as stored, read from its local header on (bounded by the file's size)."""
    handle = package.fp
    if handle is None:
        raise ValueError("tệp đã đóng")
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise ValueError("sai đầu mục nén")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    while left > 0:
        chunk = handle.read(min(left, 64 * 1024))
        if not chunk:
            raise EOFError("tệp bị cắt cụt")
        left -= len(chunk)
        yield chunk


def _inflate(info: zipfile.ZipInfo, chunks: Iterator[bytes], path: Path) -> Iterator[bytes]:
    method = info.compress_type
    if method == zipfile.ZIP_STORED:
        yield from chunks
    elif method == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        for chunk in chunks:
            data = chunk
            while True:  # at most _STEP out per call; what is left waits in unconsumed_tail
                piece = inflater.decompress(data, _STEP)
                data = inflater.unconsumed_tail
                if piece:
                    yield piece
                if inflater.eof or (not piece and not data):
                    break
            if inflater.eof:
                return
    elif method in {zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}:
        decompressor = bz2.BZ2Decompressor() if method == zipfile.ZIP_BZIP2 else None
        for chunk in chunks:
            if decompressor is None:  # zip's LZMA: version (2 bytes), size of the properties (2), properties
                chunk = chunk if len(chunk) >= 4 else chunk + next(chunks, b"")
                size = struct.unpack("<H", chunk[2:4])[0]
                filters = [lzma._decode_filter_properties(lzma.FILTER_LZMA1, chunk[4 : 4 + size])]  # type: ignore[attr-defined]  # as zipfile does
                decompressor = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters)
                chunk = chunk[4 + size :]
            piece = decompressor.decompress(chunk, _STEP)
            yield piece
            while not decompressor.eof and not decompressor.needs_input:
                yield decompressor.decompress(b"", _STEP)
            if decompressor.eof:
                return
    else:
        raise UnreadableFile(f"{path}: phần {info.filename} được nén theo cách Word/LibreOffice không dùng (mã {method}); mở bằng Word/LibreOffice và lưu lại.")


def parse_xml(data: bytes | None, path: Path) -> etree._Element | None:
    if data is None:
        return None
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        if "Memory allocation failed" in str(error):
            raise MemoryError from None  # the bounded child's limit, said as such
        raise UnreadableFile(f"{path}: nội dung tệp bị hỏng ({error}). Mở bằng Word/LibreOffice và lưu lại.") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        # Word and LibreOffice never write one; its entities would be text we could not read safely.
        raise UnreadableFile(
            f"{path}: tệp có khai báo DTD/thực thể (<!DOCTYPE …>), điều Word và LibreOffice không bao giờ viết — "
            "từ chối để an toàn. Mở tệp bằng Word/LibreOffice và lưu lại rồi chạy lại lệnh."
        )
    return root


# -- writing into the project ------------------------------------------------------------------------


def unsafe_component(root: Path, target: Path) -> Path | None:
    """The first part of target's path below root that is a symbolic link (or not a folder where a
    folder must be), or None: a link in sources/ or data/ could send a write outside the project."""
    relative = target.relative_to(root)
    current = root
    for index, part in enumerate(relative.parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode) or (index < len(relative.parts) - 1 and not stat.S_ISDIR(mode)):
            return current
    return None


def write_new(root: Path, target: Path, data: bytes) -> None:
    """Create target (never overwrite it, never follow a link) with data; folders are made as
    needed, each checked not to be a link."""
    if (bad := unsafe_component(root, target)) is not None:
        raise FileExistsError(str(bad))
    target.parent.mkdir(parents=True, exist_ok=True)
    if (bad := unsafe_component(root, target)) is not None:
        raise FileExistsError(str(bad))
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
