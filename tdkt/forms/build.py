"""Generate every downloadable template of every outline, cached by content, plus one bundle.

A template is regenerated only when its outline or the template code changed: the cache key is a
hash of both. Misses are written in parallel when there are many (a cold build of many outlines).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..base.digest import digest, files_digest
from ..model.outline import Outline
from .archive import build_zip
from .plan import VARIANTS, FormPlan, plan_form

FORMS_URL = "mau"
BUNDLE = f"{FORMS_URL}/mau-bao-cao-tat-ca.zip"


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    icon: str
    writer: str  # "module:function" in this package

    def write(self, plan: FormPlan) -> bytes:
        # Imported on first use: python-docx, lxml and odfpy load only when a template is
        # actually made, not on every build that finds them all in the cache.
        module, function = self.writer.split(":")
        write: Callable[[FormPlan], bytes] = getattr(importlib.import_module(f"{__package__}.{module}"), function)
        return write(plan)


FORMATS: tuple[Format, ...] = (
    Format("docx", "Word (.docx)", "material-file-word-box", "docx_writer:write_docx"),
    Format("odt", "LibreOffice (.odt)", "material-file-document-outline", "odt_writer:write_odt"),
    Format("md", "Markdown (.md)", "material-language-markdown-outline", "markdown_writer:write_markdown"),
)
_PARALLEL_FROM = 24  # misses; below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class FormFile:
    outline_id: str
    variant: str
    format: Format
    content: bytes
    key: str  # the cache key: a hash of the outline and the template code, hence of the content

    @property
    def uri(self) -> str:
        return form_uri(self.outline_id, self.variant, self.format)


def form_uri(outline_id: str, variant: str, fmt: Format) -> str:
    """Where a template is published on the site."""
    return f"{FORMS_URL}/{outline_id}/{outline_id}-{variant}.{fmt.extension}"


@dataclass(frozen=True)
class _Job:
    outline_id: str
    outline: Outline
    variant: str
    extension: str
    key: str


# A process that builds again (the content process kept while serving) reuses the templates of
# outlines whose model instance it made them from: unchanged files keep their instances.
_made: dict[str, tuple[Outline, list[FormFile]]] = {}
_bundled: tuple[tuple[str, ...], bytes] | None = None


def build_forms(outlines: dict[str, Outline], cache_dir: Path | None) -> dict[str, list[FormFile]]:
    """All templates by outline id, in a stable order: variant, then format."""
    known = {outline_id: _made[outline_id][1] for outline_id, outline in outlines.items() if _made.get(outline_id, (None,))[0] is outline}
    fresh = _build_forms({i: o for i, o in outlines.items() if i not in known}, cache_dir)
    for outline_id, files in fresh.items():
        _made[outline_id] = (outlines[outline_id], files)
    for gone in set(_made) - set(outlines):
        del _made[gone]
    return {outline_id: known.get(outline_id) or fresh[outline_id] for outline_id in sorted(outlines)}


def _build_forms(outlines: dict[str, Outline], cache_dir: Path | None) -> dict[str, list[FormFile]]:
    version = _code_version()
    jobs = [
        _Job(outline_id, outline, variant, fmt.extension, _key(version, outline, variant, fmt.extension))
        for outline_id, outline in sorted(outlines.items())
        for variant in VARIANTS
        for fmt in FORMATS
    ]
    contents: dict[str, bytes] = {}
    missing = []
    for job in jobs:
        cached = _read_cache(cache_dir, job)
        if cached is None:
            missing.append(job)
        else:
            contents[job.key] = cached
    for job, content in zip(missing, _write_all(missing)):
        contents[job.key] = content
        _write_cache(cache_dir, job, content)
    by_extension = {fmt.extension: fmt for fmt in FORMATS}
    forms: dict[str, list[FormFile]] = {}
    for job in jobs:
        forms.setdefault(job.outline_id, []).append(
            FormFile(job.outline_id, job.variant, by_extension[job.extension], contents[job.key], job.key)
        )
    return forms


def bundle(forms: dict[str, list[FormFile]]) -> bytes:
    """One zip of every template, for whoever wants them all (byte-identical between builds; made
    again only when a template changed)."""
    global _bundled
    keys = tuple(sorted(f"{file.uri} {file.key}" for files in forms.values() for file in files))
    if _bundled is not None and _bundled[0] == keys:
        return _bundled[1]
    entries = sorted((file.uri.removeprefix(f"{FORMS_URL}/"), file.content) for files in forms.values() for file in files)
    _bundled = (keys, build_zip(entries))
    return _bundled[1]


def _write_all(jobs: list[_Job]) -> list[bytes]:
    if len(jobs) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [_write(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(_write, jobs, chunksize=16))


def _write(job: _Job) -> bytes:
    fmt = next(fmt for fmt in FORMATS if fmt.extension == job.extension)
    return fmt.write(plan_form(job.outline_id, job.outline, job.variant))


def _key(version: str, outline: Outline, variant: str, extension: str) -> str:
    return digest(version, variant, extension, outline.model_dump_json())


def _code_version() -> str:
    """A hash of the code that shapes a template: a change to it invalidates the cache."""
    package = Path(__file__).resolve().parent
    files = sorted(package.glob("*.py")) + [package.parent / "base" / "inline.py", package.parent / "model" / "outline.py"]
    return files_digest(package.parent, files)


def _cache_path(cache_dir: Path, job: _Job) -> Path:
    return cache_dir / job.key[:2] / f"{job.key}.{job.extension}"


def _read_cache(cache_dir: Path | None, job: _Job) -> bytes | None:
    if cache_dir is None:
        return None
    path = _cache_path(cache_dir, job)
    return path.read_bytes() if path.is_file() else None


def _write_cache(cache_dir: Path | None, job: _Job, content: bytes) -> None:
    if cache_dir is None:
        return
    path = _cache_path(cache_dir, job)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)  # atomic: a reader never sees half a file
