"""Pictures of a record: checked when content is read, published as web-sized copies without metadata.

Photos come from phones: several megabytes, turned by an orientation tag, carrying GPS positions,
camera serials and sometimes a comment. What the site publishes is made with Pillow: turned upright,
colours converted to sRGB, at most 1600 pixels wide plus smaller copies for phones and index pages,
and written without any metadata. Copies are cached by the original's bytes and this module's code,
so a build makes each only once.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..base.digest import digest
from .picture_metadata import private_metadata

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel photo decodes to some 180 MB: more is a mistake or an attack
WEB_WIDTH = 1600
SMALLER_WIDTHS = (800, 400)  # phones, and the first picture on an index page
THUMB_WIDTH = 400
# Pillow's format name -> the published file's extension; other formats are refused with a hint.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 4},
}


@dataclass(frozen=True)
class Variant:
    name: str  # the published file's name, in the record's page folder
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """A checked image file of a record, with the copies the site publishes of it."""

    name: str  # as the body names it ("anh-1.jpg")
    path: str  # the original, relative to the project root
    format: str  # Pillow's name: "JPEG"
    digest: str  # of the original's bytes and this module's code: the copies' cache key
    width: int  # of the original, upright
    height: int
    variants: tuple[Variant, ...]  # largest first; the first is the picture's main copy

    @property
    def main(self) -> Variant:
        return self.variants[0]

    @property
    def thumb(self) -> Variant:
        """The copy an index page shows: the smallest one at least THUMB_WIDTH wide, or the largest."""
        return next((v for v in reversed(self.variants) if v.width >= THUMB_WIDTH), self.variants[0])


@dataclass(frozen=True)
class ImageProblem:
    message: str
    hint: str
    at_file: bool = False  # about the file itself (its metadata), not the line of the body that shows it


def inspect_image(path: Path, rel: str, name: str, known: Callable[[str], Picture | None] = lambda key: None) -> Picture | ImageProblem:
    """Whether the file is an image the site can publish (fully decoded: a truncated file is found
    here, not in the middle of a build), with the sizes of its copies. known gives what an earlier
    run found of the same bytes (decoding a phone photo costs a tenth of a second)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return ImageProblem(
            f"Ảnh “{name}” nặng {f'{size / 1024 / 1024:.1f}'.replace('.', ',')} MB, quá giới hạn 10 MB.",
            "Thu nhỏ ảnh (ví dụ lưu lại ở chiều rộng 2000 điểm ảnh, chất lượng 85%) rồi thay tệp.",
        )
    data = path.read_bytes()
    key = digest(data, code_version())
    if (found := known(key)) is not None:
        return _picture(name, rel, found.format, key, found.width, found.height)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    return ImageProblem(
                        f"Ảnh “{name}” ở định dạng {image.format}, cổng chỉ nhận JPEG, PNG hoặc WebP.",
                        "Mở ảnh rồi lưu lại (Save as) dưới dạng JPEG (.jpg) hoặc PNG (.png).",
                    )
                if image.width * image.height > MAX_PIXELS:
                    return ImageProblem(
                        f"Ảnh “{name}” có {image.width}×{image.height} điểm ảnh, quá lớn.",
                        "Thu nhỏ ảnh xuống chiều rộng khoảng 2000 điểm ảnh rồi thay tệp.",
                    )
                orientation = image.getexif().get(0x0112, 1)
                # Values 5 to 8 turn the picture a quarter: the upright copy is as wide as the file is high.
                width, height = image.size if orientation < 5 else (image.height, image.width)
                found_format = image.format
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))  # JPEG: decode at 1/8
                image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageProblem(
            f"Tệp “{name}” không phải là ảnh (hoặc ảnh quá lớn để mở).",
            "Dùng ảnh JPEG hoặc PNG chụp từ máy ảnh, điện thoại; nếu tệp đúng là ảnh, mở và lưu lại.",
        )
    except (OSError, SyntaxError, ValueError, EOFError):
        return ImageProblem(
            f"Ảnh “{name}” bị hỏng hoặc không đủ dữ liệu (có thể chép chưa hết).",
            "Chép lại tệp ảnh từ máy chụp, hoặc mở ảnh rồi lưu lại.",
        )
    if private := private_metadata(data):
        return _private(name, rel, private)
    return _picture(name, rel, found_format, key, width, height)


