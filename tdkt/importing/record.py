"""From what was read to a data file in the house style of data/, with what the editor must do."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..base.text import slugify
from ..content.numbers import find_mentions
from .structure import Imported

if TYPE_CHECKING:  # the content model loads in the parent while the bounded child reads the file
    from ..content.catalog import Catalog

KINDS = {"de-cuong": "outline", "bao-cao": "report"}
_HEADINGS = {"de-cuong": "ĐỀ CƯƠNG", "bao-cao": "BÁO CÁO"}


@dataclass
class Suggestions:
    implements: list[str] = field(default_factory=list)  # document ids named in the summary
    sent_with: str | None = None  # named in "(Kèm theo …)"
    responds_to: str | None = None  # named in a report's introduction ("Theo đề nghị … tại Công văn …")
    unknown: list[str] = field(default_factory=list)  # numbers without a document record
    known: list[str] = field(default_factory=list)  # every resolved id, for the review
    follows: str | None = None  # a report: the outline whose sections it answers best
    follows_score: str = ""  # "19/26 mục"


def suggest(catalog: Catalog | None, imported: Imported) -> Suggestions:
    """Document numbers resolved with the rules the page links use."""
    found = Suggestions()

    def ids(text: str | None) -> list[str]:
        out = []
        for match in find_mentions(text or ""):
            number = match.group("number")
            record = catalog.document_by_number(number) if catalog else None
            if record is None:
                if number not in found.unknown:
                    found.unknown.append(number)
            else:
                out.append(record.id)
                if record.id not in found.known:
                    found.known.append(record.id)
        return out

    for document_id in ids(imported.summary):
        if document_id not in found.implements:
            found.implements.append(document_id)
    attached = ids(imported.attachment_note)
    found.sent_with = attached[0] if attached else None
    introduction = [i for text in imported.introduction for i in ids(text)]
    found.responds_to = introduction[0] if introduction else None
    for _, section in imported.walk():
        ids(section.title)
        for block in section.content:
            if isinstance(block, tuple):
                ids(block[1])
    return found


FOLLOWS_AT_LEAST = 0.5  # of the outline's sections answered


def suggest_outline(catalog: Catalog | None, imported: Imported, documents: list[str]) -> tuple[str | None, str]:
    """The outline a report answers best, by the coverage the report pages use; outlines of the
    same documents first (all outlines when the report names none)."""
    from ..connections.coverage import coverage

    if catalog is None:
        return None, ""
    blocks = _model_blocks(imported.sections)
    outlines = catalog.of_type_key("outline")
    related = [o for o in outlines if set(documents) & set(o.entry.implements)] or outlines
    best: tuple[float, str, str] | None = None
    for outline in related:
        total = len(outline.sections())
        answered = len(coverage(outline.entry.sections, blocks).answered)
        ratio = answered / total if total else 0.0
        if ratio >= FOLLOWS_AT_LEAST and (best is None or ratio > best[0]):
            best = (ratio, outline.id, f"{answered}/{total} mục")
    return (best[1], best[2]) if best else (None, "")


def _model_blocks(blocks: list[Any]) -> list[Any]:
    """The section tree as model objects, unvalidated: coverage needs titles, not clean text."""
    from ..model.sections import Bullet, Note, Paragraph
    from ..model.sections import Section as ModelSection
    from .structure import Section

    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Section):
            out.append(ModelSection.model_construct(label=block.label, title=block.title, anchor=None, content=_model_blocks(block.content)))
        elif block[0] == "bullet":
            out.append(Bullet.model_construct(bullet=block[1]))
        elif block[0] == "note":
            out.append(Note.model_construct(note=block[1]))
        else:
            out.append(Paragraph.model_construct(text=block[1]))
    return out


def new_document_command(number: str) -> str:
    return f".venv/bin/tdkt new van-ban {slugify(number.replace('/', '-')) or 'van-ban-moi'}"


def title_of(folder: str, imported: Imported) -> str:
    """A short page title, guessed from the heading and summary (the editor shortens it)."""
    summary = (imported.summary or "").rstrip(".")
    lead = "Đề cương báo cáo" if folder == "de-cuong" else "Báo cáo"
    if not summary:
        return ""
    summary = re.sub(r"^(Đề cương báo cáo|Đề cương|Báo cáo)\s+", "", summary, flags=re.IGNORECASE)
    text = f"{lead} {summary[:1].lower()}{summary[1:]}"
    return text if len(text) <= 160 else text[:159].rsplit(" ", 1)[0] + "…"


def build_record(folder: str, imported: Imported, suggestions: Suggestions, source: str, original: str) -> tuple[dict[str, Any], list[str]]:
    """The record as a dict in the model's field order, and the fields a person must fill."""
    to_fill: list[str] = []
    record: dict[str, Any] = {"title": title_of(folder, imported)}
    if not record["title"]:
        to_fill.append("title (tên trang)")
    record["heading"] = imported.heading or None
    record["summary"] = imported.summary
    record["attachment_note"] = imported.attachment_note
    if folder == "de-cuong":
        issuer = re.search(r"của ([^)]+?)\)?$", imported.attachment_note or "")
        record["issuer"] = issuer.group(1).strip() if issuer else None
        if not record["issuer"]:
            to_fill.append("issuer (cơ quan gửi đề cương), nếu văn bản gốc có nêu")
        record["sent_with"] = suggestions.sent_with
    else:
        record["number"] = imported.number
        record["date"] = imported.date
        record["issuer"] = " ".join(imported.agency[-1:]) or ""
        if not record["issuer"]:
            to_fill.append("issuer (cơ quan báo cáo): bắt buộc")
        record["responds_to"] = suggestions.responds_to
        record["follows"] = suggestions.follows
        if not suggestions.follows:
            to_fill.append("follows (mã đề cương mà báo cáo theo), nếu có")
    record["implements"] = suggestions.implements
    if folder == "bao-cao" and imported.introduction:
        record["introduction"] = imported.introduction
    record["sections"] = imported.section_data()
    if folder == "de-cuong" and imported.introduction:
        # An outline has no introduction field: what stands before its first section stays there, as text.
        record["sections"] = [{"text": text} for text in imported.introduction] + record["sections"]
    if folder == "bao-cao" and imported.footnotes:
        record["footnotes"] = [{"mark": mark, "text": text} for mark, text in imported.footnotes]
    closing: dict[str, Any] = {}
    if imported.closing_text:
        closing["text"] = imported.closing_text
    if imported.recipients:
        closing["recipients"] = imported.recipients
    if imported.signer:
        closing["signer"] = {key: imported.signer[key] for key in ("authority", "title", "note", "name") if key in imported.signer}
    if closing:
        record["closing"] = closing
    notes = [f"Nhập tự động từ tệp “{original}” bằng lệnh tdkt import."]
    if imported.ocr:
        notes.append("Chữ do máy nhận dạng (OCR) từ ảnh chụp hoặc bản quét, giữ nguyên như máy đọc: phải đọc lại với văn bản gốc.")
    if imported.repairs:
        notes.append(f"Sửa {len(imported.repairs)} số mục do máy nhận dạng đọc sai, theo thứ tự các mục: "
                     + "; ".join(repair.split(": ", 1)[1] for repair in imported.repairs) + ".")
    if imported.dropped_dots:
        notes.append(f"Bỏ {imported.dropped_dots} dòng chấm để điền của văn bản gốc.")
    if folder == "de-cuong" and imported.footnotes:
        notes.append("Chú thích cuối trang của văn bản gốc chưa được chép (đề cương không có trường chú thích).")
    # Nobody has read it against the original yet: check warns, the page says so, until an editor sets it.
    record["source"] = {"file": source, "checked": False, "notes": notes}
    for key in ("levels", "applies_to", "review", "locality", "period"):
        if folder == "de-cuong" or key in {"locality", "period"}:
            to_fill.append(f"{key} (không bắt buộc)")
    return record, to_fill


