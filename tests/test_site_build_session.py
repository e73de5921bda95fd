"""What a build keeps, removes and finishes, decided by tdkt.build.site_build without MkDocs (the hooks
only hand it MkDocs's files)."""

from __future__ import annotations

from pathlib import Path

from tdkt.render.generated import PREVIEW_MARK, GeneratedPage, SitePlan, block_mark
from tdkt.build.site_build import SiteBuild

MOVEMENT = "data/phong-trao/dan-van-kheo.yml"


def dest(src_uri: str) -> str:
    """Where MkDocs writes a page (directory URLs)."""
    stem = src_uri.removesuffix(".md")
    return "index.html" if stem == "index" else stem.removesuffix("/index") + "/index.html"


def built(project: Path, site: Path, versions: tuple[str, ...] = ("1",)) -> tuple[SiteBuild, SitePlan, dict[str, str]]:
    """One whole build as MkDocs would make it: every generated page and file written into site,
    every page's article given for search, the index made and the state saved."""
    build = SiteBuild(project, serving=False, dirty=True, versions=versions)
    plan = build.plan(site)
    assert isinstance(plan, SitePlan), plan
    written = {}
    for src_uri, _ in plan.pages:
        page, path = build.content.page(src_uri), dest(src_uri)
        html = build.article(f"<h1>{src_uri}</h1><p>{page.content[:200]}</p>", path, path.removesuffix("index.html"), page)
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
        written[path] = page.digest
    for src_uri in plan.assets:
        asset = build.content.asset(src_uri)
        (site / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (site / src_uri).write_bytes(asset.content)
        written[src_uri] = asset.digest
    build.start_search(dest(uri) for uri, _ in plan.pages)
    build.finish(written, lambda output: None)
    return build, plan, written


def test_a_second_build_keeps_what_did_not_change_and_removes_what_is_gone(project_copy: Path, tmp_path: Path):
    site = tmp_path / "site"
    first, plan, written = built(project_copy, site)
    assert first.starts_whole and not first.reuses  # nothing to vouch for the folder yet
    assert (site / "pagefind" / "pagefind-entry.json").is_file()

    (project_copy / MOVEMENT).unlink()
    second = SiteBuild(project_copy, serving=False, dirty=True, versions=("1",))
    plan_after = second.plan(site)
    assert isinstance(plan_after, SitePlan)
    assert second.reuses and not second.starts_whole
    page = "phong-trao/lao-dong-gioi-lao-dong-sang-tao/index.html"
    assert second.unchanged(page, written[page], site / page, is_page=True)
    assert not second.unchanged(page, "another digest", site / page, is_page=True)
    (site / page).unlink()
    assert not second.unchanged(page, written[page], site / page, is_page=True)  # a file removed by hand is written again
    gone = second.remove_gone(site, [dest(uri) for uri, _ in plan_after.pages] + plan_after.assets)
    assert gone == {"phong-trao/dan-van-kheo/index.html"}
    assert not (site / "phong-trao" / "dan-van-kheo").exists()  # and the folder it leaves empty
    second.stop()


def test_a_change_to_what_every_page_shares_rebuilds_everything(project_copy: Path, tmp_path: Path):
    site = tmp_path / "site"
    built(project_copy, site)
    for versions, config_edit in ((("2",), False), (("1",), True)):
        if config_edit:
            config = project_copy / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
        build = SiteBuild(project_copy, serving=False, dirty=True, versions=versions)
        assert isinstance(build.plan(site), SitePlan)
        assert build.starts_whole and not build.reuses
        build.stop()


def test_an_article_gets_its_blocks_then_is_indexed_then_gets_its_preview_and_links(project_copy: Path, tmp_path: Path):
    build = SiteBuild(project_copy, serving=False, dirty=False, versions=("1",))
    plan = build.plan(tmp_path / "site")
    assert isinstance(plan, SitePlan)
    page = GeneratedPage(
        "de-cuong/x.md", "", None, "Đề cương", preview="<div>BẢN XEM TRƯỚC</div>", blocks=("<ul><li>Danh sách dài</li></ul>",)
    )
    html = build.article(f"<p>Theo Chỉ thị 34-CT/TW.</p>\n{block_mark(0)}\n{PREVIEW_MARK}", "de-cuong/x/index.html", "de-cuong/x/", page)
    assert "<ul><li>Danh sách dài</li></ul>" in html and "BẢN XEM TRƯỚC" in html
    assert 'href="../../van-ban/chi-thi-34-ct-tw-2014/"' in html  # the number is a link
    build.start_search(["de-cuong/x/index.html"])  # the article is on disk once indexing starts
    indexed = (build.search.folder / "de-cuong" / "x" / "index.html").read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "Danh sách dài" in indexed and "BẢN XEM TRƯỚC" not in indexed
    build.stop()
