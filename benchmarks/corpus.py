"""Synthetic content shaped like the real content, for benchmarks (a copy of the project plus N records),
and the small tools benchmarks and tests share: timed builds, a free port, waiting for a page."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "sources", "data", "tdkt")
PROVINCES = ["Lạng Sơn", "Quảng Ngãi", "Đắk Lắk", "Bình Định", "Hà Tĩnh", "Sơn La", "Cà Mau", "Thừa Thiên Huế"]
REPORT_SOURCE = "sources/004_76946429fbf007d8.txt"
SOURCE_REF = "bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw"


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


# Shares of each content type in a synthetic corpus, per 20 items: outlines and reports are long
# written documents, models and movements short records, documents a heading and a few facts.
MIX = (("outline", 2), ("report", 2), ("exemplar", 6), ("movement", 6), ("document", 4))


def add_corpus(project: Path, count: int, seed: int = 1) -> dict[str, int]:
    """count items across the content types in the shares of MIX; how many of each were added."""
    total = sum(share for _, share in MIX)
    counts = {kind: count * share // total for kind, share in MIX}
    counts["movement"] += count - sum(counts.values())
    add_outlines(project, counts["outline"])
    add_reports(project, counts["report"])
    add_exemplars(project, counts["exemplar"], seed)
    add_movements(project, counts["movement"], seed)
    add_documents(project, counts["document"], seed)
    return counts


def add_outlines(project: Path, count: int) -> None:
    """Outlines cloned from the seed outlines, titles and section titles varied."""
    seeds = sorted((ROOT / "data" / "de-cuong").glob("*.yml"))
    for number in range(count):
        seed = seeds[number % len(seeds)]
        data = yaml.safe_load(seed.read_text(encoding="utf-8"))
        province = PROVINCES[number % len(PROVINCES)]
        data["title"] = f"{data['title']} — bản {number + 1} ({province})"
        data["locality"] = f"Tỉnh {province}"
        _vary(data["sections"], number)
        target = project / "data" / "de-cuong" / f"{seed.stem}-ban-{number + 1}.yml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_movements(project: Path, count: int, seed: int = 1) -> None:
    """Movement pages of about 2 KB each, their text drawn from the sentences of the Lý Sơn report."""
    sentences = _sentences()
    chooser = random.Random(seed)
    _add(project, "phong-trao", "phong-trao-tong-hop", count, lambda number, province: {
        "name": f"Phong trào thi đua số {number + 1}: {_one_line(chooser.choice(sentences)[:60])}",
        "locality": f"Tỉnh {province}",
        "periods": [f"{2014 + number % 8}-{2019 + number % 8}"],
        "fields": [chooser.choice(["Giảm nghèo", "Văn hóa", "Nông thôn mới", "Chuyển đổi số"])],
        "description": " ".join(chooser.choice(sentences) for _ in range(6)),
        "sources": [{"ref": SOURCE_REF}],
    })


def add_reports(project: Path, count: int) -> None:
    """Reports cloned from the Lý Sơn report, each following one of the synthetic outlines when
    there are some (so that coverage is computed against varied outlines), else the real one."""
    seed = ROOT / "data" / "bao-cao" / "ly-son-tong-ket-10-nam-chi-thi-34-ct-tw.yml"
    data = yaml.safe_load(seed.read_text(encoding="utf-8"))
    outlines = sorted(p.stem for p in (project / "data" / "de-cuong").glob("*-ban-*.yml"))

    def clone(number: int, province: str) -> dict:
        copy = {**data, "title": f"{data['title']} — bản {number + 1} ({province})", "locality": f"Tỉnh {province}"}
        if outlines:
            copy["follows"] = outlines[number % len(outlines)]
        return copy

    _add(project, "bao-cao", "bao-cao-tong-hop", count, clone)


def add_exemplars(project: Path, count: int, seed: int = 1) -> None:
    """Exemplary models of about 1 KB each, their text drawn from the sentences of the Lý Sơn report."""
    sentences = _sentences()
    chooser = random.Random(seed + 1)
    _add(project, "mo-hinh", "mo-hinh-tong-hop", count, lambda number, province: {
        "name": f"Mô hình số {number + 1}: {_one_line(chooser.choice(sentences)[:50])}",
        "kind": chooser.choice(["Mô hình", "Điển hình tiên tiến"]),
        "locality": f"Tỉnh {province}",
        "fields": [chooser.choice(["Giảm nghèo", "Văn hóa", "Nông thôn mới", "Nhân đạo, từ thiện"])],
        "description": " ".join(chooser.choice(sentences) for _ in range(3)),
        "results": chooser.choice(sentences),
        "sources": [{"ref": SOURCE_REF}],
    })


def add_documents(project: Path, count: int, seed: int = 1) -> None:
    """Plans and decisions with numbers of their own, issued by the provinces' people's committees."""
    sentences = _sentences()
    chooser = random.Random(seed + 2)

    def document(number: int, province: str) -> dict:
        kind, code = chooser.choice([("Kế hoạch", "KH-UBND"), ("Quyết định", "QĐ-UBND"), ("Chỉ thị", "CT-UBND")])
        return {
            "type": kind,
            "number": f"{1000 + number}/{code}",
            "issuer": f"UBND tỉnh {province}",
            "date": f"{2014 + number % 10}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "title": chooser.choice(sentences)[:160],
            "locality": f"Tỉnh {province}",
            "sources": [{"ref": SOURCE_REF}],
        }

    _add(project, "van-ban", "van-ban-tong-hop", count, document)


def _add(project: Path, folder: str, prefix: str, count: int, make: Callable[[int, str], dict]) -> None:
    """count data files <prefix>-1.yml … in data/<folder>/, each made from its number and a province."""
    for number in range(count):
        data = make(number, PROVINCES[number % len(PROVINCES)])
        target = project / "data" / folder / f"{prefix}-{number + 1}.yml"
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _sentences() -> list[str]:
    text = (ROOT / REPORT_SOURCE).read_text(encoding="utf-8").replace("*", "")
    text = re.sub(r"<[^>]*>", "", text)
    return [s.strip() + "." for s in re.split(r"[.;]\s+", text) if 60 < len(s.strip()) < 400]


def _vary(blocks: list, number: int) -> None:
    for block in blocks:
        if "title" in block:
            block["title"] = f"{block['title']} (đơn vị số {number + 1})"
            _vary(block.get("content", []), number)


def _one_line(text: str) -> str:
    """Names are one line (the portal rejects a line break in them): sentences may hold one."""
    return " ".join(text.split())


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def mkdocs_build(project: Path, *options: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    def run() -> None:
        subprocess.run([str(mkdocs), "build", "--strict", "-q", *options], cwd=project, env=env, check=True)
    return timed(run)


def folder_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_text(url: str, text: str, timeout: float) -> None:
    """Poll url until its body contains text."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=10).read().decode("utf-8"):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} not at {url} after {timeout} s")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """A built site served on a free loopback port; yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
