"""MkDocs files for what the tdkt core generates, and the note a dirty build gets instead of a
warning: the MkDocs side of tdkt.build.site_build, imported by hooks/portal.py."""

from __future__ import annotations

import logging
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


class GeneratedFile(File):
    """A page or file made by the core, its content fetched when MkDocs first reads it (the page
    may still be rendering); in a dirty build, rewritten only if its content changed."""

    reused = False
    _fetch: Callable[[], str | bytes] | None = None
    _value: str | bytes | None = None

    @classmethod
    def lazy(cls, config: MkDocsConfig, src_uri: str, fetch: Callable[[], str | bytes]) -> GeneratedFile:
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


class DownloadFile(GeneratedFile):
    """A file served as it is, even a Markdown template, which MkDocs would otherwise render."""

    def is_documentation_page(self) -> bool:
        return False


class ExactDirtyBuild(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation and links stale. Here the generated
    pages are rebuilt whenever their content changed and everything is rebuilt when what pages
    share changed, so the warning becomes a note: `serve --dirty --strict` still fails on real
    warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
