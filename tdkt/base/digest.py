"""Content digests: the one way caches and rebuilds tell whether something changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """sha256 of the parts, each ended by a NUL so that ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def files_digest(root: Path, files: Iterable[Path]) -> str:
    """A digest of the files' names (relative to root) and contents."""
    parts: list[str | bytes] = []
    for file in files:
        parts += [file.relative_to(root).as_posix(), file.read_bytes()]
    return digest(*parts)
