"""MkDocs hooks: hand MkDocs the pages, files and edit links that the tdkt core produced.

No content logic lives here: loading, validation and rendering are in the tdkt package, which
does not import MkDocs, and run in a second process while MkDocs builds (tdkt.build.content_process);
what a dirty build keeps, removes and rewrites is decided by tdkt.build.site_build. MkDocs itself
decides for hand-written pages in docs/, by modification time.
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
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from mkdocs_files import DownloadFile, ExactDirtyBuild, GeneratedFile  # beside this file
from tdkt.build.content_process import ContentProcessError
from tdkt.editing.annotations import report
from tdkt.base.problems import format_problems
from tdkt.base.project import CACHE_DIR
from tdkt.base.repository import last_commit_time, web_url
from tdkt.search.index import SearchIndexError
from tdkt.build.site_build import SiteBuild

log = logging.getLogger("mkdocs.hooks.portal")
_T = TypeVar("_T")

_build: SiteBuild | None = None
_generated: list[GeneratedFile] = []  # what this build adds to the site, pages and files
_serving = False
_dirty = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving, _dirty = command == "serve", dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(ExactDirtyBuild())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    root = Path(config.config_file_path).parent
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
    versions = (mkdocs.__version__, material.__version__, str(config.repo_url), str(config.site_url))
    _build = SiteBuild(root, serving=_serving, dirty=_dirty, versions=versions, previous=_build)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert _build is not None, "on_config runs before on_files"
    build = _build
    site_dir = Path(config.site_dir)
    plan = _received(lambda: build.plan(site_dir))
    if isinstance(plan, list):
        # A bad content file fails the build with every problem listed, never a traceback.
        report(plan, [], Path(config.config_file_path).parent)  # in GitHub Actions: on the file's line too
        raise Abort(format_problems(plan))
    if build.starts_whole and site_dir.is_dir():
        clean_directory(str(site_dir))
    for file in files:
        if file.is_documentation_page():
            file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
            if _dirty and "<!-- tdkt:" in file.content_string:
                file.is_modified = lambda: True  # type: ignore[method-assign]  # its snippet may have changed
    _generated.clear()
    for src_uri, edit_path in plan.pages:
        page = GeneratedFile.lazy(config, src_uri, lambda uri=src_uri: _received(lambda: build.content.page(uri).content))
        page.edit_uri = edit_path
        _generated.append(page)
    for src_uri in plan.assets:
        _generated.append(DownloadFile.lazy(config, src_uri, lambda uri=src_uri: _received(lambda: build.content.asset(uri).content)))
    for file in _generated:
        files.append(file)
    if build.reuses:
        # Which pages changed is known only from their content: the build waits for all of it.
        for file in _generated:
            content_digest = _received(lambda file=file: _digest(file))
            file.reused = build.unchanged(file.dest_uri, content_digest, Path(file.abs_dest_path), file.is_documentation_page())
    build.remove_gone(site_dir, (file.dest_uri for file in _generated))
    return files


def _received(get: Callable[[], _T]) -> _T:
    """What the content process sent; its failure (a bug in the portal) ends the build with its output."""
    try:
        return get()
    except ContentProcessError as error:
        raise Abort(f"Không dựng được nội dung của cổng (lỗi của chương trình, không phải của dữ liệu):\n{error}") from None


def _digest(file: GeneratedFile) -> str:
    assert _build is not None
    return _build.digest_of(file.src_uri, file.is_documentation_page())


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    for name, snippet in (_build.snippets if _build else {}).items():
        markdown = markdown.replace(f"<!-- tdkt:{name} -->", snippet)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    generated = _build.content.page(page.file.src_uri) if isinstance(page.file, GeneratedFile) else None
    return _build.article(html, page.file.dest_uri, page.url, generated)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's templates compile once, not at every build and every `serve` reload.
    folder = Path(config.config_file_path).parent / CACHE_DIR / "theme-jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    if _build is not None:
        _build.start_search(file.dest_uri for file in files.documentation_pages())
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    if _build is None:
        return
    # Every page and file was read by now: the process has sent all.
    written = {file.dest_uri: _received(lambda file=file: _digest(file)) for file in _generated}
    try:
        _build.finish(written, lambda output: log.error(f"Không tạo được chỉ mục tìm kiếm (Pagefind):\n{output}"))
    except SearchIndexError as error:
        raise Abort(f"Không tạo được chỉ mục tìm kiếm (Pagefind):\n{error}") from None


def on_build_error(*, error: Exception) -> None:
    if _build is not None:
        _build.stop()


def on_shutdown() -> None:
    if _build is not None:
        _build.stop()
