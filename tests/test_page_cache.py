"""Pages kept between runs: after any edit, the pages a run reuses or re-renders are exactly what a
run without any cache makes, and an edit re-renders only the pages it can change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tdkt.render.page_cache
from conftest import ROOT, copy_project
from tdkt.build.site import build_site_content


def pages_of(project: Path, use_cache: bool) -> dict[str, str]:
    content = build_site_content(project, use_cache=use_cache)
    assert not isinstance(content, list), [str(p) for p in content]
    return {page.src_uri: page.content + page.preview for page in content.pages}


def rendered_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The pages a cached run renders (the others it reuses)."""
    made: set[str] = set()
    real = tdkt.render.page_cache.PageCache.page

    def page(self, src_uri, make):  # type: ignore[no-untyped-def]
        return real(self, src_uri, lambda: made.add(src_uri) or make())

    monkeypatch.setattr(tdkt.render.page_cache.PageCache, "page", page)
    pages_of(project, use_cache=True)
    monkeypatch.undo()
    return made


def edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_MODEL = """\
name: "Mô hình thêm mới để thử"
locality: "Huyện Lý Sơn, tỉnh Quảng Ngãi"
description: "Một mô hình thêm vào, nêu trong báo cáo."
movements: [dan-van-kheo]
sources:
  - ref: bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw
"""

EDITS = {
    # the issuer of a document that outlines and reports cite with it
    "document issuer": lambda p: edit(p, "van-ban/chi-thi-34-ct-tw-2014.yml", 'issuer: "Bộ Chính trị"', 'issuer: "Bộ Chính trị khóa XI"'),
    # a text only its own page shows
    "movement text": lambda p: edit(p, "phong-trao/dan-van-kheo.yml", "description: \"", "description: \"Đã sửa. "),
    # a new record linking to existing ones: their pages list it although they did not change
    "new record": lambda p: (p / "data/mo-hinh/mo-hinh-them-moi.yml").write_text(NEW_MODEL, encoding="utf-8"),
    # a record removed: pages naming it change, its own page goes
    "record removed": lambda p: (p / "data/mo-hinh/vuon-hoa-trong-cay-xanh.yml").unlink(),
    # an outline's sections: the reports following it are compared with it again
    "outline section": lambda p: edit(p, "de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd.yml", 'title: "', 'title: "Về '),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_after_an_edit_the_kept_pages_are_what_a_fresh_run_makes(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch):
    project = copy_project(tmp_path / "project")
    before = pages_of(project, use_cache=True)  # fills the cache
    EDITS[name](project)
    again = rendered_again(project, monkeypatch)
    cached = pages_of(project, use_cache=True)
    fresh = pages_of(project, use_cache=False)
    assert cached == fresh
    changed = {uri for uri in fresh if before.get(uri) != fresh[uri]}
    assert changed, "the edit changes some page"
    assert changed <= again, "every page whose content changed was rendered again"
    assert len(again) < len(fresh), "pages the edit cannot change were reused"


def test_a_text_edit_renders_its_own_page_again_and_few_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = copy_project(tmp_path / "project")
    pages_of(project, use_cache=True)
    EDITS["movement text"](project)
    again = rendered_again(project, monkeypatch)
    assert "phong-trao/dan-van-kheo.md" in again
    # Its index and browsing pages show its facts; pages that only name it by title do not change.
    assert all(uri.startswith("phong-trao/") for uri in again), again


def test_a_change_to_the_templates_renders_everything_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = copy_project(tmp_path / "project")
    pages = pages_of(project, use_cache=True)
    monkeypatch.setattr(tdkt.render.page_cache, "templates_version", lambda: "another version")
    assert rendered_again(project, monkeypatch) == set(pages)


def test_reading_a_record_is_noted_but_naming_it_by_title_is_apart():
    from tdkt.content.catalog import load_catalog
    from tdkt.content.tracking import Tracker, tracked

    catalog = load_catalog(ROOT)
    record = catalog.records["phong-trao/dan-van-kheo"]
    tracker = Tracker()
    with tracked(tracker):
        assert record.key and record.url and record.title
    assert tracker.read == set() and tracker.titles == {record.path}
    with tracked(tracker):
        assert record.entry.description
        catalog.links_to(record)
    assert tracker.read == {record.path} and ("links_to", record.key) in tracker.asked
    assert re.fullmatch(r"[0-9a-f]{64}", record.digest)
