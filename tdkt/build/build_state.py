"""What the last finished build wrote into a site folder, so that the next one rewrites only what changed.

A page's HTML depends on its Markdown (and the HTML put into it) and on what every page shares:
the configuration, the theme and its overrides, the hooks. The state records a digest of each
generated page and one fingerprint of the shared part. A later build into the same folder
rebuilds a page only when its digest differs; when the fingerprint differs, nothing is reused.

The state is kept outside the site (it must not be published), one file per site folder, and
is removed while a build runs: a build that fails half-way leaves no state that could vouch for
pages it did not finish.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..base.digest import digest, files_digest

STATES = "builds"


def fingerprint(root: Path, shared: Iterable[str]) -> str:
    """A digest of every file under the given paths of the project (files or folders), and their names."""
    files: list[Path] = []
    for name in shared:
        path = root / name
        found = sorted(p for p in path.rglob("*") if "__pycache__" not in p.parts) if path.is_dir() else [path]
        files += [file for file in found if file.is_file()]
    return files_digest(root, files)


@dataclass
class BuildState:
    file: Path
    site_dir: Path
    fingerprint: str
    previous: dict[str, str] = field(default_factory=dict)  # page or file -> digest, as last built
    reusable: bool = False  # the last finished build had the same fingerprint

    @classmethod
    def begin(cls, cache_dir: Path, site_dir: Path, fingerprint: str) -> BuildState:
        """Read the state of site_dir's last finished build and withdraw it until this one finishes."""
        site_dir = site_dir.resolve()
        folder = cache_dir / STATES
        _forget_vanished_sites(folder)
        state = cls(folder / f"{digest(str(site_dir))[:16]}.json", site_dir, fingerprint)
        try:
            saved = json.loads(state.file.read_text(encoding="utf-8"))
            state.file.unlink()
        except (OSError, ValueError):
            return state
        if saved.get("fingerprint") == fingerprint and saved.get("site_dir") == str(site_dir):
            state.previous = dict(saved.get("written", {}))
            state.reusable = True
        return state

    @property
    def folder(self) -> Path:
        """A working folder kept with the state, for what the next build of this site reuses."""
        return self.file.with_suffix("")

    def unchanged(self, key: str, content_digest: str, output: Path) -> bool:
        """Whether output, written by the last build from content with this digest, can stay."""
        return self.reusable and self.previous.get(key) == content_digest and output.is_file()

    def gone(self, current: Iterable[str]) -> set[str]:
        """What the last build wrote that this one no longer has (a deleted record, a renamed file)."""
        return set(self.previous) - set(current)

    def finish(self, written: dict[str, str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        record = {"site_dir": str(self.site_dir), "fingerprint": self.fingerprint, "written": written}
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        temporary.replace(self.file)


def _forget_vanished_sites(folder: Path) -> None:
    """`mkdocs serve` builds into a new temporary folder each time it starts: states and search
    copies of folders that no longer exist are dropped."""
    if not folder.is_dir():
        return
    for state in folder.glob("*.json"):
        try:
            site_dir = json.loads(state.read_text(encoding="utf-8")).get("site_dir", "")
        except (OSError, ValueError):
            site_dir = ""
        if not site_dir or not Path(site_dir).is_dir():
            state.unlink(missing_ok=True)
            shutil.rmtree(folder / state.stem, ignore_errors=True)


def remove_from_site(site_dir: Path, path: str) -> None:
    """Remove a file the site no longer has, and the folders it leaves empty."""
    target = site_dir / path
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == site_dir or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()
