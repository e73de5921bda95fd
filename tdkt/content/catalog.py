"""Load every content file under data/ into one validated, cross-referenced catalog."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .tracking import question_asked
from ..base.digest import digest
from .content_file import SUFFIXES, parse_content_file
from .content_types import BY_FOLDER, CONTENT_TYPES, ContentType
from .pictures import attach_pictures
from ..model.common import Entry
from ..model.references import Reference
from .mentions import number_key, record_mentions
from ..base.problems import Location, Problem, relative
from .record_cache import CachedRecord, RecordCache
from .repeats import find_repeats
from .records import Citation, Link, Record
from ..base.text import sort_key
from .validation import validate

_ID_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Catalog:
    records: dict[str, Record] = field(default_factory=dict)  # by key "folder/id"
    links: list[Link] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # What an editor should see but that does not stop publishing (e.g. a record not yet read
    # against its original): `tdkt check` prints them, the build does not fail on them.
    warnings: list[Problem] = field(default_factory=list)
    _index: tuple[int, dict[str, list[Link]], dict[str, list[Link]]] | None = field(default=None, repr=False)
    _numbers: dict[tuple[str, ...], Record] | None = field(default=None, repr=False)
    _cited: tuple[int, dict[str, list[Citation]]] | None = field(default=None, repr=False)

    def of_type(self, content_type: ContentType) -> list[Record]:
        question_asked(("of_type_key", content_type.key))
        found = [record for record in self.records.values() if record.type is content_type]
        return sorted(found, key=lambda record: sort_key(record.title))

    def of_type_key(self, key: str) -> list[Record]:
        question_asked(("of_type_key", key))
        return [record for record in self.records.values() if record.type.key == key]

    def get(self, folder: str, record_id: str) -> Record | None:
        question_asked(("get", f"{folder}/{record_id}"))
        return self.records.get(f"{folder}/{record_id}")

    def document_by_number(self, number: str) -> Record | None:
        """The document carrying a number, in any of its spellings ("34-CT/TW", "34/ct-tw")."""
        question_asked(("document_by_number", number))
        if self._numbers is None:
            self._numbers = {
                number_key(r.entry.number): r for r in self.records.values() if r.type.key == "document" and r.entry.number
            }
        return self._numbers.get(number_key(number))

    def citations_of(self, record: Record) -> list[Citation]:
        question_asked(("citations_of", record.key))
        return self._citations_by_target().get(record.key, [])

    def _citations_by_target(self) -> dict[str, list[Citation]]:
        """Citations grouped by the document cited, built once like the link index."""
        if self._cited is None or self._cited[0] != len(self.citations):
            grouped: dict[str, list[Citation]] = {}
            for citation in self.citations:
                grouped.setdefault(citation.target.key, []).append(citation)
            self._cited = (len(self.citations), grouped)
        return self._cited[1]

    def links_from(self, record: Record) -> list[Link]:
        question_asked(("links_from", record.key))
        return self._by_end()[0].get(record.key, [])

    def links_to(self, record: Record) -> list[Link]:
        question_asked(("links_to", record.key))
        return self._by_end()[1].get(record.key, [])

    def _by_end(self) -> tuple[dict[str, list[Link]], dict[str, list[Link]]]:
        """Links grouped by origin and by target, built once: pages ask for them many times."""
        if self._index is None or self._index[0] != len(self.links):
            origins: dict[str, list[Link]] = {}
            targets: dict[str, list[Link]] = {}
            for link in self.links:
                origins.setdefault(link.origin.key, []).append(link)
                targets.setdefault(link.target.key, []).append(link)
            self._index = (len(self.links), origins, targets)
        return self._index[1], self._index[2]


def load_catalog(root: Path, data_dir: str = "data", cache_dir: Path | None = None) -> Catalog | list[Problem]:
    """Read, validate and cross-check all content; every problem at once, or the catalog.

    With a cache_dir, unchanged files are taken from what an earlier run made of them."""
    cache = RecordCache.open(cache_dir)
    catalog = read_catalog(root, cache, data_dir)
    cache.save()
    return catalog


def read_catalog(root: Path, cache: RecordCache, data_dir: str = "data") -> Catalog | list[Problem]:
    """load_catalog with a cache the caller opens, and saves when it has time to."""
    problems: list[Problem] = []
    catalog = Catalog()
    base = root / data_dir
    if not base.is_dir():
        return [Problem(Location(data_dir), "Không tìm thấy thư mục nội dung.", "Chạy lệnh trong thư mục gốc của dự án.")]
    invalid: set[str] = set()  # keys of files with their own problems: not "missing" for others
    files, folders = _content_files(base)
    for key, paths in files.items():
        if len(paths) > 1:
            problems.append(_two_files(root, paths))
            invalid.add(key)
            continue
        loaded = _load_file(root, base, paths[0], cache)
        if isinstance(loaded, list):
            problems += loaded
            invalid.add(key)
        else:
            problems += _add(catalog, loaded)
    problems += attach_pictures(catalog.records, folders, root, invalid, cache)
    problems += _check_identities(catalog)
    problems += find_repeats(catalog.records.values())
    problems += _resolve_links(catalog, invalid)
    # While a document file is itself invalid, its number is unknown: report that file only.
    problems += _resolve_citations(catalog, report_unknown=not any(key.startswith("van-ban/") for key in invalid))
    catalog.warnings += _not_checked(catalog)
    return problems or catalog


def _not_checked(catalog: Catalog) -> list[Problem]:
    """Records transcribed (or imported) but not yet read against their original by a person."""
    from ..model.common import SourceFile

    return [
        Problem(
            record.source.locate(("source", "checked")),
            f"Chưa đối chiếu với văn bản gốc {record.entry.source.file}: trang ghi rõ “chưa đối chiếu”.",
            "Đọc lại từng mục so với văn bản gốc, sửa chỗ sai, rồi ghi “checked: true” trong phần source.",
        )
        for record in catalog.records.values()
        if isinstance(getattr(record.entry, "source", None), SourceFile) and not record.entry.source.checked
    ]


def _content_files(base: Path) -> tuple[dict[str, list[Path]], dict[str, list[Path]]]:
    """Content files by record key ("mo-hinh/x": a .yml and a .md of one id are both listed), and
    the files in records' picture folders (data/<folder>/<id>/…) by the key of their record."""
    files: dict[str, list[Path]] = {}
    folders: dict[str, list[Path]] = {}
    for path in _walk(base):
        parts = path.relative_to(base).parts
        if len(parts) > 2 and parts[0] in BY_FOLDER:
            folders.setdefault(f"{parts[0]}/{parts[1]}", []).append(path)
        else:
            files.setdefault(f"{parts[0]}/{path.stem}" if len(parts) > 1 else path.name, []).append(path)
    return files, folders


