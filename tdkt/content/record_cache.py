"""Validated content files kept between builds, keyed by their bytes and by the code that reads them.

Parsing and validating a file costs far more than reading back its result: a build reuses what
an earlier build made of every unchanged file and parses only the changed ones. Any change to the
package's code empties the cache, so that a rule added to the model applies to every file at once.
Files with problems are never cached: they are read again until they are fixed.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..base import warm
from ..base.digest import digest, files_digest
from .yamlsource import SourceMap

_FILE = "records.pickle"


@dataclass(frozen=True)
class CachedRecord:
    """What reading one file gave: its model instance, where each value stands, what it mentions."""

    entry: Any
    source: SourceMap
    mentions: tuple[Any, ...]
    body: Any = None  # tdkt.content.body.Body of a .md file


@dataclass
class RecordCache:
    directory: Path | None
    _entries: dict[str, tuple[str, CachedRecord]] = field(default_factory=dict)  # path -> (digest of text, record)
    # What inspecting each picture found (tdkt.content.images.Picture), by the digest of its bytes.
    _pictures: dict[str, Any] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _changed: bool = False

    @classmethod
    def open(cls, directory: Path | None) -> RecordCache:
        cache = cls(directory)
        if directory is None:
            return cache
        try:
            version, entries, pictures = warm.load(directory / _FILE)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return cache  # no cache yet, or one written by other code: start afresh
        if version == code_version():
            cache._entries = entries
            cache._pictures = pictures
        return cache

    def picture(self, key: str) -> Any:
        found = self._pictures.get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put_picture(self, key: str, picture: Any) -> None:
        self._used.add(key)
        if key not in self._pictures:  # known already: nothing new to write
            self._pictures[key] = picture
            self._changed = True

    def get(self, path: str, text: str) -> CachedRecord | None:
        found = self._entries.get(path)
        if found is None or found[0] != digest(text):
            return None
        self._used.add(path)
        return found[1]

    def keep(self, path: str) -> None:
        """The file is unchanged and its record known already: keep its entry for the next run."""
        self._used.add(path)

    def put(self, path: str, text: str, record: CachedRecord) -> None:
        self._entries[path] = (digest(text), record)
        self._used.add(path)
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything changed; files that no longer exist are dropped."""
        stale = set(self._entries) - self._used
        stale_pictures = set(self._pictures) - self._used
        if self.directory is None or not (self._changed or stale or stale_pictures):
            return
        for path in stale:
            del self._entries[path]
        for key in stale_pictures:
            del self._pictures[key]
        self.directory.mkdir(parents=True, exist_ok=True)
        warm.save(self.directory / _FILE, (code_version(), self._entries, self._pictures))


@cache
def code_version() -> str:
    """A hash of the package's code: what it makes of a file depends on all of it (models,
    validation, text rules)."""
    package = Path(__file__).resolve().parent.parent  # the whole tdkt package
    return files_digest(package, sorted(package.rglob("*.py")))
