"""What a page was made from: the records it read and the questions it asked the catalog.

While a page renders inside `tracked(tracker)`, every record it reads (any attribute of it) and
every catalog question it asks ("which records link to X?", "which document has number N?", "all
reports") are noted in the tracker. A later run can then tell, without rendering, whether the page
would come out the same: the records it read are unchanged and the questions still have the same
answers (tdkt.render.page_cache).

Reads are noted by a `__getattribute__` that `tracked` puts on the classes registered with
`@reads_noted` for as long as a tracker is active, and takes away after: outside a tracked page a
record is a plain dataclass, and reading it costs nothing extra.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar


@dataclass
class Tracker:
    read: set[str] = field(default_factory=set)  # paths of the records read
    titles: set[str] = field(default_factory=set)  # paths of the records of which only the title was read
    asked: set[Hashable] = field(default_factory=set)  # catalog questions, as (method name, *arguments)


class _Tracking:
    """The tracker of the page being rendered, if any."""

    active: Tracker | None = None


tracking = _Tracking()
_noted: dict[type, Callable[[Any, str], Any]] = {}  # classes whose reads are noted, with their noting __getattribute__

Class = TypeVar("Class", bound=type)


def reads_noted(identity: frozenset[str]) -> Callable[[Class], Class]:
    """Register a class whose instances, while a page is tracked, note every read of an attribute
    by their `path` (a read of `title` alone apart); reads of the identity attributes are not noted."""

    def register(cls: Class) -> Class:
        def __getattribute__(self: Any, name: str) -> Any:
            if name not in identity:
                tracker = tracking.active
                assert tracker is not None  # installed only while one is
                (tracker.titles if name == "title" else tracker.read).add(object.__getattribute__(self, "path"))
            return object.__getattribute__(self, name)

        _noted[cls] = __getattribute__
        return cls

    return register


@contextmanager
def tracked(tracker: Tracker | None) -> Iterator[None]:
    """Note reads and questions in tracker while inside; with None, nothing is noted inside (taking
    digests or answering a question is not reading content for the page)."""
    outer = tracking.active
    _activate(tracker)
    try:
        yield
    finally:
        _activate(outer)


def _activate(tracker: Tracker | None) -> None:
    if (tracking.active is None) != (tracker is None):
        for cls, noting in _noted.items():
            if tracker is None:
                del cls.__getattribute__  # type: ignore[misc]  # back to object's own
            else:
                cls.__getattribute__ = noting  # type: ignore[method-assign]
    tracking.active = tracker


def question_asked(question: Hashable) -> None:
    if (tracker := tracking.active) is not None:
        tracker.asked.add(question)
