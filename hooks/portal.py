"""MkDocs hooks: hand MkDocs the pages, files and edit links that the tdkt core produced.

No content logic lives here: loading, validation and rendering are in the tdkt package, which
does not import MkDocs.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from tdkt.content_types import search_label
from tdkt.problems import format_problems
from tdkt.render.pages import PREVIEW_MARK, SiteContent
from tdkt.search.index import OUTPUT, SearchIndex, SearchIndexError, is_indexed
from tdkt.site import build_site_content

log = logging.getLogger("mkdocs.hooks.portal")

_content: SiteContent | None = None
_previews: dict[str, str] = {}
_search: SearchIndex | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _content
    root = Path(config.config_file_path).parent
    result = build_site_content(root)
    if isinstance(result, list):
        # A bad content file fails the build with every problem listed, never a traceback.
        raise Abort(format_problems(result))
    _content = result
    _reproducible_date(root)
    if not config.repo_url:
        config.repo_url = _repository_url(root)
    if config.repo_url:
        config.edit_uri_template = "edit/main/{path}"
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert _content is not None, "on_config runs before on_files"
    for file in files:
        if file.is_documentation_page():
            file.edit_uri = f"{Path(config.docs_dir).name}/{file.src_uri}"
    _previews.clear()
    _previews.update({page.src_uri: page.preview for page in _content.pages if page.preview})
    for page in _content.pages:
        generated = File.generated(config, page.src_uri, content=page.content)
        generated.edit_uri = page.edit_path
        files.append(generated)
    for asset in _content.assets:
        files.append(_Download.generated(config, asset.src_uri, content=asset.content))
    return files


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _search
    _search = SearchIndex(Path(config.site_dir) / OUTPUT)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    preview = _previews.get(page.file.src_uri)
    if preview:
        html = html.replace(PREVIEW_MARK, preview, 1)
    if _search is not None and is_indexed(page.file.dest_uri):
        _search.add(page.file.dest_uri, html, search_label(tuple(page.file.dest_uri.split("/"))))
    return html


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every article is rendered by now: Pagefind indexes them on the other core while MkDocs
    # writes the pages into the theme.
    if _search is not None:
        _search.start()
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    if _search is None:
        return
    try:
        _search.finish()
    except SearchIndexError as error:
        raise Abort(f"Không tạo được chỉ mục tìm kiếm (Pagefind):\n{error}") from None


def on_build_error(*, error: Exception) -> None:
    if _search is not None:
        _search.cancel()


class _Download(File):
    """A file served as it is, even a Markdown template, which MkDocs would otherwise render."""

    def is_documentation_page(self) -> bool:
        return False


def _reproducible_date(root: Path) -> None:
    """Dates MkDocs writes (sitemap) come from the last commit, not the clock, so that two builds
    of one commit give identical files; SOURCE_DATE_EPOCH set by the caller wins."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp


def _repository_url(root: Path) -> str | None:
    """Edit links need the repository's web address: when mkdocs.yml has none from
    TDKT_REPO_URL, it is read from git's origin."""
    try:
        origin = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if origin.startswith("git@github.com:"):
        origin = "https://github.com/" + origin.removeprefix("git@github.com:")
    if origin.startswith("https://"):
        return origin.removesuffix(".git")
    log.info("Không có địa chỉ kho mã (TDKT_REPO_URL hoặc git remote origin): trang sẽ không có liên kết sửa.")
    return None
