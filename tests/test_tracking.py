"""Reads of records are noted only inside a tracked page, and cost nothing outside one."""

from __future__ import annotations

from pathlib import Path

from tdkt.content.catalog import load_catalog
from tdkt.content.records import Record
from tdkt.content.tracking import Tracker, question_asked, tracked

ROOT = Path(__file__).resolve().parent.parent


def _a_record() -> Record:
    catalog = load_catalog(ROOT)
    assert not isinstance(catalog, list), catalog
    return catalog.records["mo-hinh/nuoi-heo-dat-gui-yeu-thuong"]


def test_outside_a_tracked_page_a_record_is_read_as_a_plain_object() -> None:
    record = _a_record()
    assert Record.__getattribute__ is object.__getattribute__
    assert record.entry is not None  # an ordinary read, nowhere noted


def test_inside_a_tracked_page_reads_titles_and_questions_are_noted() -> None:
    record = _a_record()
    tracker = Tracker()
    with tracked(tracker):
        assert Record.__getattribute__ is not object.__getattribute__
        _ = record.key, record.url, record.id  # identity: not a read of the content
        assert not tracker.read and not tracker.titles
        _ = record.title
        assert tracker.titles == {record.path} and not tracker.read
        _ = record.entry
        question_asked(("get", "x"))
    assert tracker.read == {record.path}
    assert tracker.asked == {("get", "x")}
    assert Record.__getattribute__ is object.__getattribute__


def test_nothing_is_noted_inside_an_untracked_stretch_and_tracking_resumes_after() -> None:
    record = _a_record()
    tracker = Tracker()
    with tracked(tracker):
        with tracked(None):  # e.g. a page cache taking digests while a page renders
            _ = record.entry, record.digest
            question_asked(("get", "y"))
            assert Record.__getattribute__ is object.__getattribute__
        assert not tracker.read and not tracker.asked
        _ = record.entry
    assert tracker.read == {record.path}


def test_tracking_ends_when_the_page_fails() -> None:
    record = _a_record()
    tracker = Tracker()
    try:
        with tracked(tracker):
            raise RuntimeError("a page that failed to render")
    except RuntimeError:
        pass
    _ = record.entry
    assert not tracker.read
    assert Record.__getattribute__ is object.__getattribute__
