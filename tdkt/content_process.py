"""The site's content, built in a second process while MkDocs builds the site in the first.

MkDocs works on one core. Loading, validating and rendering the content takes seconds at a few
thousand records; done before MkDocs starts, it adds those seconds to every build. Here a second
process runs tdkt.site.site_content_stream and sends each item as it is ready: the plan first
(every page and file by name, so MkDocs can register them), then each page, then the files. The
build asks for a page when MkDocs reads it and waits only if it is not rendered yet.

Run as `python -m tdkt.content_process <project root>`, it is that second process: the items are
pickled one after another on its standard output.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .generated import GeneratedAsset, GeneratedPage, SiteContent, SitePlan
from .problems import Problem

_T = TypeVar("_T")


class ContentProcessError(Exception):
    """The content process failed (a bug, not bad content: that comes back as problems)."""


class ContentProcess:
    """The second process and what it has sent so far; every method may be called from one thread
    while a background thread receives."""

    def __init__(self, root: Path) -> None:
        self._errors = tempfile.TemporaryFile()
        # The same tdkt as this process's, wherever it was imported from.
        package_parent = str(Path(__file__).resolve().parent.parent)
        path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tdkt.content_process", str(root)],
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env={**os.environ, "PYTHONPATH": path},
        )
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
        self._cancelled = True
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
        try:
            while True:
                try:
                    item = pickle.load(self._process.stdout)
                except EOFError:
                    break
                with self._changed:
                    if isinstance(item, GeneratedPage):
                        self._pages[item.src_uri] = item
                    elif isinstance(item, GeneratedAsset):
                        self._assets[item.src_uri] = item
                    else:
                        self._plan = item
                    self._changed.notify_all()
        except (OSError, pickle.UnpicklingError) as error:
            failure = f"Không đọc được nội dung từ tiến trình dựng: {error}"
        else:
            failure = ""
        finally:
            self._process.stdout.close()
            code = self._process.wait()
            if not failure and code != 0 and not self._cancelled:
                self._errors.seek(0)
                failure = self._errors.read().decode("utf-8", "replace").strip() or f"mã thoát {code}"
            self._errors.close()
            with self._changed:
                self._ended, self._failure = True, failure
                self._changed.notify_all()


def main(arguments: list[str]) -> int:
    # Imported here: the building process needs only the classes of what it receives, not the
    # code that makes them (models, templates), which takes a good part of a second to import.
    from .site import site_content_stream

    output = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by mistake may corrupt the stream
    try:
        for item in site_content_stream(Path(arguments[0])):
            pickle.dump(item, output, protocol=pickle.HIGHEST_PROTOCOL)
            output.flush()  # the build may be waiting for exactly this page
    except BrokenPipeError:
        return 1  # the build stopped listening: it was cancelled or ended
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
