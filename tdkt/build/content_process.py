"""The site's content, built in a second process while MkDocs builds the site in the first.

MkDocs works on one core. Loading, validating and rendering the content takes seconds at a few
thousand records; done before MkDocs starts, it adds those seconds to every build. Here a second
process runs tdkt.build.site.site_content_stream and sends each item as it is ready: the plan first
(every page and file by name, so MkDocs can register them), then each page, then the files. The
build asks for a page when MkDocs reads it and waits only if it is not rendered yet.

Run as `python -m tdkt.build.content_process <project root>`, it is that second process: the items are
pickled one after another on its standard output. While serving, the process is kept between
builds (`python -m tdkt.build.content_process --keep`, one project root per line on its standard input,
BuildEnd after each build): its imports, parsed templates and caches stay in memory, and an edit
is shown without paying for them again. A change to the package's code starts a new one.
"""

from __future__ import annotations

import gc
import pickle
import select
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from ..base import warm
from ..base.child_process import module_command, package_env
from ..base.digest import files_digest
from ..render.generated import BuildEnd, BuildFailed, GeneratedAsset, GeneratedPage, SiteContent, SitePlan, Unchanged
from ..base.problems import Problem

_T = TypeVar("_T")


class ContentProcessError(Exception):
    """The content process failed (a bug, not bad content: that comes back as problems)."""


class ContentProcess:
    """The second process and what it has sent so far; every method may be called from one thread
    while a background thread receives."""

    def __init__(self, root: Path, keep: bool = False) -> None:
        """keep: use the process kept from the last build (started if there is none, or if the
        package's code changed since), and keep it for the next."""
        self._worker: _Worker | None = _kept_worker(root) if keep else None
        if self._worker is not None:
            self._process, self._errors = self._worker.process, self._worker.errors
        else:
            self._errors = tempfile.TemporaryFile()
            self._process = _start([str(root)], self._errors, stdin=None)
        self._changed = threading.Condition()
        self._plan: SitePlan | list[Problem] | None = None
        self._pages: dict[str, GeneratedPage] = {}
        self._assets: dict[str, GeneratedAsset] = {}
        self._ended = False
        self._failure = ""
        self._cancelled = False
        self._receiver = threading.Thread(target=self._receive, name="tdkt-content", daemon=True)
        self._receiver.start()

    def plan(self) -> SitePlan | list[Problem]:
        """Every page and file the site will have, or the content's problems."""
        return self._wait(lambda: self._plan)

    def page(self, src_uri: str) -> GeneratedPage:
        return self._wait(lambda: self._pages.get(src_uri))

    def asset(self, src_uri: str) -> GeneratedAsset:
        return self._wait(lambda: self._assets.get(src_uri))

    def content(self) -> SiteContent:
        """Everything, once the process has sent it all."""
        plan = self.plan()
        assert isinstance(plan, SitePlan), "content() is for content without problems"
        return SiteContent([self.page(uri) for uri, _ in plan.pages], [self.asset(uri) for uri in plan.assets])

    def finish(self) -> None:
        """Wait for the process to end: after the last file it saves its caches."""
        self._receiver.join()

    def cancel(self) -> None:
        """Stop the process (a new build began, or this one failed); what it sent stays readable."""
        with self._changed:
            if self._ended and self._worker is not None:
                return  # its build is over: the kept process waits for the next
        self._cancelled = True
        if self._worker is not None:
            _forget_worker(self._worker)  # half-way through a build: the next starts afresh
        if self._process.poll() is None:
            self._process.kill()
        self._receiver.join()

    def _wait(self, ready: Callable[[], _T | None]) -> _T:
        with self._changed:
            while (value := ready()) is None and not self._ended:
                self._changed.wait()
        if value is None:
            raise ContentProcessError(self._failure or "Tiến trình dựng nội dung dừng khi chưa gửi đủ nội dung.")
        return value

    def _receive(self) -> None:
        assert self._process.stdout is not None
        failure = ""
        try:
            while True:
                try:
                    item = pickle.load(self._process.stdout)
                except EOFError:
                    break
                if isinstance(item, BuildEnd):
                    break
                if isinstance(item, BuildFailed):
                    failure = item.text
                    continue
                if self._worker is not None:
                    item = self._worker.remember(item)
                with self._changed:
                    if isinstance(item, GeneratedPage):
                        self._pages[item.src_uri] = item
                    elif isinstance(item, GeneratedAsset):
                        self._assets[item.src_uri] = item
                    else:
                        self._plan = item
                    self._changed.notify_all()
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as error:
            # A stream out of step (bytes lost or garbled; UnicodeDecodeError is a ValueError): what
            # comes next cannot be trusted either, so a kept process is not used again.
            failure = f"Không đọc được nội dung từ tiến trình dựng: {error}"
            if self._worker is not None:
                _forget_worker(self._worker)
        except KeyError as error:  # an Unchanged for something never received: start afresh next time
            failure = f"Tiến trình dựng nội dung gửi lại một tệp chưa từng gửi: {error}"
            if self._worker is not None:
                _forget_worker(self._worker)
        finally:
            if self._worker is None or self._process.poll() is not None:
                failure = self._end_process(failure)
            with self._changed:
                self._ended, self._failure = True, failure
                self._changed.notify_all()

    def _end_process(self, failure: str) -> str:
        """After the one build of a process, or when a kept one died: its exit and what it said."""
        if self._worker is not None:
            _forget_worker(self._worker)
        assert self._process.stdout is not None
        self._process.stdout.close()
        code = self._process.wait()
        if not failure and code != 0 and not self._cancelled:
            self._errors.seek(0)
            failure = self._errors.read().decode("utf-8", "replace").strip() or f"mã thoát {code}"
        self._errors.close()
        return failure


