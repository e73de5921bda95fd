"""Private metadata in pictures' originals: found (a GPS position, a camera, lens or body serial) and
stripped in place without touching the picture.

Originals under data/<type>/<id>/ are committed to a public repository: anyone can download them
and read where a phone photo was taken. The published copies never carry metadata (tdkt.content.images),
but the originals must be clean too. Stripping works on the file's structure, byte for byte: a
JPEG's entropy-coded data, a PNG's image chunks and a WebP's bitstream are copied unchanged, so
the picture loses nothing; only the orientation (needed to show it upright) and the colour profile
are kept. A file whose structure cannot be followed is re-saved by Pillow instead, and said so.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825
EXIF_IFD = 0x8769
SERIALS = {  # tag -> what an editor is told
    0xA431: "số sê-ri thân máy",  # BodySerialNumber, in the Exif IFD
    0xA435: "số sê-ri ống kính",  # LensSerialNumber
    0xC62F: "số sê-ri máy ảnh",  # CameraSerialNumber (DNG), in IFD0
}
GPS = "vị trí GPS"
UNREADABLE = "phần EXIF không đọc được (có thể chứa vị trí)"
# XMP names the same facts as properties of any prefix: exif:GPSLatitude, aux:SerialNumber,
# exifEX:BodySerialNumber, Iptc4xmpExt:GPSLatitude…
_XMP_GPS = re.compile(rb"\b[A-Za-z][\w.-]*:GPS(?:Latitude|Longitude|Altitude|Position|DestLatitude|DestLongitude|Coordinates)")
_XMP_SERIAL = re.compile(rb"\b[A-Za-z][\w.-]*:(?:Body|Lens|Camera)?SerialNumber\b")
_MAX_TEXT = 16 * 1024 * 1024  # a compressed PNG text chunk is never inflated beyond this
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# In a JPEG scan, 0xFF is followed by 0x00 (a stuffed byte), a restart marker or another 0xFF (fill):
# anything else is the next segment's marker.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_PNG_METADATA = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


class Unparsable(ValueError):
    """The file's structure cannot be followed (truncated, or not what it claims to be)."""


@dataclass(frozen=True)
class Stripped:
    data: bytes
    lossless: bool  # False: re-saved by Pillow because the structure could not be followed
    removed: tuple[str, ...]  # what was found before (the private part), for the editor


# -- finding ----------------------------------------------------------------------------------


def private_metadata(data: bytes) -> list[str]:
    """What private metadata the picture carries, in Vietnamese ("vị trí GPS", …); empty if none."""
    found: list[str] = []
    try:
        blocks = list(_metadata_blocks(data))
    except Unparsable:
        blocks = _blocks_through_pillow(data)
    for kind, payload in blocks:
        new = _exif_findings(payload) if kind == "exif" else _xmp_findings(payload)
        found += [item for item in new if item not in found]
    return found


def _metadata_blocks(data: bytes) -> Iterator[tuple[str, bytes]]:
    """("exif", TIFF bytes) and ("xmp", text bytes) blocks of a JPEG, PNG or WebP."""
    if data.startswith(b"\xff\xd8"):
        parts, trailer = _jpeg_parts(data, lenient=True)
        for marker, segment in parts:
            payload = segment[4:]
            if marker == 0xE1 and payload.startswith(b"Exif\0"):
                yield "exif", payload[6:]
            elif marker == 0xE1 or marker == 0xFE or 0xE3 <= marker <= 0xEF:
                yield "xmp", payload  # XMP, a comment, IPTC: scanned for the XMP names
        # Phones append more pictures after the main one (MPF previews, depth maps), each with its own Exif.
        for start in (m.start() for m in re.finditer(rb"\xff\xe1..Exif\0\0", trailer, re.S)):
            yield "exif", trailer[start + 10:]
        if trailer:
            yield "xmp", trailer
    elif data.startswith(_PNG_SIGNATURE):
        for kind, body, _start, _end in _png_chunks(data):
            if kind == b"eXIf":
                yield "exif", body
            elif kind in {b"tEXt", b"zTXt", b"iTXt"}:
                keyword, text = _png_text(kind, body)
                if keyword.startswith(b"Raw profile type") and (exif := _raw_profile(text)) is not None:
                    yield "exif", exif[6:] if exif.startswith(b"Exif\0\0") else exif
                yield "xmp", text
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        for kind, body, _start, _end in _riff_chunks(data):
            if kind == b"EXIF":
                yield "exif", body[6:] if body.startswith(b"Exif\0\0") else body
            elif kind == b"XMP ":
                yield "xmp", body
    else:
        raise Unparsable("not a JPEG, PNG or WebP file")


