"""Read a PDF: the text layer's words with their font, size and position (PDFium, through
pypdfium2), as paragraphs; a page without text (a scan) goes through OCR. Checked first with pypdf: refused when
it needs a password, holds JavaScript or attached files (the original is published with the
record), or has more pages than an outline or report would."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .layout import Word, page_rows, paragraphs
from .lines import Line, UnreadableFile
from .safety import check_size

MAX_PAGES = 60  # an outline is 2–10 pages, a plan with its outline attached 20; a book is not an import
_MIN_TEXT = 20  # characters on a page with a text layer; fewer and the page is a scan
_MAX_OBJECTS = 200_000  # of the PDF's object graph visited looking for scripts and attachments
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_ACTIVE = {"/JS": "mã JavaScript", "/JavaScript": "mã JavaScript", "/Launch": "lệnh mở chương trình",
           "/EmbeddedFiles": "tệp đính kèm", "/EmbeddedFile": "tệp đính kèm", "/FileAttachment": "tệp đính kèm",
           "/RichMedia": "nội dung đa phương tiện"}


def read_pdf(path: Path) -> list[Line]:
    check_size(path)
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise UnreadableFile(f"{path}: không phải tệp PDF (tệp hỏng hoặc sai đuôi).")
    pages = check_pdf(path)
    return _read_pages(path, pages)


def check_pdf(path: Path) -> int:
    """The number of pages of a PDF that may be read; UnreadableFile otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(
                f"{path}: tệp PDF được đặt mật khẩu. Mở tệp bằng mật khẩu, in ra PDF mới không mật khẩu "
                "(Tệp → In → Lưu dạng PDF) rồi chạy lại lệnh."
            )
        count = len(reader.pages)
        active = _active_content(reader.trailer)
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError, NotImplementedError) as error:
        raise UnreadableFile(f"{path}: tệp PDF bị hỏng ({type(error).__name__}). Mở bằng trình đọc PDF, in ra PDF mới rồi chạy lại lệnh.") from None
    if count > MAX_PAGES:
        raise UnreadableFile(
            f"{path}: tệp PDF có {count} trang (tối đa {MAX_PAGES}) — không phải một đề cương hay báo cáo. "
            "Tách riêng các trang của đề cương/báo cáo thành một tệp rồi chạy lại lệnh."
        )
    if count == 0:
        raise UnreadableFile(f"{path}: tệp PDF không có trang nào.")
    if active:
        raise UnreadableFile(
            f"{path}: tệp PDF có {', '.join(sorted(active))}. Tệp gốc được đăng kèm hồ sơ nên không nhận tệp như vậy "
            "(chỉ đọc chữ, không bao giờ chạy mã). Cách sửa: mở tệp, in ra PDF mới (Tệp → In → Lưu dạng PDF) — bản in "
            "chỉ giữ chữ và hình — rồi chạy lại lệnh với tệp mới."
        )
    return count


