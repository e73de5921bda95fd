"""MkDocs hooks: hand MkDocs the pages, files and edit links that the tdkt core produced.

No content logic lives here: loading, validation and rendering are in the tdkt package, which
does not import MkDocs, and run in a second process while MkDocs builds (tdkt.content_process).

Rebuilds (`mkdocs serve --dirty`, `mkdocs build --dirty`) write only the generated pages and
files whose content changed since the last finished build into the same folder (tdkt.build_state);
a change to what all pages share (mkdocs.yml, overrides/, hooks/) rebuilds everything. MkDocs
itself decides for hand-written pages in docs/, by modification time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import material
import mkdocs
from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from tdkt.build_state import BuildState, fingerprint, remove_from_site
from tdkt.content_process import ContentProcess, ContentProcessError
from tdkt.digest import digest
from tdkt.problems import format_problems
from tdkt.generated import PREVIEW_MARK
from tdkt.html_links import link_document_numbers
from tdkt.project import CACHE_DIR
from tdkt.repository import last_commit_time, web_url
from tdkt.search.index import OUTPUT, PAGE_LABEL, SearchIndex, SearchIndexError, is_indexed

log = logging.getLogger("mkdocs.hooks.portal")
_T = TypeVar("_T")

_producer: ContentProcess | None = None
_search: SearchIndex | None = None
_state: BuildState | None = None
_generated: list[_Generated] = []  # what this build adds to the site, pages and files
_rendered: list[str] = []  # pages whose Markdown this build rendered
_shared = ""  # fingerprint of what every page depends on
_documents: dict[str, str] = {}  # document pages by number, to link numbers in every page
_snippets: dict[str, str] = {}  # Markdown that hand-written pages ask for with <!-- tdkt:name -->
_serving = False
_dirty = False
SHARED = ("mkdocs.yml", "overrides", "hooks")


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving, _dirty = command == "serve", dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_ExactDirtyBuild())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _producer
    root = Path(config.config_file_path).parent
    if _producer is not None:
        _producer.cancel()  # while serving, the previous build's may still run
    # Rendered in a second process while MkDocs goes on (tdkt.content_process).
    _producer = ContentProcess(root, keep=_serving)  # while serving, the process stays warm between builds
    # Dates MkDocs writes (sitemap) come from the last commit, not the clock: two builds of one
    # commit give identical files; SOURCE_DATE_EPOCH set by the caller wins.
    if "SOURCE_DATE_EPOCH" not in os.environ and (stamp := last_commit_time(root)) is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    if not config.repo_url:
        config.repo_url = web_url(root)
        if not config.repo_url:
            log.info("Không có địa chỉ kho mã (TDKT_REPO_URL hoặc git remote origin): trang sẽ không có liên kết sửa.")
    if config.repo_url:
        config.edit_uri_template = "edit/main/{path}"
    if _serving:
        # An editor's preview: the sitemap (every page's URL, for search engines) is not rewritten at each reload.
        config.theme.static_templates.discard("sitemap.xml")
    global _shared
    _shared = digest(
        fingerprint(root, SHARED), mkdocs.__version__, material.__version__, str(config.repo_url), str(config.site_url)
    )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _state, _search
    assert _producer is not None, "on_config runs before on_files"
    plan = _received(_producer.plan)
    if isinstance(plan, list):
        # A bad content file fails the build with every problem listed, never a traceback.
        raise Abort(format_problems(plan))
    _documents.clear()
    _documents.update(plan.documents)
    _snippets.clear()
    _snippets.update(plan.snippets)
    site_dir = Path(config.site_dir)
    # Which numbers are links changes pages whose own content did not: it is shared by all.
    shared = digest(_shared, *sorted(f"{key} {url}" for key, url in _documents.items()))
    _state = BuildState.begin(Path(config.config_file_path).parent / CACHE_DIR, site_dir, shared)
    if _dirty and not _state.reusable and site_dir.is_dir():
        clean_directory(str(site_dir))  # nothing in it can be vouched for: a dirty build starts whole
    if _search is not None:
        _search.cancel()  # while serving, the previous build's index may still be running
    _search = SearchIndex(site_dir / OUTPUT, _state.folder)
    for file in files:
        if file.is_documentation_page():
            file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
            if _dirty and "<!-- tdkt:" in file.content_string:
                file.is_modified = lambda: True  # type: ignore[method-assign]  # its snippet may have changed
    _generated.clear()
    _rendered.clear()
    producer = _producer
    for src_uri, edit_path in plan.pages:
        page = _Generated.lazy(config, src_uri, lambda uri=src_uri: _received(lambda: producer.page(uri).content))
        page.edit_uri = edit_path
        _generated.append(page)
    for src_uri in plan.assets:
        _generated.append(_Download.lazy(config, src_uri, lambda uri=src_uri: _received(lambda: producer.asset(uri).content)))
    for file in _generated:
        files.append(file)
    if _dirty and _state.reusable:
        # Which pages changed is known only from their content: the build waits for all of it.
        for file in _generated:
            _reuse_if_unchanged(file, _received(lambda file=file: _digest(file)))
    for gone in _state.gone(file.dest_uri for file in _generated):
        remove_from_site(site_dir, gone)  # a deleted record's page, a removed outline's templates
    return files


def _received(get: Callable[[], _T]) -> _T:
    """What the content process sent; its failure (a bug in the portal) ends the build with its output."""
    try:
        return get()
    except ContentProcessError as error:
        raise Abort(f"Không dựng được nội dung của cổng (lỗi của chương trình, không phải của dữ liệu):\n{error}") from None


def _digest(file: _Generated) -> str:
    assert _producer is not None
    if isinstance(file, _Download):
        return _producer.asset(file.src_uri).digest
    return _producer.page(file.src_uri).digest


def _reuse_if_unchanged(file: _Generated, content_digest: str) -> None:
    assert _state is not None and _search is not None
    path = file.dest_uri
    file.reused = _state.unchanged(path, content_digest, Path(file.abs_dest_path)) and (
        not is_indexed(path) or not file.is_documentation_page() or _search.has(path)
    )


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    for name, snippet in _snippets.items():
        markdown = markdown.replace(f"<!-- tdkt:{name} -->", snippet)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _producer.page(page.file.src_uri) if _producer is not None and isinstance(page.file, _Generated) else None
    _rendered.append(page.file.dest_uri)
    if generated is not None:
        html = generated.with_blocks(html)
    if _search is not None and is_indexed(page.file.dest_uri):
        # Before the A4 preview goes in: it repeats the outline's own headings.
        _search.add(page.file.dest_uri, html, generated.label if generated else PAGE_LABEL)
    if generated is not None and generated.preview:
        html = html.replace(PREVIEW_MARK, generated.preview, 1)
    return link_document_numbers(html, page.url, _documents)


def _cache_folder(config: MkDocsConfig, name: str) -> Path:
    folder = Path(config.config_file_path).parent / CACHE_DIR / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's templates compile once, not at every build and every `serve` reload.
    env.bytecode_cache = FileSystemBytecodeCache(str(_cache_folder(config, "theme-jinja")))
    # Every article is rendered by now: Pagefind indexes them on the other core while MkDocs
    # writes the pages into the theme.
    if _search is not None:
        pages = {file.dest_uri for file in files.documentation_pages() if is_indexed(file.dest_uri)}
        # When most pages were rendered, most remain to be written into the theme, on one core.
        _search.start(pages, one_thread=len(_rendered) > len(pages) / 2, background=_serving)
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    if _search is None:
        return
    # Every page and file was read by now: the process has sent all and ended.
    written = {file.dest_uri: _received(lambda file=file: _digest(file)) for file in _generated}
    if _serving:
        # The page reloads now; the search index follows a few seconds later.
        _search.finish_later(lambda output: log.error(f"Không tạo được chỉ mục tìm kiếm (Pagefind):\n{output}"))
        if _state is not None:
            _state.finish(written)
        return
    try:
        _search.finish()
    except SearchIndexError as error:
        raise Abort(f"Không tạo được chỉ mục tìm kiếm (Pagefind):\n{error}") from None
    if _state is not None:
        _state.finish(written)
    if _producer is not None:
        _producer.finish()  # it is saving what the next build reuses


def on_build_error(*, error: Exception) -> None:
    _stop()


def on_shutdown() -> None:
    _stop()


def _stop() -> None:
    if _search is not None:
        _search.cancel()
    if _producer is not None:
        _producer.cancel()


class _Generated(File):
    """A page or file made by the core, its content fetched when MkDocs first reads it (the page
    may still be rendering); in a dirty build, rewritten only if its content changed."""

    reused = False
    _fetch: Callable[[], str | bytes] | None = None
    _value: str | bytes | None = None

    @classmethod
    def lazy(cls, config: MkDocsConfig, src_uri: str, fetch: Callable[[], str | bytes]) -> _Generated:
        file = cls.generated(config, src_uri, content=b"")
        file._fetch = fetch
        return file

    # MkDocs reads a file's content through this attribute (content_string, copy_file).
    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        if self._fetch is not None:
            self._value, self._fetch = self._fetch(), None
        return self._value

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._value, self._fetch = value, None

    def is_modified(self) -> bool:
        return not self.reused


class _Download(_Generated):
    """A file served as it is, even a Markdown template, which MkDocs would otherwise render."""

    def is_documentation_page(self) -> bool:
        return False


class _ExactDirtyBuild(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation and links stale. Here the generated
    pages are rebuilt whenever their content changed and everything is rebuilt when what pages
    share changed, so the warning becomes a note: `serve --dirty --strict` still fails on real
    warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
