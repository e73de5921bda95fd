"""The content built in a second process: the same pages and files as in one, in the plan's order,
problems instead of a plan for bad content, and a clear failure when the process dies."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tdkt.build.content_process import ContentProcess, ContentProcessError
from tdkt.render.generated import GeneratedAsset, GeneratedPage, SitePlan
from tdkt.build.site import build_site_content, site_content_stream

ROOT = Path(__file__).resolve().parent.parent


def test_the_second_process_sends_what_one_process_builds(project_copy: Path):
    expected = build_site_content(project_copy, use_cache=False)
    assert not isinstance(expected, list), expected
    process = ContentProcess(project_copy)
    plan = process.plan()
    assert isinstance(plan, SitePlan)
    assert plan.pages == [(page.src_uri, page.edit_path) for page in expected.pages]
    assert plan.assets == [asset.src_uri for asset in expected.assets]
    received = process.content()
    assert received.pages == expected.pages
    assert {a.src_uri: (a.content, a.digest) for a in received.assets} == {
        a.src_uri: (a.content, a.digest) for a in expected.assets
    }
    process.finish()
    assert (project_copy / ".cache" / "records" / "records.pickle").is_file(), "the process saved what the next build reuses"


def test_the_plan_comes_first_and_pages_follow_it():
    items = site_content_stream(ROOT, use_cache=False)
    plan = next(items)
    assert isinstance(plan, SitePlan)
    rest = list(items)
    pages = [item.src_uri for item in rest if isinstance(item, GeneratedPage)]
    assert pages == [uri for uri, _ in plan.pages], "pages arrive in the plan's order"
    files = rest[len(pages):]
    assert files and all(isinstance(item, GeneratedAsset) for item in files), "files come last"
    assert [item.src_uri for item in files] == plan.assets


def test_bad_content_comes_back_as_problems_not_a_plan(project_copy: Path):
    broken = project_copy / "data" / "phong-trao" / "dan-van-kheo.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("name:", "ten:", 1), encoding="utf-8")
    problems = ContentProcess(project_copy).plan()
    assert isinstance(problems, list) and problems
    assert any(p.location.path == "data/phong-trao/dan-van-kheo.yml" for p in problems)


def test_a_dead_process_is_an_error_with_its_output_not_a_hang(project_copy: Path):
    process = ContentProcess(project_copy)
    process._process.kill()  # as if it crashed
    with pytest.raises(ContentProcessError, match="-9|chưa gửi đủ"):
        process.page("khong-co/trang-nay.md")


def _build(project: Path, keep: bool) -> tuple[ContentProcess, dict[str, str]]:
    process = ContentProcess(project, keep=keep)
    received = process.content()
    process.finish()
    return process, {page.src_uri: page.content for page in received.pages}


def test_while_serving_one_process_stays_warm_and_sends_what_a_fresh_one_sends(project_copy: Path, monkeypatch: pytest.MonkeyPatch):
    import tdkt.build.content_process as content_process

    first, pages = _build(project_copy, keep=True)
    movement = project_copy / "data" / "phong-trao" / "dan-van-kheo.yml"
    movement.write_text(movement.read_text(encoding="utf-8").replace("Dân vận khéo", "Dân vận khéo léo", 1), encoding="utf-8")
    second, edited = _build(project_copy, keep=True)
    assert second._process.pid == first._process.pid, "the same process built again"
    assert edited != pages and "Dân vận khéo léo" in edited["phong-trao/dan-van-kheo.md"]
    _, fresh = _build(project_copy, keep=False)
    assert edited == fresh
    first.cancel()  # a finished build: cancelling it leaves the process for the next
    assert second._process.poll() is None
    # Changed code: a new process, which reads the new code.
    monkeypatch.setattr(content_process, "_code_version", lambda: "other code")
    third, again = _build(project_copy, keep=True)
    assert third._process.pid != second._process.pid and again == fresh
    assert second._process.poll() is not None, "the old one was stopped"
    # Cancelled half-way: the process is stopped and the next build starts a new one.
    fourth = ContentProcess(project_copy, keep=True)
    fourth.cancel()
    assert fourth._process.poll() is not None
    fifth, last = _build(project_copy, keep=True)
    assert fifth._process.pid != fourth._process.pid and last == fresh
    content_process._forget_worker(fifth._worker)


def test_bad_content_while_serving_is_reported_and_the_process_serves_the_next_build(project_copy: Path):
    import tdkt.build.content_process as content_process

    process, _ = _build(project_copy, keep=True)
    cache = project_copy / ".cache" / "records" / "records.pickle"
    broken = project_copy / "data" / "phong-trao" / "dan-van-kheo.yml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text("- [", encoding="utf-8")  # problems come back; the process stays
    problems = ContentProcess(project_copy, keep=True).plan()
    assert isinstance(problems, list) and problems
    broken.write_text(text, encoding="utf-8")
    again, pages = _build(project_copy, keep=True)
    assert again._process.pid == process._process.pid and pages
    # The caches are written once the process has waited a moment for the next build.
    deadline = time.monotonic() + 30
    while not cache.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cache.is_file()
    content_process._forget_worker(again._worker)


def test_a_garbled_stream_while_serving_is_an_error_and_the_next_build_starts_afresh(project_copy: Path, monkeypatch: pytest.MonkeyPatch):
    import threading

    import tdkt.build.content_process as content_process

    uncaught: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda hook: uncaught.append(hook.exc_value))
    real_load = content_process.pickle.load

    def garbled(stream):  # type: ignore[no-untyped-def]
        real_load(stream)
        raise UnicodeDecodeError("utf-8", b"\x95", 0, 1, "invalid start byte")

    monkeypatch.setattr(content_process.pickle, "load", garbled)
    process = ContentProcess(project_copy, keep=True)
    with pytest.raises(ContentProcessError, match="Không đọc được nội dung từ tiến trình dựng: 'utf-8' codec"):
        process.plan()
    assert uncaught == []  # reported to the build, not a traceback from a thread
    monkeypatch.setattr(content_process.pickle, "load", real_load)
    _, pages = _build(project_copy, keep=True)  # a new process: the old one's stream is not trusted
    assert "phong-trao/dan-van-kheo.md" in pages