def _blocks_through_pillow(data: bytes) -> list[tuple[str, bytes]]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.info.get("exif") or b""
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    except Exception:  # noqa: BLE001 - hostile bytes: what Pillow cannot open has no metadata to read
        return []
    blocks = [("exif", exif[6:] if exif.startswith(b"Exif\0\0") else exif)] if exif else []
    return blocks + ([("xmp", xmp.encode("utf-8", "replace") if isinstance(xmp, str) else xmp)] if xmp else [])


def _exif(tiff: bytes) -> Image.Exif:
    exif = Image.Exif()
    exif.load(tiff)
    return exif


def _exif_findings(tiff: bytes) -> list[str]:
    if not tiff:
        return []
    try:
        exif = _exif(tiff)
        found = []
        gps = exif.get_ifd(GPS_IFD)
        if any(tag != 0 for tag in gps):  # only GPSVersionID says nothing of a place
            found.append(GPS)
        inner = exif.get_ifd(EXIF_IFD)
        for tag, what in SERIALS.items():
            value = inner.get(tag, exif.get(tag))
            if value not in (None, "", b""):
                found.append(what)
        return found
    except Exception:  # noqa: BLE001 - Pillow's TIFF reader raises many kinds on hostile bytes
        return [UNREADABLE]


def _xmp_findings(text: bytes) -> list[str]:
    found = []
    if _XMP_GPS.search(text):
        found.append(GPS)
    if _XMP_SERIAL.search(text):
        found.append("số sê-ri máy ảnh")
    return found


