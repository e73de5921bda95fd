"""Scanned pages and photos: Tesseract with its Vietnamese model reads each page, its TSV output
gives every word with its box and its line; the layout turns them into paragraphs. What OCR read
is kept as it read it (the structure reader repairs labels only, and lists each repair).

Pages of a PDF are rasterised by poppler's pdftoppm (a separate process, like Tesseract) at
200 dpi, two pages at a time on two cores."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from .layout import Row, Word, paragraphs
from .lines import Line, UnreadableFile
from .safety import check_size

DPI = 200
MAX_PIXELS = 60_000_000  # a 48-megapixel phone photo passes; a decompression bomb does not
MAX_SIDE = 3500  # pixels of the longer side Tesseract gets: ~300 dpi for an A4 page
WORKERS = 2
PAGE_TIMEOUT = 120  # seconds for one page
MIN_WORDS = 5  # words read with confidence; fewer and the picture holds no text
INSTALL = "bash scripts/setup.sh tesseract-ocr tesseract-ocr-vie (hoặc: sudo apt-get install tesseract-ocr tesseract-ocr-vie)"


def _tesseract() -> str | None:
    return shutil.which("tesseract")


def check_tesseract(path: Path) -> str:
    program = _tesseract()
    if program is None:
        raise UnreadableFile(f"{path}: cần chương trình nhận dạng chữ Tesseract để đọc ảnh chụp hoặc bản quét. Cài bằng lệnh: {INSTALL}")
    if "vie" not in _languages(program):
        raise UnreadableFile(f"{path}: Tesseract chưa có bộ nhận dạng tiếng Việt (gói tesseract-ocr-vie). Cài bằng lệnh: {INSTALL}")
    return program


@lru_cache(maxsize=4)
def _languages(program: str) -> frozenset[str]:
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in (done.stdout + done.stderr).splitlines()[1:])


def read_image(path: Path) -> list[Line]:
    """A photo or scan of a paper page (.png, .jpg)."""
    check_size(path)
    program = check_tesseract(path)
    with tempfile.TemporaryDirectory(prefix="tdkt-ocr-") as folder:
        page = Path(folder) / "page.png"
        width = _clean_image(path, page)
        rows, confident = _recognise(program, page, 1, path)
    _require_text(path, confident, "ảnh")
    return paragraphs([rows], width * 72 / DPI)


def _clean_image(path: Path, target: Path) -> int:
    """Decoded by Pillow within bounds, turned upright, grey, and written again as a plain PNG:
    Tesseract never reads the uploaded bytes."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            if image.format not in {"PNG", "JPEG", "MPO"}:
                raise UnreadableFile(f"{path}: không phải ảnh PNG hoặc JPEG (tệp hỏng hoặc sai đuôi).")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UnreadableFile(
                    f"{path}: ảnh quá lớn để mở an toàn ({width}×{height} điểm ảnh, tối đa {MAX_PIXELS // 1_000_000} triệu). "
                    "Chụp lại hoặc thu nhỏ ảnh (khoảng 3000 điểm ảnh chiều dài là đủ đọc) rồi chạy lại lệnh."
                )
            if image.format in {"JPEG", "MPO"}:
                image.draft("L", (MAX_SIDE, MAX_SIDE))  # decoded at a reduced scale: a phone's 48 MP in a fraction of the memory
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
                upright = ImageOps.exif_transpose(image).convert("L")
    except UnreadableFile:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        kind = "quá lớn để mở an toàn" if "decompression" in type(error).__name__.lower() else "không mở được (tệp hỏng hoặc không phải ảnh)"
        raise UnreadableFile(f"{path}: ảnh {kind}. Chụp lại trang giấy, lưu dạng .jpg hoặc .png rồi chạy lại lệnh.") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise UnreadableFile(f"{path}: ảnh bị hỏng ({error}). Chụp lại trang giấy rồi chạy lại lệnh.") from None
    if max(upright.size) > MAX_SIDE:
        upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    upright.save(target, "PNG")
    return upright.size[0]


