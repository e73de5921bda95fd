"""Read a PDF: the text layer's words with their font, size and position (pdfplumber), as
paragraphs; a page without text (a scan) goes through OCR. Checked first with pypdf: refused when
it needs a password, holds JavaScript or attached files (the original is published with the
record), or has more pages than an outline or report would."""

from __future__ import annotations

import re
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
    return found


def _read_pages(path: Path, count: int) -> list[Line]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from .ocr import ocr_pdf_pages

    text_pages: dict[int, list[Any]] = {}
    width = 0.0
    scanned: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(pdf.pages):
                words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
                width = max(width, float(page.width))
                if sum(len(word["text"]) for word in words) < _MIN_TEXT:
                    scanned.append(index + 1)
                    continue
                text_pages[index + 1] = page_rows([_word(word) for word in words], index + 1, float(page.height))
                page.flush_cache()
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, AssertionError) as error:
        raise UnreadableFile(f"{path}: không đọc được chữ trong tệp PDF ({type(error).__name__}); tệp bị hỏng. In ra PDF mới rồi chạy lại lệnh.") from None
    ocr_rows = ocr_pdf_pages(path, scanned) if scanned else {}
    pages = [text_pages.get(number) or ocr_rows.get(number, []) for number in range(1, count + 1)]
    return paragraphs(pages, width)


def _word(word: dict[str, Any]) -> Word:
    font = _SUBSET.sub("", str(word.get("fontname", "")))
    lowered = font.lower()
    return Word(
        text=word["text"], x0=float(word["x0"]), x1=float(word["x1"]), top=float(word["top"]), bottom=float(word["bottom"]),
        size=float(word.get("size") or 0.0), bold=any(mark in lowered for mark in ("bold", "black", "heavy", "semibold", "demi")),
        italic="italic" in lowered or "oblique" in lowered, font=font,
    )
