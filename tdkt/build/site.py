"""Everything the site needs from the content: the edge between core and MkDocs.

build_site_content gives it all at once; site_content_stream gives the same in the order a
build can use it — first the plan (every page and file by name, or the problems), then each page
as it is rendered, then the files — so that MkDocs can start on the first pages while the rest
are still being rendered (see tdkt.build.content_process).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..content.catalog import Catalog, read_catalog
from ..editing.cms_config import RecordChoice
from ..editing.page import EDITING_URIS, editing_files
from ..forms.build import build_forms
from ..base.problems import Problem
from ..render.generated import GeneratedAsset, GeneratedPage, SiteContent, SitePlan
from ..base.project import CACHE_DIR
from ..content.record_cache import RecordCache
from ..render.pages import SiteRenderer, plan_site
from ..render.whats_new import latest_changes

StreamItem = list[Problem] | SitePlan | GeneratedPage | GeneratedAsset


def site_content_stream(root: Path, use_cache: bool = True) -> Iterator[StreamItem]:
    """The problems of the content under root/data and nothing else; or the site's plan, then its
    pages in the plan's order, then its downloadable files (templates of every outline included)."""
    cache = RecordCache.open(root / CACHE_DIR / "records" if use_cache else None)
    catalog = read_catalog(root, cache)
    if isinstance(catalog, list):
        yield catalog
    else:
        changes = latest_changes(root, catalog)
        plan = plan_site(catalog, changes)
        yield replace(plan, assets=plan.assets + list(EDITING_URIS))
        outlines = {record.id: record.entry for record in catalog.records.values() if record.type.key == "outline"}
        forms = build_forms(outlines, root / CACHE_DIR / "forms" if use_cache else None)
        cached = (lambda name: root / CACHE_DIR / name) if use_cache else (lambda name: None)
        renderer = SiteRenderer(catalog, root, forms, cached("jinja"), changes, cached("images"), cached("pages"))
        yield from renderer.pages()
        yield from renderer.assets()
        yield from editing_files(root, _choices(catalog))  # the editing page: configured from the model
        renderer.save()
    # Last: after a change the whole cache is rewritten, which the build need not wait for.
    cache.save()


def build_site_content(root: Path, use_cache: bool = True) -> SiteContent | list[Problem]:
    """Load, validate and render all content under root/data, with the downloadable templates
    of every outline; the problems if there are any."""
    pages: list[GeneratedPage] = []
    assets: list[GeneratedAsset] = []
    problems: list[Problem] = []
    for item in site_content_stream(root, use_cache):  # to its end, where the cache is saved
        if isinstance(item, list):
            problems = item
        elif isinstance(item, GeneratedPage):
            pages.append(item)
        elif isinstance(item, GeneratedAsset):
            assets.append(item)
    return problems or SiteContent(pages, assets)


def _choices(catalog: Catalog) -> list[RecordChoice]:
    return [RecordChoice(r.type.folder, r.id, r.title) for r in catalog.records.values()]
