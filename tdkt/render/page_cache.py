"""Rendered pages kept between runs with what each was made from, so that an edit re-renders only
the pages it can change.

A page is kept with the records it read, the records it named by title and the answers to the
catalog questions it asked (tdkt.content.tracking); the cache keeps the digest and title of every
record as the run that saved it saw them. The next run finds the records changed since, and
reuses a page when it read none of them, named none whose title changed, and every question has
the same answer: a new record linking to X changes the answer to "which records link to X?", so
X's page is rendered again although X is unchanged. By induction a kept page is valid: every run
that kept it checked it against that run's changes. Any change to the package's code or
templates empties the cache.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..base import warm
from ..content.catalog import Catalog
from ..content.tracking import Tracker, tracked
from ..base.digest import digest, files_digest
from .generated import GeneratedPage
from ..content.record_cache import code_version

_FILE = "pages.pickle"

Answer = Callable[[Catalog, tuple[Any, ...]], str]


@dataclass(frozen=True)
class _Kept:
    page: GeneratedPage
    read: frozenset[str]  # paths of the records read
    titles: frozenset[str]  # paths of the records only named by their title
    asked: tuple[tuple[Hashable, str], ...]  # (question, digest of its answer)


@dataclass
class PageCache:
    directory: Path | None
    catalog: Catalog
    # Questions the renderer itself answers (its own memos built from the catalog), by name.
    extra_answers: dict[str, Callable[[], str]] = field(default_factory=dict)
    _kept: dict[str, _Kept] = field(default_factory=dict)
    _made: dict[str, _Kept] = field(default_factory=dict)
    _answers: dict[Hashable, str] = field(default_factory=dict)
    _digests: dict[str, str] = field(default_factory=dict)  # of every record now, by path
    _titles: dict[str, str] = field(default_factory=dict)
    _changed: frozenset[str] = frozenset()  # records changed since the run that saved the cache
    _retitled: frozenset[str] = frozenset()
    reused: int = 0

    @classmethod
    def open(cls, directory: Path | None, catalog: Catalog, extra_answers: dict[str, Callable[[], str]] | None = None) -> PageCache:
        pages = cls(directory, catalog, extra_answers or {})
        with tracked(None):  # taking digests is not reading content
            pages._digests = {record.path: record.digest for record in catalog.records.values()}
            pages._titles = {record.path: record.title for record in catalog.records.values()}
        if directory is None:
            return pages
        try:
            version, kept, digests, titles = warm.load(directory / _FILE)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return pages
        if version == templates_version():
            pages._kept = kept
            pages._changed = _differing(digests, pages._digests)
            pages._retitled = _differing(titles, pages._titles)
        return pages

    def page(self, src_uri: str, make: Callable[[], GeneratedPage]) -> GeneratedPage:
        """The page as an earlier run made it if nothing it was made from changed, else made now."""
        kept = self._kept.get(src_uri)
        if kept is not None and self._still_valid(kept):
            self._made[src_uri] = kept
            self.reused += 1
            return kept.page
        tracker = Tracker()
        with tracked(tracker):
            made = make()
        self._made[src_uri] = _Kept(
            made,
            frozenset(tracker.read),
            frozenset(tracker.titles - tracker.read),
            tuple((question, self._answer(question)) for question in sorted(tracker.asked, key=repr)),
        )
        return made

    def save(self) -> None:
        """Keep the pages of this run (pages no longer planned are dropped)."""
        if self.directory is None or (self._made == self._kept and not self._changed and not self._retitled):
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        warm.save(self.directory / _FILE, (templates_version(), self._made, self._digests, self._titles))

    # -- validity -------------------------------------------------------------------------------

    def _still_valid(self, kept: _Kept) -> bool:
        return (
            kept.read.isdisjoint(self._changed)
            and kept.titles.isdisjoint(self._retitled)
            and all(self._answer(question) == value for question, value in kept.asked)
        )

    def _answer(self, question: Hashable) -> str:
        if question not in self._answers:
            with tracked(None):
                self._answers[question] = self._compute(question)
        return self._answers[question]

    def _compute(self, question: Hashable) -> str:
        name, *arguments = question if isinstance(question, tuple) else (question,)
        if name in self.extra_answers:
            return self.extra_answers[name]()
        catalog = self.catalog
        if name in {"links_from", "links_to"}:
            record = catalog.records.get(arguments[0])
            links = getattr(catalog, name)(record) if record is not None else []
            return digest(*(f"{l.origin.path} {l.target.path} {l.reference!r}" for l in links))
        if name == "citations_of":
            record = catalog.records.get(arguments[0])
            return digest(*(f"{c.origin.path} {c.mention!r}" for c in (catalog.citations_of(record) if record else [])))
        if name == "document_by_number":
            found = catalog.document_by_number(arguments[0])
            return found.path if found else ""
        if name == "get":
            found = catalog.records.get(arguments[0])
            return found.path if found else ""
        if name == "of_type_key":
            return digest(*sorted(record.path for record in catalog.of_type_key(arguments[0])))
        return f"unknown {question!r}"  # never equal to a kept answer: the page is made again


def _differing(before: dict[str, str], now: dict[str, str]) -> frozenset[str]:
    """Paths whose value differs, or which one of the two runs does not have."""
    return frozenset(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))


def keys_digest(groups: Iterable[tuple[Any, Iterable[Any]]]) -> str:
    """A digest of groups of records by their paths (the renderer's memo of comparable outlines)."""
    return digest(*(f"{head.path}: {' '.join(member.path for member in members)}" for head, members in groups))


@cache
def templates_version() -> str:
    """Pages depend on all of the package's code and on its page and form templates."""
    package = Path(__file__).resolve().parent.parent  # the whole tdkt package
    return digest(code_version(), files_digest(package, sorted(package.rglob("*.j2"))))
