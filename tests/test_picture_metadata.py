"""Pictures' originals are public: the check refuses a GPS position or a serial number in their
metadata, at the file, and `tdkt strip-metadata` removes them without changing the picture."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from tdkt.content.catalog import Catalog, load_catalog
from tdkt.cli import main as tdkt
from tdkt.content.picture_metadata import orientation, private_metadata, same_pixels, strip
from test_markdown_content import markdown_project, photo

PICTURE = "data/mo-hinh/heo-dat-thu/anh-1.jpg"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"'
    b' exif:GPSLatitude="15,22.5N" aux:SerialNumber="SO-MAY-9"/></rdf:RDF></x:xmpmeta>'
)


def picture(fmt: str, *, gps: bool = False, serial: int | None = None, turned: int = 1, **options) -> bytes:
    image = Image.new("RGB", (96, 64), (30, 140, 200))
    image.paste((250, 250, 0), (10, 10, 40, 30))
    exif = Image.Exif()
    exif[0x0112] = turned
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (15.0, 22.0, 30.5), 3: "E", 4: (109.0, 7.0, 12.0)})
    if serial == 0xC62F:
        exif[serial] = "SO-MAY-1"
    elif serial is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[serial] = "SO-MAY-1"
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif, **options)
    return buffer.getvalue()


def png_with_text(keyword: bytes, text: bytes) -> bytes:
    data = picture("PNG")
    chunk = keyword + b"\0\0\0\0\0" + text  # iTXt: keyword, not compressed, no language, no translation
    itxt = struct.pack(">I", len(chunk)) + b"iTXt" + chunk + struct.pack(">I", zlib.crc32(b"iTXt" + chunk))
    return data[:33] + itxt + data[33:]  # after IHDR


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (picture("JPEG", gps=True), ["vị trí GPS"]),
        (picture("JPEG", serial=0xA431), ["số sê-ri thân máy"]),
        (picture("JPEG", serial=0xA435), ["số sê-ri ống kính"]),
        (picture("JPEG", serial=0xC62F), ["số sê-ri máy ảnh"]),
        (picture("PNG", gps=True), ["vị trí GPS"]),  # an eXIf chunk
        (png_with_text(b"XML:com.adobe.xmp", XMP), ["vị trí GPS", "số sê-ri máy ảnh"]),  # iTXt
        (picture("WEBP", gps=True, serial=0xA431), ["vị trí GPS", "số sê-ri thân máy"]),  # an EXIF chunk
        (picture("WEBP", xmp=XMP), ["vị trí GPS", "số sê-ri máy ảnh"]),  # an XMP chunk
        (picture("JPEG", xmp=XMP), ["vị trí GPS", "số sê-ri máy ảnh"]),  # an APP1 XMP segment
        (picture("JPEG", turned=6), []),
        (picture("PNG"), []),
    ],
)
def test_private_metadata_is_found_in_every_container(data: bytes, found: list[str]):
    assert private_metadata(data) == found


def test_an_empty_gps_block_or_a_maker_is_not_private():
    exif = Image.Exif()
    exif[0x010F] = "HangDienThoai"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[0] = b"\2\2\0\0"  # GPSVersionID only: no place
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", exif=exif)
    assert private_metadata(buffer.getvalue()) == []


def test_check_refuses_a_photo_with_gps_or_serial_at_its_file(tmp_path: Path):
    project = markdown_project(tmp_path / "project")
    (project / PICTURE).write_bytes(photo((600, 400), private=True))
    png = project / "data/mo-hinh/heo-dat-thu/bieu-do.png"
    png.write_bytes(picture("PNG", serial=0xA435))
    problems = load_catalog(project)
    assert isinstance(problems, list)
    by_file = {str(p.location): p for p in problems}
    assert set(by_file) == {PICTURE, "data/mo-hinh/heo-dat-thu/bieu-do.png"}
    assert by_file[PICTURE].message.startswith("Ảnh “anh-1.jpg” còn mang vị trí GPS, số sê-ri thân máy trong siêu dữ liệu")
    assert f"tdkt strip-metadata {PICTURE}" in by_file[PICTURE].hint
    assert "số sê-ri ống kính" in by_file["data/mo-hinh/heo-dat-thu/bieu-do.png"].message


def _phone_jpeg() -> bytes:
    """A progressive JPEG as phones write them: a colour profile, orientation, GPS, XMP, a comment,
    and a second picture after the first one's end (an MPF preview carrying its own Exif)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.effect_noise((320, 200), 40).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 8
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (15.0, 22.0, 30.5)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, icc_profile=profile, xmp=XMP, comment=b"ghi chu rieng", progressive=True, quality=90)
    return buffer.getvalue() + picture("JPEG", gps=True)


