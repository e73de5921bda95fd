"""The word index cut into small chunks: the same results as Pagefind's own chunks, far fewer bytes."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, serve
from tdkt.search.chunks import (
    PREFIX_KEPT,
    IndexFormatError,
    Word,
    read_words,
    ranges,
    rechunk,
    split_words,
)
from tdkt.search.index import prepare_page


def first_chunk(chunk_ranges: list[tuple[str, str]], term: str) -> int | None:
    """The chunk Pagefind loads for a term: the first whose range holds it (pagefind_web's
    try_request_indexes, strict boundaries)."""
    return next((number for number, (low, high) in enumerate(chunk_ranges) if low <= term <= high), None)


def words_of(*texts: str) -> list[Word]:
    return [Word(text, b"x" * 10) for text in sorted(set(texts))]


def test_a_chunk_never_splits_words_sharing_their_first_letters():
    words = words_of("thi", "thiet", "thu", "thuan", "thuc", "thuong", "ti", "tin", "to", "tra", "trong")
    chunks = split_words(words, target=1)
    for chunk, following in zip(chunks, chunks[1:]):
        assert chunk[-1].text[:PREFIX_KEPT] != following[0].text[:PREFIX_KEPT]
    assert [w.text for w in next(c for c in chunks if c[0].text == "thu")] == ["thu", "thuan", "thuc", "thuong"]


def test_every_word_and_every_prefix_of_three_letters_leads_to_all_its_extensions():
    words = words_of(*"""ban bang banh bao cac cach can canh cao cap chi chinh chu chuc chung chuong
        dua dung duoc gia giai giao hanh hien hoa hoat khen khoa kinh thi thiet thu thuan thuc thuong
        ti tien tin to toan tong tra trien trong truong tu tuong uy van viec vien vu xa xay""".split())
    chunks = split_words(words, target=25)
    assert len(chunks) > 10
    chunk_ranges = ranges(chunks)
    for word in words:
        for length in range(PREFIX_KEPT, len(word.text) + 1):
            term = word.text[:length]
            chunk = first_chunk(chunk_ranges, term)
            assert chunk is not None, term
            extensions = {w.text for w in words if w.text.startswith(term)}
            assert extensions <= {w.text for w in chunks[chunk]}, term


def _pagefind(site: Path, output: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--force-language", "vi", "--quiet"],
        check=True,
    )


@pytest.fixture(scope="module")
def two_indexes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Pagefind's index of pages cut from the seed texts, as Pagefind wrote it (pagefind-goc/) and
    cut again into small chunks (pagefind/); and the words of the index."""
    root = tmp_path_factory.mktemp("chunks")
    pages = root / "pages"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").glob("0*.txt")))
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    for number in range(0, len(paragraphs), 6):
        body = "".join(f"<p>{p}</p>" for p in paragraphs[number : number + 6])
        (pages / f"trang-{number}").mkdir(parents=True)
        (pages / f"trang-{number}" / "index.html").write_text(prepare_page(f"<h1>Trang {number}</h1>{body}", "Trang"), encoding="utf-8")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<!DOCTYPE html><title>t</title>", encoding="utf-8")
    _pagefind(pages, site / "pagefind-goc")
    shutil.copytree(site / "pagefind-goc", site / "pagefind")
    done = rechunk(site / "pagefind", target=1500)
    assert done[0].chunks_after > 5 * done[0].chunks_before
    assert done[0].largest_after < done[0].largest_before / 3
    words = [w.text for f in (site / "pagefind" / "index").iterdir() for w in read_words(f)]
    return site, sorted(words)


SEARCH = """async ([folder, queries]) => {
    const pagefind = await import(`/${folder}/pagefind.js`);
    const found = [];
    for (const query of queries) {
        const search = await pagefind.search(query);
        found.push(search.results.map(result => `${result.id} ${result.score.toFixed(5)}`));
    }
    return found;
}"""


def test_small_chunks_find_what_pagefinds_own_chunks_find(browser, two_indexes):
    site, words = two_indexes
    # A term of one or two letters gets the extensions in its own chunk only (the module says why).
    words = [w for w in words if w.isalpha() and len(w) >= PREFIX_KEPT]
    queries = words + sorted({w[:n] for w in words for n in range(PREFIX_KEPT, len(w))})
    queries += [f"{a} {b}" for a, b in zip(words[::7], words[3::7])]
    queries += ["nuoi heo dat", "thi đua khen thưởng", "ly son", "chỉ thị"]
    with serve(site) as address:
        page = browser.new_page()
        page.goto(f"{address}/index.html")
        own = page.evaluate(SEARCH, ["pagefind-goc", queries])
        page.close()
        page = browser.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{address}/index.html")
        small = page.evaluate(SEARCH, ["pagefind", queries])
        page.close()
    different = [(q, len(a), len(b)) for q, a, b in zip(queries, own, small) if a != b]
    assert different == []
    assert sum(bool(r) for r in small) > 0.9 * len(queries)
    assert not any("pagefind-goc" in url for url in fetched)


def test_a_built_site_has_small_chunks(built_site):
    index = built_site.site / "pagefind" / "index"
    sizes = [f.stat().st_size for f in index.iterdir()]
    assert len(sizes) >= 5  # Pagefind writes one or two for a site this size
    assert max(sizes) < 16_000
    entry = json.loads((built_site.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_hash = entry["languages"]["vi"]["hash"]
    assert [f.name for f in (built_site.site / "pagefind").glob("*.pf_meta")] == [f"pagefind.{meta_hash}.pf_meta"]


def test_an_index_of_another_pagefind_version_is_refused(two_indexes, tmp_path):
    copy = tmp_path / "pagefind"
    shutil.copytree(two_indexes[0] / "pagefind-goc", copy)
    entry = copy / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"1.5.2"', '"1.6.0"'), encoding="utf-8")
    with pytest.raises(IndexFormatError, match="Pagefind 1.6.0.*tdkt/search/chunks.py"):
        rechunk(copy)


def test_a_damaged_chunk_is_refused_with_its_name(two_indexes, tmp_path):
    copy = tmp_path / "pagefind"
    shutil.copytree(two_indexes[0] / "pagefind-goc", copy)
    chunk = next((copy / "index").iterdir())
    chunk.write_bytes(gzip.compress(b"not pagefind"))
    # As the build runs it (tdkt.search.index): its own process, whose message becomes the build's.
    run = subprocess.run([sys.executable, "-m", "tdkt.search.chunks", str(copy)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert f"{chunk.name}: không bắt đầu bằng chữ ký" in run.stderr
    assert "Traceback" not in run.stderr
    assert chunk.is_file()  # nothing was replaced
