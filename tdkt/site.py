"""Everything the site needs from the content, produced in one call: the edge between core and MkDocs."""

from __future__ import annotations

from pathlib import Path

from .catalog import load_catalog
from .problems import Problem
from .render.pages import SiteContent, render_site


def build_site_content(root: Path) -> SiteContent | list[Problem]:
    """Load, validate and render all content under root/data; the problems if there are any."""
    catalog = load_catalog(root)
    if isinstance(catalog, list):
        return catalog
    return render_site(catalog, root)
