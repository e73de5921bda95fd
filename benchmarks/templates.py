"""Benchmark: build time of the portal and of its templates with many outlines. Prints figures.

      .venv/bin/python benchmarks/templates.py --outlines 100 1000

For each size, a throwaway copy of the project gets N synthetic outlines shaped like the real ones
(the seed outlines, with their titles and section texts varied), then it measures:
- template generation alone, cold (no cache) and warm (everything cached);
- `mkdocs build --strict` cold (empty template cache) and again with the cache filled;
- the size of the built site and of the template files in it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tdkt.content.catalog import Catalog, load_catalog  # noqa: E402
from tdkt.forms.build import build_forms  # noqa: E402
from corpus import add_outlines, copy_project, folder_size, mkdocs_build, timed  # noqa: E402



def measure(outlines: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(Path(temporary) / "project")
        add_outlines(project, outlines)
        catalog = load_catalog(project)
        assert isinstance(catalog, Catalog), catalog
        entries = {r.id: r.entry for r in catalog.records.values() if r.type.key == "outline"}
        cache = project / ".cache" / "forms"
        cold_forms = timed(lambda: build_forms(entries, cache))
        warm_forms = timed(lambda: build_forms(entries, cache))
        shutil.rmtree(project / ".cache")
        cold_build = mkdocs_build(project)
        warm_build = mkdocs_build(project)
        site = project / "site"
        templates = folder_size(site / "mau")
        print(
            f"{len(entries):>6} outlines | templates: {len(entries) * 6:>5} files, cold {cold_forms:6.1f} s, "
            f"cached {warm_forms:5.2f} s | mkdocs build: cold {cold_build:6.1f} s, cached {warm_build:6.1f} s | "
            f"site {folder_size(site) / 1e6:6.1f} MB (templates {templates / 1e6:5.1f} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outlines", type=int, nargs="+", default=[100, 1000], help="synthetic outlines to add")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; each line: a fresh project with the seed content plus N outlines")
    for count in args.outlines:
        measure(count)


if __name__ == "__main__":
    main()
