"""Pictures of Markdown records: what checking and publishing phone photos costs, cold and cached,
and how many bytes a reader downloads instead of the original.

    .venv/bin/python benchmarks/pictures.py --photos 20

Prints figures only; the photos are synthetic 12-megapixel JPEGs with EXIF (orientation, GPS),
stripped first as `tdkt strip-metadata` does (the check refuses an original with a GPS position).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from PIL import ExifTags, Image, ImageFilter

from tdkt.editing.strip_command import run_strip
from tdkt.content.images import inspect_image, publish


def phone_photo(seed: int, size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A photo-like picture (smooth shapes and noise, which JPEG compresses as it does real photos)."""
    rng = random.Random(seed)
    small = Image.new("RGB", (size[0] // 16, size[1] // 16))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(small.width * small.height)])
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, noise, 0.15)
    exif = Image.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (15.0, 22.0, 30.5), 3: "E", 4: (109.0, 7.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = []
        for index in range(args.photos):
            path = root / f"anh-{index + 1}.jpg"
            path.write_bytes(phone_photo(index))
            paths.append(path)
        originals = [path.stat().st_size for path in paths]
        started = time.perf_counter()
        assert run_strip([root], root) == 0
        strip_time = time.perf_counter() - started
        started = time.perf_counter()
        pictures = [inspect_image(path, path.name, path.name) for path in paths]
        inspect_time = time.perf_counter() - started
        cache = root / "cache"
        timings = []
        sizes: dict[int, list[int]] = {}
        for picture in pictures:
            started = time.perf_counter()
            copies = publish(picture, root, cache)
            timings.append(time.perf_counter() - started)
            for variant, content in copies:
                sizes.setdefault(variant.width, []).append(len(content))
        started = time.perf_counter()
        for picture in pictures:
            publish(picture, root, cache)
        warm = time.perf_counter() - started
    print(f"{args.photos} ảnh điện thoại 4000×3000 (JPEG, EXIF có GPS), trung bình {statistics.mean(originals) / 1024:.0f} KB")
    print(f"  bóc GPS (tdkt strip-metadata, so điểm ảnh): {strip_time / args.photos * 1000:.0f} ms/ảnh")
    print(f"  kiểm tra (giải mã đủ, đọc kích thước):  {inspect_time / args.photos * 1000:.0f} ms/ảnh")
    print(f"  làm bản thu nhỏ lần đầu (3 cỡ):          {statistics.mean(timings) * 1000:.0f} ms/ảnh, tổng {sum(timings):.1f} s")
    print(f"  lần dựng sau (đọc từ .cache/images):     {warm / args.photos * 1000:.1f} ms/ảnh")
    for width in sorted(sizes, reverse=True):
        print(f"  bản rộng {width:>4} px: trung bình {statistics.mean(sizes[width]) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
