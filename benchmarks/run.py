"""Benchmark: build time of the portal and of its templates with many outlines. Prints figures.

    .venv/bin/python benchmarks/run.py --outlines 100 1000

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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tdkt.catalog import Catalog, load_catalog  # noqa: E402
from tdkt.forms.build import build_forms  # noqa: E402

PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "sources", "data", "tdkt")
PROVINCES = ["Lạng Sơn", "Quảng Ngãi", "Đắk Lắk", "Bình Định", "Hà Tĩnh", "Sơn La", "Cà Mau", "Thừa Thiên Huế"]


def make_project(destination: Path, outlines: int) -> Path:
    destination.mkdir(parents=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    seeds = sorted((ROOT / "data" / "de-cuong").glob("*.yml"))
    for number in range(outlines):
        seed = seeds[number % len(seeds)]
        data = yaml.safe_load(seed.read_text(encoding="utf-8"))
        province = PROVINCES[number % len(PROVINCES)]
        data["title"] = f"{data['title']} — bản {number + 1} ({province})"
        data["locality"] = f"Tỉnh {province}"
        _vary(data["sections"], number)
        target = destination / "data" / "de-cuong" / f"{seed.stem}-ban-{number + 1}.yml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return destination


def _vary(blocks: list, number: int) -> None:
    for block in blocks:
        if "title" in block:
            block["title"] = f"{block['title']} (đơn vị số {number + 1})"
            _vary(block.get("content", []), number)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def mkdocs_build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    def run() -> None:
        subprocess.run([str(mkdocs), "build", "--strict", "-q"], cwd=project, env=env, check=True)
    return timed(run)


def folder_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def measure(outlines: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        project = make_project(Path(temporary) / "project", outlines)
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