def _active_content(trailer: Any) -> set[str]:
    """What a PDF viewer could run or open: scripts, launch actions, attached files."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    todo: list[Any] = [trailer.get("/Root")]
    visited = 0
    while todo and visited < _MAX_OBJECTS:
        item = todo.pop()
        visited += 1
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in _ACTIVE:
                    found.add(_ACTIVE[name])
                if name == "/Parent":
                    continue
                if isinstance(value, NameObject) and value in _ACTIVE:
                    found.add(_ACTIVE[value])
                todo.append(value)
        elif isinstance(item, ArrayObject):
            todo.extend(item)
    if todo:  # not all looked at: what is left could hide a script
        found.add(f"hơn {_MAX_OBJECTS:,} đối tượng".replace(",", "."))
    return found


def _read_pages(path: Path, count: int) -> list[Line]:
    import pypdfium2 as pdfium

    from .ocr import ocr_pdf_pages

    text_pages: dict[int, list[Any]] = {}
    scanned: list[int] = []
    width = 0.0
    try:
        document = pdfium.PdfDocument(str(path))
        try:
            for index in range(len(document)):
                page = document[index]
                page_width, page_height = page.get_size()
                width = max(width, float(page_width))
                words = _page_words(page, float(page_height))
                if sum(len(word.text) for word in words) < _MIN_TEXT:
                    scanned.append(index + 1)
                else:
                    text_pages[index + 1] = page_rows(words, index + 1, float(page_height))
                page.close()
        finally:
            document.close()
    except pdfium.PdfiumError as error:
        raise UnreadableFile(f"{path}: không đọc được chữ trong tệp PDF ({error}); tệp bị hỏng. In ra PDF mới rồi chạy lại lệnh.") from None
    ocr_rows = ocr_pdf_pages(path, scanned) if scanned else {}
    pages = [text_pages.get(number) or ocr_rows.get(number, []) for number in range(1, count + 1)]
    return paragraphs(pages, width)


_WORD = re.compile(r"[^\s\x00-\x1f\ufffe\uffff]+")


@lru_cache(maxsize=256)
def _font(name: bytes) -> tuple[str, bool, bool]:
    """A font's name without its subset tag, and whether its face is bold, italic."""
    font = _SUBSET.sub("", name.decode("latin-1", "replace"))
    lowered = font.lower()
    return font, any(mark in lowered for mark in ("bold", "black", "heavy", "semibold", "demi")), "italic" in lowered or "oblique" in lowered


@lru_cache(maxsize=1)
def _text_functions() -> tuple[Any, Any, Any, Any]:
    """PDFium's per-character look-ups, called without ctypes' checks of each argument's type,
    which cost more than the look-up itself (4.2 µs a call with them, 1.4 µs without, measured on
    this project's CI machine). Every argument passed is a ctypes value or an int, as C expects."""
    import ctypes

    import pypdfium2.raw as raw

    def bare(function: Any, result: Any) -> Any:
        return ctypes.CFUNCTYPE(result)(ctypes.cast(function, ctypes.c_void_p).value)

    return (bare(raw.FPDFText_GetLooseCharBox, ctypes.c_int), bare(raw.FPDFText_GetTextObject, ctypes.c_void_p),
            bare(raw.FPDFText_GetFontInfo, ctypes.c_ulong), bare(raw.FPDFText_GetFontSize, ctypes.c_double))


def _page_words(page: Any, height: float) -> list[Word]:
    """The page's words (split at spaces and line ends), each with its box, font and size, from
    PDFium's text page: one look-up per word for its box, and for its font and size only where it
    starts a new text object (a run of text in one font: a line or a part of it)."""
    import ctypes

    import pypdfium2.raw as raw

    charbox, text_object, font_info, font_size = _text_functions()  # the font's height, not the glyph's: rows line up
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: read one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count))
        handle = ctypes.cast(textpage.raw, ctypes.c_void_p)
        buffer = ctypes.create_string_buffer(128)
        flags = ctypes.byref(ctypes.c_int())
        box, last = raw.FS_RECTF(), raw.FS_RECTF()
        box_ref, last_ref = ctypes.byref(box), ctypes.byref(last)
        words: list[Word] = []
        run = None
        font, bold, italic, size = "", False, False, 0.0
        for match in _WORD.finditer(text):
            start, end = match.span()
            charbox(handle, start, box_ref)
            left, bottom, right, top = box.left, box.bottom, box.right, box.top
            if end - 1 != start:
                charbox(handle, end - 1, last_ref)
                right = last.right
            if (current := text_object(handle, start)) != run or current is None:
                run = current
                font_info(handle, start, buffer, 128, flags)
                font, bold, italic = _font(buffer.value)
                size = font_size(handle, start)
            words.append(Word(match.group(0), left, right, height - top, height - bottom, size, bold, italic, font))
        return words
    finally:
        textpage.close()
