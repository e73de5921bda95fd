"""Everything the site needs from the content, produced in one call: the edge between core and MkDocs."""

from __future__ import annotations

from pathlib import Path

from .catalog import load_catalog
from .forms.build import build_forms
from .problems import Problem
from .render.pages import SiteContent, render_site

CACHE_DIR = Path(".cache")


def build_site_content(root: Path, use_cache: bool = True) -> SiteContent | list[Problem]:
    """Load, validate and render all content under root/data, with the downloadable templates
    of every outline; the problems if there are any."""
    catalog = load_catalog(root, cache_dir=root / CACHE_DIR / "records" if use_cache else None)
    if isinstance(catalog, list):
        return catalog
    outlines = {record.id: record.entry for record in catalog.records.values() if record.type.key == "outline"}
    forms = build_forms(outlines, root / CACHE_DIR / "forms" if use_cache else None)
    return render_site(catalog, root, forms, root / CACHE_DIR / "jinja" if use_cache else None)