def test_stripping_keeps_pixels_orientation_and_profile_and_drops_the_rest():
    original = _phone_jpeg()
    result = strip(original)
    assert result.lossless and result.removed == ("vị trí GPS", "số sê-ri máy ảnh")
    assert private_metadata(result.data) == []
    assert same_pixels(original, result.data) and orientation(result.data) == 8
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(result.data)) as after:
        assert after.info["icc_profile"] == before.info["icc_profile"]
        assert not {"xmp", "comment"} & set(after.info)
        assert dict(after.getexif()) == {0x0112: 8}
    # The entropy-coded data is copied, not re-encoded: the file only loses its metadata.
    assert len(result.data) < len(original) and b"ghi chu rieng" not in result.data
    assert strip(result.data).data == result.data  # a second pass changes nothing


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_metadata_chunks_and_keep_the_rest(fmt: str):
    original = picture(fmt, gps=True, serial=0xA431, turned=3, **({"xmp": XMP} if fmt == "WEBP" else {}))
    result = strip(original)
    assert result.lossless and private_metadata(result.data) == []
    assert same_pixels(original, result.data) and orientation(result.data) == 3
    with Image.open(io.BytesIO(result.data)) as image:
        image.load()  # the RIFF and VP8X headers, the chunks' CRCs: Pillow reads the file whole
        assert dict(image.getexif()) == {0x0112: 3} and "xmp" not in image.info
    if fmt == "WEBP":
        assert int.from_bytes(result.data[4:8], "little") == len(result.data) - 8


@pytest.mark.parametrize("cut", [300, -40])  # in the tables, in the picture's data
def test_a_truncated_file_is_found_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str], cut: int):
    broken = tmp_path / "hong.jpg"
    data = picture("JPEG", gps=True)[:cut]
    broken.write_bytes(data)
    assert private_metadata(data) == ["vị trí GPS"]
    assert tdkt(["strip-metadata", str(broken), "--root", str(tmp_path)]) == 1
    assert "hong.jpg: không phải ảnh JPEG, PNG hay WebP đọc được; không sửa tệp." in capsys.readouterr().err
    assert broken.read_bytes() == data


def test_strip_command_cleans_data_then_check_passes_with_the_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    project = markdown_project(tmp_path / "project")
    (project / PICTURE).write_bytes(photo((600, 400), private=True))
    cache = project / ".cache" / "records"
    assert isinstance(load_catalog(project, cache_dir=cache), list)
    before = (project / PICTURE).read_bytes()
    assert tdkt(["strip-metadata", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert f"{PICTURE}: đã bóc vị trí GPS, số sê-ri thân máy — ảnh giữ nguyên từng điểm ảnh" in out
    after = (project / PICTURE).read_bytes()
    assert same_pixels(before, after) and orientation(after) == 6
    catalog = load_catalog(project, cache_dir=cache)
    assert isinstance(catalog, Catalog), catalog
    assert load_catalog(project, cache_dir=cache).records["mo-hinh/heo-dat-thu"].pictures == catalog.records["mo-hinh/heo-dat-thu"].pictures
    assert tdkt(["strip-metadata", "--root", str(project)]) == 0
    assert capsys.readouterr().out == "Không ảnh nào còn vị trí GPS hay số sê-ri máy.\n"