def ocr_pdf_pages(path: Path, pages: list[int]) -> dict[int, list[Row]]:
    """The rows of the PDF's pages that have no text layer, read by OCR."""
    program = check_tesseract(path)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise UnreadableFile(
            f"{path}: tệp PDF là bản quét (không có lớp chữ); cần pdftoppm (gói poppler-utils) để đọc. Cài bằng lệnh: "
            "bash scripts/setup.sh poppler-utils tesseract-ocr tesseract-ocr-vie"
        )
    with tempfile.TemporaryDirectory(prefix="tdkt-ocr-") as folder:

        def one(number: int) -> tuple[int, list[Row], int]:
            prefix = Path(folder) / f"p{number}"
            try:
                subprocess.run([pdftoppm, "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(path), str(prefix)],
                               check=True, capture_output=True, timeout=PAGE_TIMEOUT)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                raise UnreadableFile(f"{path}: không dựng được ảnh trang {number} của tệp PDF (tệp hỏng).") from None
            rows, confident = _recognise(program, prefix.with_suffix(".png"), number, path)
            prefix.with_suffix(".png").unlink(missing_ok=True)
            return number, rows, confident

        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            read = list(pool.map(one, pages))
    if sum(confident for _, _, confident in read) < MIN_WORDS:
        raise UnreadableFile(
            f"{path}: tệp PDF là bản quét nhưng không đọc được chữ nào trên {len(pages)} trang. Quét lại rõ hơn "
            "(200–300 dpi, thẳng trang) rồi chạy lại lệnh."
        )
    return {number: rows for number, rows, _ in read}


def _recognise(program: str, image: Path, page: int, source: Path) -> tuple[list[Row], int]:
    """The page's rows and how many words were read with confidence."""
    # One core a page: pages run side by side. Not looking for white-on-black text saves ~7 %.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([program, str(image), "stdout", "-l", "vie", "--psm", "3", "-c", "tessedit_do_invert=0", "tsv"],
                              capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise UnreadableFile(f"{source}: nhận dạng chữ trang {page} quá lâu (hơn {PAGE_TIMEOUT} giây); ảnh quá phức tạp.") from None
    if done.returncode != 0:
        raise UnreadableFile(f"{source}: Tesseract không đọc được trang {page}: {done.stderr.decode('utf-8', 'replace')[:200]}")
    return rows_from_tsv(done.stdout.decode("utf-8", "replace"), page)


def rows_from_tsv(tsv: str, page: int) -> tuple[list[Row], int]:
    """Tesseract's lines, in its reading order; lines standing side by side are cells."""
    lines: dict[tuple[int, int, int], list[tuple[Word, float]]] = {}
    heights: dict[tuple[int, int, int], int] = {}
    for record in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            level = int(record["level"])
            key = (int(record["block_num"]), int(record["par_num"]), int(record["line_num"]))
            left, top, width, height = (int(record[name]) for name in ("left", "top", "width", "height"))
            confidence = float(record["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        if level == 4:
            heights[key] = height
        text = (record.get("text") or "").strip()
        if level == 5 and text:
            scale = 72 / DPI  # points, as a PDF's text layer measures
            lines.setdefault(key, []).append((Word(text, left * scale, (left + width) * scale, top * scale, (top + height) * scale, 0.0, ocr=True), confidence))
    if not lines:
        return [], 0
    size = sorted(heights.values())[len(heights) // 2] * 72 / DPI if heights else 12.0
    rows = [Row([Word(w.text, w.x0, w.x1, w.top, w.bottom, size, ocr=True) for w, _ in words], page) for words in lines.values()]
    for row in rows:
        row.in_table = any(
            other is not row and min(row.bottom, other.bottom) - max(row.top, other.top) > 0.5 * (row.bottom - row.top)
            and (other.x0 > row.x1 or other.x1 < row.x0) for other in rows
        )
    confident = sum(1 for words in lines.values() for word, confidence in words if confidence >= 60 and sum(ch.isalpha() for ch in word.text) >= 2)
    return rows, confident


def _require_text(path: Path, confident: int, what: str) -> None:
    if confident < MIN_WORDS:
        raise UnreadableFile(
            f"{path}: không đọc được chữ nào trong {what} (có phải ảnh chụp một trang văn bản không?). Chụp lại thẳng trang, "
            "đủ sáng, rõ chữ rồi chạy lại lệnh."
        )
