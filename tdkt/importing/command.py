"""`tdkt import <tệp> <loại> <mã>`: read a file, write data/<loại>/<mã>.yml, keep the original in
sources/, print a review in Vietnamese and the check result of the new file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from ..catalog import Catalog, load_catalog
from ..problems import format_problems
from .docx_reader import read_docx
from .host import Host, split_host
from .lines import Line, UnreadableFile
from .odt_reader import read_odt
from .ocr import read_image
from .pdf_reader import read_pdf
from .record import KINDS, build_record, new_document_command, suggest, suggest_outline, to_yaml
from .structure import Imported, read_structure
from .text_reader import read_text

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
READERS = {".docx": read_docx, ".odt": read_odt, ".txt": read_text, ".md": read_text, ".pdf": read_pdf,
           ".png": read_image, ".jpg": read_image, ".jpeg": read_image}
CONVERTED = {".doc", ".rtf"}


def read_lines(path: Path) -> list[Line]:
    suffix = path.suffix.lower()
    if suffix in READERS:
        return READERS[suffix](path)
    if suffix in CONVERTED:
        return _through_libreoffice(path)
    raise UnreadableFile(
        f"{path}: không đọc được loại tệp “{suffix or '(không có đuôi)'}”. Dùng .docx, .odt, .doc, .rtf, .pdf, .txt hoặc .md "
        "(văn bản UTF-8), hoặc ảnh chụp trang giấy .png, .jpg."
    )


def _through_libreoffice(path: Path) -> list[Line]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableFile(
            f"{path}: cần LibreOffice để đọc tệp {path.suffix} (cài: sudo apt-get install libreoffice-writer-nogui), "
            "hoặc mở tệp bằng Word và lưu lại dạng .docx rồi chạy lại lệnh."
        )
    with tempfile.TemporaryDirectory() as folder:
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "docx", "--outdir", folder, str(path)],
                check=True, capture_output=True, timeout=180,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise UnreadableFile(f"{path}: LibreOffice không mở được tệp (tệp hỏng hoặc không phải văn bản).") from None
        converted = Path(folder) / f"{path.stem}.docx"
        if not converted.is_file():
            raise UnreadableFile(f"{path}: LibreOffice không chuyển được tệp sang .docx (tệp hỏng hoặc không phải văn bản).")
        return read_docx(converted)


def run_import(file: Path, folder: str, record_id: str, root: Path) -> int:
    if folder not in KINDS:
        print(f"Loại “{folder}” không nhập được: dùng “de-cuong” (đề cương) hoặc “bao-cao” (báo cáo).", file=sys.stderr)
        return 2
    if not _ID.fullmatch(record_id):
        print(f"Mã “{record_id}” không hợp lệ: dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ “so-ket-chi-thi-34-lang-son”.", file=sys.stderr)
        return 2
    target = root / "data" / folder / f"{record_id}.yml"
    if target.exists() or target.with_suffix(".md").exists():
        print(f"{target}: tệp đã có, không ghi đè. Chọn mã khác hoặc xóa tệp cũ trước.", file=sys.stderr)
        return 2
    if not file.is_file():
        print(f"{file}: không tìm thấy tệp.", file=sys.stderr)
        return 2
    source_name = f"{record_id}{file.suffix.lower()}"
    source = root / "sources" / source_name
    if source.exists():
        print(f"{source}: tệp gốc cùng tên đã có, không ghi đè. Chọn mã khác.", file=sys.stderr)
        return 2
    try:
        lines = read_lines(file)
        host, lines = split_host(lines, str(file)) if folder == "de-cuong" else (None, lines)
        imported = read_structure(lines, str(file))
    except UnreadableFile as error:
        print(str(error), file=sys.stderr)
        print("Không ghi tệp nào.", file=sys.stderr)
        return 1
    if not imported.walk():
        print(f"{file}: không tìm thấy mục nào (I., 1., a), Phần thứ …) — có phải đề cương hay báo cáo không? Không ghi tệp nào.", file=sys.stderr)
        return 1
    catalog = load_catalog(root)
    known = catalog if isinstance(catalog, Catalog) else None
    suggestions = suggest(known, imported)
    if folder == "bao-cao":
        suggestions.follows, suggestions.follows_score = suggest_outline(known, imported, suggestions.known)
    host_file, host_text, host_note = _host_record(host, known, suggestions, root, f"sources/{source_name}", file.name)
    record, to_fill = build_record(folder, imported, suggestions, f"sources/{source_name}", file.name)
    text = to_yaml(folder, record, f"sources/{source_name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    source.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, source)
    target.write_text(text, encoding="utf-8")
    if host_file is not None and host_text is not None:
        host_file.parent.mkdir(parents=True, exist_ok=True)
        host_file.write_text(host_text, encoding="utf-8")
    print(review(file, target, imported, suggestions, to_fill, folder))
    if host_note:
        print(host_note)
    return _check(root, target)


def _host_record(host: Host | None, known: Catalog | None, suggestions, root: Path, source: str, original: str):  # type: ignore[no-untyped-def]
    """The plan or letter the outline came inside: linked when the portal has it, else offered as a
    new document record (data/van-ban/<mã>.yml) with what its header block says."""
    if host is None:
        return None, None, ""
    found = host.imported
    what = f"{host.type or 'văn bản'}{' số ' + found.number if found.number else ''}"
    existing = known.document_by_number(found.number) if known and found.number else None
    if existing is not None:
        suggestions.sent_with = suggestions.sent_with or existing.id
        return None, None, f"Đề cương nằm trong {what} (đã có trên cổng: {existing.id}); ghi sent_with: {existing.id}."
    record_id = host.record_id()
    if record_id is None:
        return None, None, (f"Đề cương nằm trong một {what} (phần trước “ĐỀ CƯƠNG”/“Phụ lục”, {len(host.lines)} đoạn, không nhập); "
                            "không đọc được loại và số văn bản ở phần đầu để tạo hồ sơ văn bản — thêm bằng tdkt new van-ban nếu cần.")
    path = root / "data" / "van-ban" / f"{record_id}.yml"
    if path.exists() or path.with_suffix(".md").exists():
        return None, None, f"Đề cương nằm trong {what}; {path} đã có, không ghi đè (ghi sent_with bằng tay nếu đúng văn bản đó)."
    suggestions.sent_with = record_id
    text = to_yaml("van-ban", {k: v for k, v in host.record(source, original).items() if v}, source)
    fields = ", ".join(name for name, value in (("số", found.number), ("cơ quan", host.issuer), ("ngày", found.date), ("trích yếu", found.summary or host.subject)) if value)
    return path, text, (f"Đề cương nằm trong {what}: phần đầu văn bản ({fields}) ghi thành {path.relative_to(root).as_posix()}, "
                        f"liên kết bằng sent_with: {record_id}. Xem lại hồ sơ văn bản đó (chỉ có điều tệp ghi).")


def review(file: Path, target: Path, imported: Imported, suggestions, to_fill: list[str], folder: str) -> str:  # type: ignore[no-untyped-def]
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
    return "\n".join(out)


def _check(root: Path, target: Path) -> int:
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