def _start(arguments: list[str], errors: object, stdin: int | None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        module_command("tdkt.build.content_process", *arguments),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=errors,  # type: ignore[arg-type]
        env=package_env(),
    )


class _Worker:
    """A content process kept between builds, for one project and one version of the code."""

    def __init__(self, root: Path, version: str) -> None:
        self.root, self.version = root, version
        self.errors = tempfile.TemporaryFile()
        self.process = _start(["--keep"], self.errors, stdin=subprocess.PIPE)
        self.received: dict[tuple[str, str], GeneratedPage | GeneratedAsset] = {}  # what it sent, as _Sender knows

    def remember(self, item: object) -> object:
        """The page or file an Unchanged stands for; a page or file sent in full, kept for the next builds."""
        if isinstance(item, Unchanged):
            return self.received[(item.kind, item.src_uri)]  # a KeyError is a protocol bug: the build fails
        if isinstance(item, (GeneratedPage, GeneratedAsset)):
            self.received[(_kind(item), item.src_uri)] = item
        return item

    def request(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{self.root}\n".encode("utf-8"))
        self.process.stdin.flush()


_worker: _Worker | None = None


def _kept_worker(root: Path) -> _Worker:
    """The kept process, asked for a build of root."""
    global _worker
    version = _code_version()
    if _worker is None or _worker.process.poll() is not None or _worker.version != version or _worker.root != root:
        if _worker is not None:
            _forget_worker(_worker)
        _worker = _Worker(root, version)
    try:
        _worker.request()
    except OSError:  # it ended between the check and the request
        _forget_worker(_worker)
        _worker = _Worker(root, version)
        _worker.request()
    return _worker


def _forget_worker(worker: _Worker) -> None:
    global _worker
    if worker.process.poll() is None:
        worker.process.kill()
        worker.process.wait()
    if _worker is worker:
        _worker = None


def _code_version() -> str:
    """The package's code and templates as they are on disk now (serve watches them)."""
    package = Path(__file__).resolve().parent.parent  # the whole tdkt package
    return files_digest(package, sorted(p for p in package.rglob("*") if p.suffix in {".py", ".j2"} and "__pycache__" not in p.parts))


def main(arguments: list[str]) -> int:
    # Imported here: the building process needs only the classes of what it receives, not the
    # code that makes them (models, templates), which takes a good part of a second to import.
    from .site import site_content_stream

    output = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by mistake may corrupt the stream
    if arguments[:1] != ["--keep"]:
        return _send(site_content_stream(Path(arguments[0])), output)
    sent: dict[tuple[str, str], str] = {}  # (kind, src_uri) -> digest of what the build process holds
    warm.defer()  # caches are written while waiting for the next build, not before answering it
    while line := _next_request():
        try:
            _send_all(site_content_stream(Path(line.rstrip("\n"))), output, sent)
        except BrokenPipeError:
            return 1
        except Exception:  # a bug: reported to the build, and this process stays for the next
            pickle.dump(BuildFailed(traceback.format_exc()), output, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(BuildEnd(), output, protocol=pickle.HIGHEST_PROTOCOL)
        output.flush()
    warm.flush()
    return 0


def _next_request() -> str:
    """The next build asked for ("" when the build process is gone). While none comes, the caches
    are written, and what this process keeps (records, pages, templates) is set apart from the
    garbage collector, which need not walk through it at every build."""
    if not select.select([sys.stdin], [], [], _IDLE)[0]:
        warm.flush()
        gc.collect()
        gc.freeze()
    return sys.stdin.readline()


_IDLE = 1.0  # seconds without a request before the caches are written


def _send(items: Iterator[object], output: BinaryIO) -> int:
    try:
        _send_all(items, output)
    except BrokenPipeError:
        return 1  # the build stopped listening: it was cancelled or ended
    return 0


def _send_all(items: Iterator[object], output: BinaryIO, sent: dict[tuple[str, str], str] | None = None) -> None:
    """Each item pickled; with sent (a kept process), what the build process holds already is
    named, not sent again."""
    for item in items:
        if isinstance(item, (GeneratedPage, GeneratedAsset)):
            key, value = (_kind(item), item.src_uri), item.digest  # computed here, on this core
            if sent is not None:
                if sent.get(key) == value:
                    item = Unchanged(*key)
                else:
                    sent[key] = value
        pickle.dump(item, output, protocol=pickle.HIGHEST_PROTOCOL)
        output.flush()  # the build may be waiting for exactly this page


def _kind(item: GeneratedPage | GeneratedAsset) -> str:
    return "page" if isinstance(item, GeneratedPage) else "asset"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
