"""What the project's git repository tells the build: the last commit's time (so that two builds
of one commit write the same dates), the web address of the repository (for edit links) and when
each content file last changed (for "Mới cập nhật" and the feed). Without git, or outside a
repository, each answer is empty and the build goes on."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git(root: Path, *args: str, timeout: float = 10) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=timeout, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def last_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the last commit."""
    stamp = (_git(root, "log", "-1", "--format=%ct") or "").strip()
    return int(stamp) if stamp.isdigit() else None


def web_url(root: Path) -> str | None:
    """The repository's web address from git's origin (https, or GitHub's ssh form)."""
    origin = (_git(root, "remote", "get-url", "origin") or "").strip()
    if origin.startswith("git@github.com:"):
        origin = "https://github.com/" + origin.removeprefix("git@github.com:")
    return origin.removesuffix(".git") if origin.startswith("https://") else None


def last_changes(root: Path, folder: str = "data") -> dict[str, dt.datetime]:
    """Each file under folder (a path relative to root) with the time of the last commit that touched it."""
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", folder, timeout=60) or ""
    dates: dict[str, dt.datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromtimestamp(int(line[1:]), dt.timezone.utc)
        elif line.strip() and when is not None:
            dates.setdefault(line.strip(), when)  # newest first: the first date seen is the last change
    return dates