def _walk(base: Path) -> list[Path]:
    """Every file under base, in the order of their sorted paths (os.walk knows files from folders
    without asking the disk about each, unlike Path.rglob and is_file)."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(base):
        subfolders.sort()
        found += [Path(folder, name) for name in names]
    return sorted(found)


def _two_files(root: Path, paths: list[Path]) -> Problem:
    names = " và ".join(relative(path, root) for path in paths)
    return Problem(
        Location(relative(paths[-1], root)),
        f"Một hồ sơ có hai tệp: {names}.",
        "Mỗi hồ sơ một tệp: giữ tệp .md (có phần bài) hoặc tệp .yml, xóa tệp kia.",
    )


def _load_file(root: Path, base: Path, path: Path, cache: RecordCache) -> Record | list[Problem]:
    rel = relative(path, root)
    parts = path.relative_to(base).parts
    content_type = BY_FOLDER.get(parts[0]) if len(parts) > 1 else None
    if content_type is None:
        folders = ", ".join(f"data/{t.folder}/" for t in CONTENT_TYPES)
        return [Problem(Location(rel), "Tệp nằm ngoài các thư mục nội dung.", f"Đặt tệp vào một trong: {folders}")]
    if path.suffix not in SUFFIXES:
        return [
            Problem(
                Location(rel),
                "Chỉ nhận tệp YAML (.yml) hoặc Markdown có phần đầu YAML (.md).",
                f"Đổi phần mở rộng thành .yml hoặc .md; ảnh đặt trong thư mục data/{content_type.folder}/<mã>/ cạnh tệp .md.",
            )
        ]
    if not _ID_SHAPE.match(path.stem):
        return [
            Problem(
                Location(rel),
                f"Tên tệp “{path.name}” không dùng được làm địa chỉ trang.",
                "Đặt tên bằng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ “chi-thi-34-ct-tw-2014.yml”.",
            )
        ]
    signature = _file_signature(path)
    if (seen := _seen.get(path)) is not None and seen[0] == signature and seen[1].type is content_type:
        cache.keep(rel)
        return seen[1]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return [Problem(Location(rel, line), "Tệp không phải mã UTF-8.", "Lưu lại tệp với bảng mã UTF-8 (Unicode).")]
    text_digest = digest(text)
    if (cached := cache.get(rel, text)) is not None:
        record = Record(content_type, path.stem, cached.entry, rel, cached.source, cached.mentions, cached.body, {}, text_digest)
        _seen[path] = (signature, record)
        return record
    parsed = parse_content_file(text, rel, content_type)
    if isinstance(parsed, list):
        return parsed
    entry = validate(content_type.model, parsed.data, parsed.source, content_type.body if parsed.body else None)
    if isinstance(entry, list) or parsed.problems:
        return list(parsed.problems) + (entry if isinstance(entry, list) else [])
    mentions = tuple(record_mentions(entry))
    cache.put(rel, text, CachedRecord(entry, parsed.source, mentions, parsed.body))
    record = Record(content_type, path.stem, entry, rel, parsed.source, mentions, parsed.body, {}, text_digest)
    _seen[path] = (signature, record)
    return record


# A process that reads the content again (the content process kept while serving) takes the
# record of a file unchanged since (same size and modification time) without reading it.
_seen: dict[Path, tuple[tuple[int, int], Record]] = {}


def _file_signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def _add(catalog: Catalog, record: Record) -> list[Problem]:
    reserved = {"index"} | {facet.slug for facet in record.type.facets}
    if record.id in reserved or record.id.startswith("so-sanh"):
        return [
            Problem(
                Location(record.path),
                f"Tên tệp “{record.id}” trùng với một trang danh sách do cổng tự tạo.",
                "Đặt tên khác cho tệp, ví dụ thêm tên địa phương hoặc năm.",
            )
        ]
    if (existing := catalog.records.get(record.key)) is not None:
        return [
            Problem(
                Location(record.path),
                f"Trùng mã “{record.id}” với tệp {existing.path}.",
                "Mỗi hồ sơ cần một tên tệp riêng: đổi tên một trong hai tệp.",
            )
        ]
    catalog.records[record.key] = record
    return []


def _check_identities(catalog: Catalog) -> list[Problem]:
    """Two files describing the same document (same number, issuer and date) are one too many."""
    seen: dict[Any, Record] = {}
    problems = []
    for record in catalog.records.values():
        identity = getattr(record.entry, "identity", None)
        if not identity or not identity[0]:
            continue
        if (other := seen.get((record.type.key, identity))) is not None:
            problems.append(
                Problem(
                    record.source.locate(("number",)),
                    f"Văn bản trùng với {other.path} (cùng số, cơ quan ban hành và ngày).",
                    "Giữ một tệp cho mỗi văn bản; xóa tệp thừa.",
                )
            )
        else:
            seen[(record.type.key, identity)] = record
    return problems


def _resolve_links(catalog: Catalog, invalid: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for record in list(catalog.records.values()):
        for reference in record.entry.references():
            if f"{reference.folder}/{reference.id}" in invalid:
                continue
            problem = _check_reference(catalog, record, reference)
            if problem:
                problems.append(problem)
    return problems


def _resolve_citations(catalog: Catalog, report_unknown: bool) -> list[Problem]:
    """Numbers named in text must be documents of the catalog, so that every mention can be a link."""
    problems = []
    for record in list(catalog.records.values()):
        for mention in record.mentions:
            target = catalog.document_by_number(mention.number)
            if target is None and report_unknown:
                problems.append(
                    Problem(
                        record.source.locate(mention.path),
                        f"Văn bản số “{mention.number}” được nhắc đến nhưng chưa có trong data/van-ban/.",
                        "Thêm tệp văn bản đó (tdkt new van-ban <mã>) với các thông tin nguồn nêu, hoặc sửa số cho đúng.",
                    )
                )
            elif target is not None:
                catalog.citations.append(Citation(record, target, mention))
    return problems


def _check_reference(catalog: Catalog, record: Record, reference: Reference) -> Problem | None:
    location = record.source.locate(reference.path)
    if reference.folder not in BY_FOLDER:
        folders = ", ".join(t.folder for t in CONTENT_TYPES)
        return Problem(location, f"Loại nội dung “{reference.folder}” không tồn tại.", f"Dùng một trong: {folders}.")
    target = catalog.get(reference.folder, reference.id)
    if target is None:
        return Problem(
            location,
            f"Không tìm thấy “{reference.id}” trong data/{reference.folder}/.",
            f"Kiểm tra chính tả, hoặc thêm tệp data/{reference.folder}/{reference.id}.yml.",
        )
    if reference.section and target.find_section(reference.section) is None:
        return Problem(
            record.source.locate(reference.path[:-1] + ("section",)),
            f"Không có mục “{reference.section}” trong {target.path}.",
            "Ghi số các cấp mục cách nhau bởi “>”, ví dụ “II > 2 > b”.",
        )
    catalog.links.append(Link(record, target, reference))
    return None


__all__ = ["Catalog", "Entry", "Link", "Record", "load_catalog"]
