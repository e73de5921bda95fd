"""What a page was made from: the records it read and the questions it asked the catalog.

While a page renders, every record it reads (any attribute of it) and every catalog question it
asks ("which records link to X?", "which document has number N?", "all reports") are noted.
A later run can then tell, without rendering, whether the page would come out the same: the
records it read are unchanged and the questions still have the same answers.

Recording is global to the process and off unless a page is rendering (Tracker.active), so the
rest of the code pays one attribute test per access.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field


@dataclass
class Tracker:
    read: set[str] = field(default_factory=set)  # paths of the records read
    titles: set[str] = field(default_factory=set)  # paths of the records of which only the title was read
    asked: set[Hashable] = field(default_factory=set)  # catalog questions, as (method name, *arguments)


class _Tracking:
    """The tracker of the page being rendered, if any."""

    active: Tracker | None = None


tracking = _Tracking()


def record_read(path: str) -> None:
    if (tracker := tracking.active) is not None:
        tracker.read.add(path)


def question_asked(question: Hashable) -> None:
    if (tracker := tracking.active) is not None:
        tracker.asked.add(question)
