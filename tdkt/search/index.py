"""Full-text search index of the site's pages, by Pagefind, with Vietnamese folding that works.

Pagefind folds diacritics (a query "ly son" finds "Lý Sơn", exact forms rank first) but not "đ",
which has no Unicode decomposition: "dang" would miss "Đảng", "nuoi heo dat" would miss "đất".
So the pages are indexed from a copy in which "đ" is written as "d" plus a combining stroke
(U+0335): Pagefind strips the stroke when folding, keeps the exact form as a variant, and the
search page writes the stroke back as "đ" in titles and excerpts (see docs/assets/tim-kiem.js).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable
from pathlib import Path

from ..base.child_process import module_command, package_env

STROKE = "\u0335"
OUTPUT = "pagefind"
PAGE_LABEL = "Trang"  # the label of hand-written pages in search results
SKIPPED = {"tim-kiem", OUTPUT, "404.html", "nguon", "mau", "assets", "soan-bao-cao"}
_IGNORED = re.compile(r'class="(headerlink|md-content__button md-icon)"')


class SearchIndexError(Exception):
    """Pagefind failed: the message is its own output."""


def _keep_missing(old: Path, new: Path) -> None:
    """Link into new the chunk, fragment and metadata files of old that new lacks."""
    for file in old.rglob("*"):
        if file.is_file() and file.suffix in {".pf_index", ".pf_fragment", ".pf_meta"}:
            target = new / file.relative_to(old)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(file, target)
                except OSError:
                    shutil.copy2(file, target)


def for_index(html: str) -> str:
    """The text as Pagefind should see it: 'đ' as 'd' + combining stroke, so that it folds to 'd'."""
    return html.replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)


_H1 = re.compile(r"<h1(?=[ >])")
TITLE_WEIGHT = {"Văn bản": 10}  # a document's number in its title outranks pages that cite it


def is_indexed(path: str) -> bool:
    """Whether the page at this site path (e.g. "de-cuong/x/index.html") belongs in the index."""
    parts = path.split("/")
    if parts[0] in SKIPPED:
        return False
    # Comparison pages are made of links to outline sections, which are indexed already.
    return not (len(parts) > 2 and parts[1].startswith("so-sanh"))


# Sections made of other pages' sentences (a document page quotes every passage that names it):
# indexed, they would make the quoting page a hit for text whose page is elsewhere, and they are
# the largest part of some pages. Anchors as set in tdkt/render/templates/.
QUOTING_SECTIONS = ("doan-nhac-den",)
_QUOTING = re.compile(rf'<h2 id="(?:{"|".join(QUOTING_SECTIONS)})".*?(?=<h2[ >]|$)', re.S)


def prepare_page(article: str, page_type: str) -> str:
    """A page's article as Pagefind should read it: labelled with its type, permalinks, buttons and
    quoted passages left out, "đ" written for folding."""
    article = _QUOTING.sub("", article)
    if weight := TITLE_WEIGHT.get(page_type):
        article = _H1.sub(f'<h1 data-pagefind-weight="{weight}"', article, count=1)
    article = _IGNORED.sub(r'class="\1" data-pagefind-ignore', article)
    return for_index(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>'
        f'<article data-pagefind-body data-pagefind-meta="loai:{page_type}">{article}</article>'
        "</body></html>"
    )


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


class SearchIndex:
    """Pagefind over the articles of the site's pages, run in the background.

    Pages are handed over as soon as their article is rendered; start() launches Pagefind on
    them while the site's templates are still being written (the other core's work), finish()
    waits for it. Only the article is indexed, never the navigation around it.

    With a folder, the prepared articles stay there between builds of one site: a build that
    renders only the pages that changed still indexes every page.
    """

    def __init__(self, output: Path, folder: Path | None = None) -> None:
        self.output = output
        self._temporary = None if folder else tempfile.TemporaryDirectory(prefix="tdkt-search-")
        self.folder = folder or Path(self._temporary.name)  # type: ignore[union-attr]
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = False
        # Files are written by a thread: the disk works while the build goes on rendering pages.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tdkt-search-write")
        self._writes: list[Future[None]] = []
        self._starting: threading.Thread | None = None
        self._failed = ""
        self._background = False
        self._lock = threading.Lock()  # a process is started, or the index cancelled, not both at once

    def _file(self, path: str) -> Path:
        return self.folder.joinpath(*path.split("/"))

    def add(self, path: str, article: str, page_type: str) -> None:
        self._writes.append(self._writer.submit(_write, self._file(path), prepare_page(article, page_type)))

    def has(self, path: str) -> bool:
        return self._file(path).is_file()

    def start(self, pages: set[str], one_thread: bool = False, background: bool = False) -> None:
        """Index the given pages (site paths); articles of pages the site no longer has are dropped.

        one_thread: while MkDocs keeps one core busy writing pages, Pagefind takes the other one
        only, instead of competing for both (it finishes about when MkDocs does). background: the
        last writes, the clean-up of the old index and the start of Pagefind happen on a thread
        (while serving, the reloaded page need not wait for them)."""
        self._background = background
        if background:

            def start() -> None:
                try:
                    self._start(pages, one_thread)
                except OSError as error:  # reported by finish(), on the thread that waits
                    self._failed = str(error)

            self._starting = threading.Thread(target=start, name="tdkt-search-start", daemon=True)
            self._starting.start()
        else:
            self._start(pages, one_thread)

    def _start(self, pages: set[str], one_thread: bool) -> None:
        self._writer.shutdown(wait=True)
        for write in self._writes:
            write.result()  # a failed write fails the build here
        self.folder.mkdir(parents=True, exist_ok=True)
        for file in self.folder.rglob("*.html"):
            if file.relative_to(self.folder).as_posix() not in pages:
                file.unlink()
        # Pagefind adds files and never removes old ones: it writes a new folder, which replaces the
        # index only once complete, so that search keeps working while it runs (serve reloads).
        shutil.rmtree(self._new_output, ignore_errors=True)
        command = [
            sys.executable, "-m", "pagefind",
            "--site", str(self.folder),
            "--output-path", str(self._new_output),
            "--force-language", "vi",
            "--quiet",
        ]
        env = {**os.environ, "RAYON_NUM_THREADS": "1"} if one_thread else None  # Pagefind's thread pool
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)

    def finish(self) -> None:
        """Wait for the index; SearchIndexError with Pagefind's own output if it failed."""
        if self._starting is not None:
            self._starting.join()
        if self._failed:
            self._cleanup()
            raise SearchIndexError(self._failed)
        assert self._process is not None, "start() comes before finish()"
        try:
            self._wait()
            # Cut again in a process of its own (tdkt.search.chunks): while serving, the next
            # build runs in this one meanwhile.
            with self._lock:
                if self._cancelled:
                    return
                self._process = subprocess.Popen(
                    module_command("tdkt.search.chunks", str(self._new_output)),
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=package_env(),
                )
            self._wait()
            if not self._cancelled:
                try:
                    self._replace_index()
                except OSError as error:  # cancelled meanwhile by the next build: its index follows
                    if not self._cancelled:
                        raise SearchIndexError(str(error)) from None
        finally:
            self._cleanup()

    def _wait(self) -> None:
        assert self._process is not None
        output, _ = self._process.communicate()
        if self._process.returncode != 0 and not self._cancelled:
            raise SearchIndexError(output.decode("utf-8", "replace").strip())

    @property
    def _new_output(self) -> Path:
        return self.output.with_name(self.output.name + ".moi")

    def _replace_index(self) -> None:
        """The new index in place of the old, by renaming: a reader sees one or the other. While
        serving, a search page opened before the swap still asks for the old index's files: they
        are kept beside the new ones (their names are hashes of their content, so nothing clashes)."""
        old = self.output.with_name(self.output.name + ".cu")
        shutil.rmtree(old, ignore_errors=True)
        if self._background and self.output.is_dir():
            _keep_missing(self.output, self._new_output)
        if self.output.exists():
            self.output.rename(old)
        self._new_output.rename(self.output)
        shutil.rmtree(old, ignore_errors=True)

    def finish_later(self, report: Callable[[str], None]) -> None:
        """Let Pagefind finish on its own (while serving, pages need not wait for the index);
        report gets its output if it fails."""

        def wait() -> None:
            try:
                self.finish()
            except SearchIndexError as error:
                report(str(error))

        threading.Thread(target=wait, name="tdkt-search", daemon=True).start()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
        if self._starting is not None:
            self._starting.join()
        self._writer.shutdown(wait=True, cancel_futures=True)
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._new_output, ignore_errors=True)  # half an index is never published
        self._cleanup()

    def _cleanup(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()
