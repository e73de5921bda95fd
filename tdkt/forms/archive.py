"""Byte-identical zip containers: DOCX, ODT and the bundle of all templates."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip epoch: no build time leaks into a file


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes; 'mimetype' stays first and stored (ODF)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    names.sort(key=lambda name: (name != "mimetype",))  # stable: keeps the writer's order otherwise
    return build_zip((name, source.read(name)) for name in names)


_STORED = (".docx", ".odt", ".zip")  # already compressed: deflating them again costs time, saves nothing


def build_zip(entries) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            stored = name == "mimetype" or name.endswith(_STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, content, compresslevel=None if stored else 9)
    return buffer.getvalue()