def to_yaml(folder: str, record: dict[str, Any], original: str) -> str:
    """The data file as editors write them: schema line, a comment, double-quoted strings."""
    lines = [
        f"# yaml-language-server: $schema=../../schemas/{folder}.schema.json",
        f"# Nhập từ {original} bằng tdkt import. Đọc lại từng mục, sửa tên trang, điền các trường còn trống.",
    ]
    for key, value in record.items():
        if value is None or value == [] or value == {}:
            continue
        lines += _emit(key, value, 0)
    return "\n".join(lines) + "\n"


# Plain words YAML 1.1 (PyYAML) or 1.2 reads as something else than text: booleans, null, numbers
# ("0x1f", "1e3", "0o17"), dates and times ("2024-1-5").
_NOT_TEXT = re.compile(
    r"(?:y|n|yes|no|on|off|true|false|null|~|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:e[-+]?[0-9]+)?"
    r"|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|[0-9_]+(?::[0-5]?[0-9])+)", re.IGNORECASE)
# In a double-quoted scalar, what JSON leaves raw but YAML refuses or reads as a line break, and
# what would hide the line's text (bidi controls): written as an escape.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and key == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", value) and not _NOT_TEXT.fullmatch(value):
        return value  # an id, written bare as in the hand-written files
    return _ESCAPE.sub(_escaped, json.dumps(value, ensure_ascii=False))  # a JSON string is a YAML double-quoted scalar


def _escaped(match: re.Match[str]) -> str:
    character = match.group(0)
    return "\\uFFFD" if "\ud800" <= character <= "\udfff" else f"\\u{ord(character):04X}"


def _emit(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        out = [f"{pad}{key}:"]
        for child_key, child in value.items():
            if child is not None and child != [] and child != {}:
                out += _emit(child_key, child, indent + 2)
        return out
    if isinstance(value, list):
        out = [f"{pad}{key}:"]
        for item in value:
            out += _item(item, indent + 2)
        return out
    return [f"{pad}{key}: {_scalar(value, key)}"]


def _item(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines: list[str] = []
        for index, (key, child) in enumerate(value.items()):
            emitted = _emit(key, child, indent + 2)
            if index == 0:
                emitted[0] = f"{pad}- {emitted[0].lstrip()}"
            lines += emitted
        return lines
    return [f"{pad}- {_scalar(value)}"]
