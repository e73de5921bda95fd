"""Shared fixtures: real MkDocs builds of the project (or of a copy with edited content) and Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import copy_project  # noqa: E402  (one copy of the project layout, shared with benchmarks)

# The suite runs in GitHub Actions too: the checks and builds of deliberately broken copies must
# not annotate the pull request's real files nor write its job summary.
for _name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
    os.environ.pop(_name, None)

REPO_URL = "https://github.com/example/cong-tri-thuc-tdkt"
ARTIFACTS = ROOT / "test-artifacts"


@dataclass(frozen=True)
class Build:
    returncode: int
    output: str  # stdout and stderr together, as a user sees them
    site: Path


def run_build(project: Path, site: Path) -> Build:
    """`mkdocs build --strict` exactly as a user runs it (without -q, which hides warnings)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TDKT_REPO_URL": REPO_URL}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project whose content a test may break."""
    return copy_project(tmp_path / "project")


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """A built site served on a free loopback port, for the browser."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_server(built_site: Build) -> Iterator[str]:
    with serve(built_site.site) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright() -> Iterator[object]:
    """One Playwright for the session: its sync API cannot run twice at once in one thread."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run the README's test command, which installs it.")
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[object]:
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


# Off the machine, every request goes to a proxy that does not exist and every name fails to
# resolve: the browser has no network but the loopback, as on a machine cut off from the internet.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="session")
def offline_browser(playwright) -> Iterator[object]:
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + OFFLINE_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def artifact() -> Callable[[str], Path]:
    """A path under test-artifacts/ for screenshots a person looks at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return lambda name: ARTIFACTS / name