def orientation(data: bytes) -> int:
    """The orientation tag the picture is shown with (1 = as stored)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(ORIENTATION, 1)
    except Exception:  # noqa: BLE001
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _minimal_exif(turned: int) -> bytes:
    """TIFF bytes of an Exif block holding only the orientation."""
    exif = Image.Exif()
    exif[ORIENTATION] = turned
    return exif.tobytes()[6:]  # without the "Exif\0\0" header JPEG needs


# -- stripping --------------------------------------------------------------------------------


def strip(data: bytes) -> Stripped:
    """The picture without private metadata. Raises Unparsable for a file that is no picture."""
    removed = tuple(private_metadata(data))
    turned = orientation(data)
    try:
        if data.startswith(b"\xff\xd8"):
            return Stripped(_strip_jpeg(data, turned), True, removed)
        if data.startswith(_PNG_SIGNATURE):
            return Stripped(_strip_png(data, turned), True, removed)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return Stripped(_strip_webp(data, turned), True, removed)
    except Unparsable:
        pass
    return Stripped(_resave(data, turned), False, removed)


def _strip_jpeg(data: bytes, turned: int) -> bytes:
    parts, _trailer = _jpeg_parts(data)  # what follows the picture (previews, phone trailers) goes
    out = [b"\xff\xd8"]
    exif_written = turned == 1
    for marker, segment in parts:
        keep = marker < 0xE0 or marker in {0xE0, 0xEE} or (marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\0")
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or keep:
            if not exif_written and marker not in {0xE0}:
                out.append(_app1(b"Exif\0\0" + _minimal_exif(turned)))
                exif_written = True
            out.append(segment)
    return b"".join(out)


def _app1(payload: bytes) -> bytes:
    return b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload


def _jpeg_parts(data: bytes, lenient: bool = False) -> tuple[list[tuple[int, bytes]], bytes]:
    """The segments after SOI up to and including EOI (each with its marker; a scan with its
    entropy-coded data), and the bytes after EOI. Lenient, a truncated file gives the segments
    read before the break (what it holds is still found)."""
    parts: list[tuple[int, bytes]] = []
    try:
        return _read_jpeg(data, parts)
    except Unparsable:
        if lenient:
            return parts, b""
        raise


def _read_jpeg(data: bytes, parts: list[tuple[int, bytes]]) -> tuple[list[tuple[int, bytes]], bytes]:
    pos, size = 2, len(data)
    while pos + 1 < size:
        if data[pos] != 0xFF:
            raise Unparsable("marker expected")
        if data[pos + 1] == 0xFF:  # fill byte
            pos += 1
            continue
        marker = data[pos + 1]
        if marker == 0xD9:
            parts.append((marker, b"\xff\xd9"))
            return parts, data[pos + 2:]
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            parts.append((marker, data[pos:pos + 2]))
            pos += 2
            continue
        if pos + 4 > size:
            raise Unparsable("truncated segment")
        end = pos + 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if end > size or end < pos + 4:
            raise Unparsable("segment longer than the file")
        if marker == 0xDA:  # a scan: its data runs to the next marker that is not a restart or a stuffed 0xFF
            following = _NEXT_MARKER.search(data, end)
            if following is None:
                raise Unparsable("scan without end")
            found = following.start()
            parts.append((marker, data[pos:found]))
            pos = found
            continue
        parts.append((marker, data[pos:end]))
        pos = end
    raise Unparsable("no end of image")


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    pos = len(_PNG_SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            raise Unparsable("truncated chunk")
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise Unparsable("chunk longer than the file")
        yield kind, data[pos + 8:pos + 8 + length], pos, end
        pos = end
        if kind == b"IEND":
            return
    raise Unparsable("no IEND")


def _png_text(kind: bytes, body: bytes) -> tuple[bytes, bytes]:
    keyword, _, rest = body.partition(b"\0")
    try:
        if kind == b"zTXt":
            return keyword, _inflate(rest[1:])
        if kind == b"iTXt":
            compressed, rest = rest[:1] == b"\1", rest[2:]
            _language, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            return keyword, _inflate(text) if compressed else text
    except zlib.error:
        return keyword, rest
    return keyword, rest


def _inflate(data: bytes) -> bytes:
    return zlib.decompressobj().decompress(data, _MAX_TEXT)


def _raw_profile(text: bytes) -> bytes | None:
    """ImageMagick's "Raw profile type exif": a name, a length, then hex digits over lines."""
    lines = text.split(b"\n")
    try:
        return bytes.fromhex(b"".join(lines[3:]).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None


def _strip_png(data: bytes, turned: int) -> bytes:
    out = [data[:len(_PNG_SIGNATURE)]]
    exif_written = turned == 1
    for kind, _body, start, end in _png_chunks(data):
        if kind in _PNG_METADATA:
            continue
        if kind == b"IDAT" and not exif_written:  # eXIf must come before the image data
            out.append(_png_chunk(b"eXIf", _minimal_exif(turned)))
            exif_written = True
        out.append(data[start:end])
    return b"".join(out)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def _riff_chunks(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    pos = 12
    end_of_riff = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while pos + 8 <= end_of_riff:
        kind = data[pos:pos + 4]
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > len(data):
            raise Unparsable("chunk longer than the file")
        yield kind, data[pos + 8:pos + 8 + length], pos, min(end, len(data))
        pos = end


def _strip_webp(data: bytes, turned: int) -> bytes:
    chunks = [(kind, data[start:end]) for kind, _body, start, end in _riff_chunks(data) if kind not in {b"EXIF", b"XMP "}]
    extended = bool(chunks) and chunks[0][0] == b"VP8X"
    if extended:
        header = bytearray(chunks[0][1])
        header[8] &= ~(0x08 | 0x04) & 0xFF  # no EXIF, no XMP…
        if turned != 1:
            header[8] |= 0x08  # …but the orientation
            exif = _minimal_exif(turned)
            chunks.append((b"EXIF", b"EXIF" + len(exif).to_bytes(4, "little") + exif + b"\0" * (len(exif) & 1)))
        chunks[0] = (b"VP8X", bytes(header))
    body = b"WEBP" + b"".join(chunk for _kind, chunk in chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _resave(data: bytes, turned: int) -> bytes:
    """Last resort for a file whose structure cannot be followed: Pillow writes it again."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            fmt = image.format
            options: dict[str, object] = {} if turned == 1 else {"exif": b"Exif\0\0" + _minimal_exif(turned)}
            if profile := image.info.get("icc_profile"):
                options["icc_profile"] = profile
            if fmt == "JPEG":
                options.update(quality=95, subsampling="keep" if image.mode != "L" else 0)
            elif fmt == "WEBP":
                options.update(lossless=True)
            elif fmt != "PNG":
                raise Unparsable(f"format {fmt}")
            buffer = io.BytesIO()
            image.save(buffer, fmt, **options)
            return buffer.getvalue()
    except Unparsable:
        raise
    except Exception as error:  # noqa: BLE001 - hostile bytes
        raise Unparsable(str(error)) from None


def same_pixels(before: bytes, after: bytes) -> bool:
    """Whether both files decode to the same picture (as stored, before any turning)."""
    with Image.open(io.BytesIO(before)) as first, Image.open(io.BytesIO(after)) as second:
        return first.size == second.size and first.mode == second.mode and first.tobytes() == second.tobytes()
