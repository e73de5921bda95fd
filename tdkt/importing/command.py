"""`tdkt import <tệp> <loại> <mã>`: read a file, write data/<loại>/<mã>.yml, keep the original in
sources/, print a review in Vietnamese and the check result of the new file."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the parent needs before it forks the reader: the content model (half a second of
# imports) loads while the child reads, and each reader loads in the child that uses it.
from .characters import sanitize, visible
from .host import Host, split_host
from .libreoffice import CONVERSION_TIMEOUT, read_converted
from .lines import Line, UnreadableFile
from .record import KINDS, build_record, new_document_command, suggest, suggest_outline, to_yaml
from .safety import unsafe_component, write_new
from .sandbox import Limits, start_bounded
from .structure import Imported, read_structure

if TYPE_CHECKING:
    from ..content.catalog import Catalog

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Suffix → (module of this package, its reader).
READERS = {".docx": ("docx_reader", "read_docx"), ".odt": ("odt_reader", "read_odt"), ".txt": ("text_reader", "read_text"),
           ".md": ("text_reader", "read_text"), ".pdf": ("pdf_reader", "read_pdf"),
           ".png": ("ocr", "read_image"), ".jpg": ("ocr", "read_image"), ".jpeg": ("ocr", "read_image")}
CONVERTED = {".doc", ".rtf"}


def read_lines(path: Path) -> list[Line]:
    suffix = path.suffix.lower()
    if suffix in READERS:
        module, name = READERS[suffix]
        reader = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return reader(path)  # type: ignore[no-any-return]
    if suffix in CONVERTED:
        return read_converted(path)
    raise UnreadableFile(
        f"{path}: không đọc được loại tệp “{suffix or '(không có đuôi)'}”. Dùng .docx, .odt, .doc, .rtf, .pdf, .txt hoặc .md "
        "(văn bản UTF-8), hoặc ảnh chụp trang giấy .png, .jpg."
    )


def run_import(file: Path, folder: str, record_id: str, root: Path) -> int:
    if folder not in KINDS:
        print(f"Loại “{folder}” không nhập được: dùng “de-cuong” (đề cương) hoặc “bao-cao” (báo cáo).", file=sys.stderr)
        return 2
    if not _ID.fullmatch(record_id):
        print(f"Mã “{record_id}” không hợp lệ: dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ “so-ket-chi-thi-34-lang-son”.", file=sys.stderr)
        return 2
    target = root / "data" / folder / f"{record_id}.yml"
    source_name = f"{record_id}{file.suffix.lower()}"
    source = root / "sources" / source_name
    if (link := unsafe_component(root, source) or unsafe_component(root, target)) is not None:
        print(f"{visible(str(link))}: là liên kết tượng trưng (symlink) hoặc không phải thư mục — lệnh không ghi qua liên kết, để không ghi ra "
              "ngoài kho. Xóa liên kết rồi chạy lại. Không ghi tệp nào.", file=sys.stderr)
        return 2
    if os.path.lexists(target) or os.path.lexists(target.with_suffix(".md")):
        print(f"{visible(str(target))}: tệp đã có, không ghi đè. Chọn mã khác hoặc xóa tệp cũ trước.", file=sys.stderr)
        return 2
    if not file.is_file():
        print(f"{visible(str(file))}: không tìm thấy tệp.", file=sys.stderr)
        return 2
    if os.path.lexists(source):
        print(f"{visible(str(source))}: tệp gốc cùng tên đã có, không ghi đè. Chọn mã khác.", file=sys.stderr)
        return 2
    with start_bounded(_read, file, folder, source=str(file), limits=_limits(file)) as reading:
        from ..content.catalog import Catalog, load_catalog  # while the child reads

        catalog = load_catalog(root)
        try:
            notices, host, imported = reading.result()
        except UnreadableFile as error:
            print(visible(str(error)), file=sys.stderr)
            print("Không ghi tệp nào.", file=sys.stderr)
            return 1
    if not imported.walk():
        print(f"{file}: không tìm thấy mục nào (I., 1., a), Phần thứ …) — có phải đề cương hay báo cáo không? Không ghi tệp nào.", file=sys.stderr)
        return 1
    known = catalog if isinstance(catalog, Catalog) else None
    suggestions = suggest(known, imported)
    if folder == "bao-cao":
        suggestions.follows, suggestions.follows_score = suggest_outline(known, imported, suggestions.known)
    host_file, host_text, host_record, host_note = _host_record(host, known, suggestions, root, f"sources/{source_name}", file.name)
    record, to_fill = build_record(folder, imported, suggestions, f"sources/{source_name}", file.name)
    text = to_yaml(folder, record, f"sources/{source_name}")
    relative = target.relative_to(root).as_posix()
    written = [(target, text, record, relative)]
    if host_file is not None and host_text is not None:
        written.append((host_file, host_text, host_record, host_file.relative_to(root).as_posix()))
    for _, data_text, data, name in written:
        if (problem := reads_back(data_text, data, name)) is not None:
            print(f"{visible(str(file))}: tệp dữ liệu viết ra sẽ không đọc lại được như đã đọc ({visible(problem)}) — đây là lỗi của chương "
                  "trình, xin báo kèm tệp. Không ghi tệp nào.", file=sys.stderr)
            return 1
    if host_file is not None and (link := unsafe_component(root, host_file)) is not None:
        print(f"{visible(str(link))}: là liên kết tượng trưng (symlink) hoặc không phải thư mục — lệnh không ghi qua liên kết. "
              "Xóa liên kết rồi chạy lại. Không ghi tệp nào.", file=sys.stderr)
        return 2
    made: list[Path] = []
    try:
        write_new(root, source, file.read_bytes())
        made.append(source)
        for path, data_text, _, _ in written:
            write_new(root, path, data_text.encode("utf-8"))
            made.append(path)
    except OSError as error:
        for path in made:  # all or nothing: an import half written cannot be run again
            path.unlink()
        print(f"{visible(str(error.filename or error))}: không ghi được ({error.strerror or 'tệp đã có hoặc là liên kết tượng trưng'}). "
              "Không ghi tệp nào.", file=sys.stderr)
        return 2
    print(review(file, target, imported, suggestions, to_fill, folder, notices))
    if host_note:
        print(visible(host_note))
    return _check(root, target)


def _host_record(host: Host | None, known: Catalog | None, suggestions, root: Path, source: str, original: str):  # type: ignore[no-untyped-def]
    """The plan or letter the outline came inside: linked when the portal has it, else offered as a
    new document record (data/van-ban/<mã>.yml) with what its header block says."""
    if host is None:
        return None, None, None, ""
    found = host.imported
    what = f"{host.type or 'văn bản'}{' số ' + found.number if found.number else ''}"
    existing = known.document_by_number(found.number) if known and found.number else None
    if existing is not None:
        suggestions.sent_with = suggestions.sent_with or existing.id
        return None, None, None, f"Đề cương nằm trong {what} (đã có trên cổng: {existing.id}); ghi sent_with: {existing.id}."
    record_id = host.record_id()
    if record_id is None:
        return None, None, None, (f"Đề cương nằm trong một {what} (phần trước “ĐỀ CƯƠNG”/“Phụ lục”, {len(host.lines)} đoạn, không nhập); "
                            "không đọc được loại và số văn bản ở phần đầu để tạo hồ sơ văn bản — thêm bằng tdkt new van-ban nếu cần.")
    path = root / "data" / "van-ban" / f"{record_id}.yml"
    if path.exists() or path.with_suffix(".md").exists():
        return None, None, None, f"Đề cương nằm trong {what}; {path} đã có, không ghi đè (ghi sent_with bằng tay nếu đúng văn bản đó)."
    suggestions.sent_with = record_id
    record = {k: v for k, v in host.record(source, original).items() if v}
    text = to_yaml("van-ban", record, source)
    fields = ", ".join(name for name, value in (("số", found.number), ("cơ quan", host.issuer), ("ngày", found.date), ("trích yếu", found.summary or host.subject)) if value)
    return path, text, record, (f"Đề cương nằm trong {what}: phần đầu văn bản ({fields}) ghi thành {path.relative_to(root).as_posix()}, "
                        f"liên kết bằng sent_with: {record_id}. Xem lại hồ sơ văn bản đó (chỉ có điều tệp ghi).")


def _read(file: Path, folder: str) -> tuple[list[str], Host | None, Imported]:
    """What the bounded child does: read the file, drop the characters a data file cannot hold,
    find the outline inside the letter or plan it came in, build the tree. Nothing here writes."""
    lines = sanitize(read_lines(file))
    host, body = split_host(list(lines), str(file)) if folder == "de-cuong" else (None, list(lines))
    return lines.notices, host, read_structure(body, str(file))


# Seconds a kind of file may wait on a program of its own, on top of Limits.wall (LibreOffice's own
# time-out comes first, so that its message is the one shown).
# Scans and photos wait on Tesseract: 60 pages at a few seconds each on a busy machine.
WAITS = {".doc": CONVERSION_TIMEOUT, ".rtf": CONVERSION_TIMEOUT, ".pdf": 600, ".png": 120, ".jpg": 120, ".jpeg": 120}


def _limits(file: Path) -> Limits:
    """The bounds of one import; TDKT_IMPORT_MEMORY_MB lowers the memory a machine allows (never raises it)."""
    memory = Limits.memory
    if (value := os.environ.get("TDKT_IMPORT_MEMORY_MB", "")).isdigit() and 0 < int(value) * 1024 * 1024 < memory:
        memory = int(value) * 1024 * 1024
    return Limits(memory=memory, wall=Limits.wall + WAITS.get(file.suffix.lower(), 0))


def reads_back(text: str, record: dict, file: str) -> str | None:  # type: ignore[type-arg]
    """None when text reads back, through the loader `tdkt check` uses, as the record written."""
    from ..content.yamlsource import load_yaml

    loaded = load_yaml(text, file)
    if isinstance(loaded, list):
        return str(loaded[0])
    if loaded.data != _written(record):
        return "nội dung đọc lại khác nội dung đã đọc"
    return None


def _written(value):  # type: ignore[no-untyped-def]
    """The record as to_yaml writes it: empty values are left out."""
    if isinstance(value, dict):
        return {key: _written(child) for key, child in value.items() if child is not None and child != [] and child != {}}
    if isinstance(value, list):
        return [_written(child) for child in value]
    return value


def review(file: Path, target: Path, imported: Imported, suggestions, to_fill: list[str], folder: str, notices: list[str] = ()) -> str:  # type: ignore[no-untyped-def]
    walk = imported.walk()
    per_level = Counter(depth for depth, _ in walk)
    blocks = Counter(block[0] for _, section in walk for block in section.content if isinstance(block, tuple))
    blocks.update(block[0] for block in imported.sections if isinstance(block, tuple))
    out = [
        f"Đã đọc {file.name} → {target}",
        "Các mục: " + ", ".join(f"cấp {level}: {count}" for level, count in sorted(per_level.items()))
        + (f" (số mục do Word/LibreOffice tự đánh: {imported.numbered_by_word})" if imported.numbered_by_word else ""),
        f"Nội dung trong mục: {blocks.get('text', 0)} đoạn văn, {blocks.get('bullet', 0)} gạch đầu dòng, {blocks.get('note', 0)} lưu ý"
        + (f"; bỏ {imported.dropped_dots} dòng chấm để điền" if imported.dropped_dots else ""),
        "Phần đầu: " + "; ".join(
            f"{name}: {'có' if value else 'không thấy'}"
            for name, value in (("tên loại", imported.heading), ("trích yếu", imported.summary), ("kèm theo", imported.attachment_note))
        ),
    ]
    if imported.closing_text or imported.recipients or imported.signer:
        out.append(f"Phần cuối: {len(imported.closing_text)} câu kết, {len(imported.recipients)} nơi nhận, người ký: "
                   + (", ".join(imported.signer.values()) or "không thấy"))
    if imported.ocr:
        out.append("Đọc bằng nhận dạng chữ (OCR) từ ảnh chụp hoặc bản quét: chữ giữ nguyên như máy đọc, không tự sửa — "
                   "phải đọc lại từng mục so với văn bản gốc.")
    if imported.repairs:
        out.append(f"Số mục do máy đọc sai, đã sửa theo thứ tự các mục ({len(imported.repairs)}, cần xem lại):")
        out += [f"  - {item}" for item in imported.repairs]
    if imported.guessed:
        out.append("Đoán theo kiểu chữ (cần xem lại):")
        out += [f"  - {item}" for item in imported.guessed]
    unplaced = [f"dòng/đoạn {number}: {text}" for number, text in imported.unplaced]
    if folder == "de-cuong":
        unplaced = [f"trước mục đầu tiên: {text[:70]}" for text in imported.introduction] + unplaced
    if unplaced:
        out.append("Không xếp được vào mục nào, đã giữ làm đoạn văn tại chỗ:")
        out += [f"  - {item}" for item in unplaced]
    if suggestions.known:
        out.append("Văn bản đã có trên cổng được nhắc đến: " + ", ".join(suggestions.known)
                   + (f" (implements: {', '.join(suggestions.implements)})" if suggestions.implements else "")
                   + (f" (sent_with: {suggestions.sent_with})" if suggestions.sent_with else ""))
    if suggestions.follows:
        out.append(f"Báo cáo trả lời {suggestions.follows_score} của đề cương {suggestions.follows}: ghi là follows (xem lại).")
    if imported.recipient:
        out.append(f"Kính gửi: {imported.recipient} (không có trường riêng; dùng để chọn responds_to/issuer nếu cần).")
    if suggestions.unknown:
        out.append("Số văn bản chưa có trên cổng (thêm hồ sơ văn bản để liên kết):")
        out += [f"  - {number}: {new_document_command(number)}" for number in suggestions.unknown]
    out.append("Cần người điền hoặc xem lại: " + "; ".join(to_fill + ["title (tên trang, đã đoán từ trích yếu)"]))
    out.append("Chưa đối chiếu: tệp ghi “checked: false” (phần source); tdkt check cảnh báo và trang ghi “Chưa đối chiếu với "
               "văn bản gốc” cho đến khi người biên tập đọc lại từng mục so với văn bản gốc và ghi “checked: true”.")
    if notices:
        out.append("Đọc khác với tệp gốc hoặc cần đối chiếu:")
        out += [f"  - {notice}" for notice in notices]
    # What came from the file is printed as text: an escape sequence or a bidi override in it would
    # otherwise move the cursor, recolour or reorder the terminal's lines and hide what was read.
    return "\n".join(visible(line) for line in out)


def _check(root: Path, target: Path) -> int:
    from ..base.problems import format_problems
    from ..content.catalog import Catalog, load_catalog

    result = load_catalog(root)
    relative = target.relative_to(root).as_posix()
    if isinstance(result, Catalog):
        print(f"Kiểm tra (tdkt check): tệp mới hợp lệ; toàn bộ nội dung: {len(result.records)} hồ sơ.")
        return 0
    mine = [problem for problem in result if relative in str(problem)]
    others = len(result) - len(mine)
    print("Kiểm tra (tdkt check): cần sửa trước khi đưa lên:")
    print(format_problems(mine or result))
    if mine and others:
        print(f"(và {others} lỗi ở các tệp khác)")
    return 0