def _private(name: str, rel: str, found: list[str]) -> ImageProblem:
    """Originals are committed to a public repository: whoever downloads one reads its metadata."""
    return ImageProblem(
        f"Ảnh “{name}” còn mang {', '.join(found)} trong siêu dữ liệu; ảnh gốc được lưu công khai trong kho, "
        "ai tải về cũng đọc được.",
        f"Bóc bằng lệnh (ảnh giữ nguyên, không nén lại): .venv/bin/tdkt strip-metadata {rel} — không dùng dòng lệnh: "
        "tải lên lại ảnh đã bỏ vị trí (điện thoại: khi chia sẻ ảnh, tắt “Vị trí”/“Dữ liệu vị trí”).",
        at_file=True,
    )


def _picture(name: str, rel: str, fmt: str, key: str, width: int, height: int) -> Picture:
    return Picture(name, rel, fmt, key, width, height, _variants(Path(name).stem, FORMATS[fmt], width, height))


def _variants(stem: str, extension: str, width: int, height: int) -> tuple[Variant, ...]:
    main_width = min(width, WEB_WIDTH)
    widths = [main_width] + [w for w in SMALLER_WIDTHS if w < main_width]
    names = [f"{stem}.{extension}"] + [f"{stem}-{w}.{extension}" for w in widths[1:]]
    return tuple(Variant(n, w, max(1, round(height * w / width))) for n, w in zip(names, widths))


def publish(picture: Picture, root: Path, cache_dir: Path | None) -> list[tuple[Variant, bytes]]:
    """The picture's copies, from the cache when an earlier build made them."""
    if cache_dir is not None:
        cached = [cache_dir / picture.digest[:2] / f"{picture.digest}-{v.width}" for v in picture.variants]
        if all(file.exists() for file in cached):
            return [(v, file.read_bytes()) for v, file in zip(picture.variants, cached)]
    made = make_copies((root / picture.path).read_bytes(), picture)
    if cache_dir is not None:
        for (variant, content), file in zip(made, cached):
            file.parent.mkdir(parents=True, exist_ok=True)
            temporary = file.with_suffix(".tmp")
            temporary.write_bytes(content)
            temporary.replace(file)  # atomic: a build never reads half a copy
    return made


def make_copies(data: bytes, picture: Picture) -> list[tuple[Variant, bytes]]:
    with Image.open(io.BytesIO(data)) as opened:
        if opened.format == "JPEG" and opened.mode == "RGB":
            # Decode at the smallest scale (1/2, 1/4, 1/8) still as large as the main copy: a phone
            # photo then costs a fraction of its full decoding.
            main = picture.main
            turned = opened.getexif().get(0x0112, 1) >= 5
            opened.draft("RGB", (main.height, main.width) if turned else (main.width, main.height))
        upright = ImageOps.exif_transpose(opened)
        image = _web_mode(_to_srgb(upright, opened.info.get("icc_profile")), picture.format)
    made = []
    for variant in picture.variants:
        # Each copy from the one before it (1600 → 800 → 400): as sharp, for a fraction of the work.
        copy = image if image.size == (variant.width, variant.height) else image.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        image = copy
        copy.info = {}  # no EXIF, GPS, XMP, comment or profile reaches the site
        buffer = io.BytesIO()
        copy.save(buffer, picture.format, **_SAVE_OPTIONS[picture.format])
        made.append((variant, buffer.getvalue()))
    return made


def _to_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """Phones write wide-gamut colours (Display P3): without the profile they would look dull."""
    if not profile or image.mode not in {"RGB", "RGBA"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a damaged profile: the colours as they are
    return converted if converted is not None else image


def _web_mode(image: Image.Image, fmt: str) -> Image.Image:
    transparent = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    if fmt == "JPEG":
        return image if image.mode in {"RGB", "L"} else image.convert("RGB")
    if transparent:
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode in {"RGB", "L"} else image.convert("RGB")


@cache
def code_version() -> str:
    """The copies depend on this module's code and on Pillow's encoders."""
    import PIL

    return digest(Path(__file__).read_bytes(), PIL.__version__)
