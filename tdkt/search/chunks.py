"""Pagefind's word index cut again into small pieces, so that a search downloads little.

A query downloads one index chunk per word typed. Pagefind 1.5.2 closes a chunk once it holds
20,000 word positions, but it counts only the positions of a word's unaccented form, not those of
its accented variants, which hold nearly all of a Vietnamese text's positions ("dua" vs "đua").
On this site its chunks therefore held up to 309,000 positions (16 chunks of 50–105 KB at 1,000
pages, measured), and "nuoi heo dat" downloaded 215 KB of index for three short posting lists.

Here the chunks Pagefind wrote are read back and cut again at about TARGET_BYTES bytes (about 3 KB
once compressed). A chunk boundary falls only between two words that differ within
their first PREFIX_KEPT letters: a word being typed, once it has that many letters, has all its
extensions in the one chunk Pagefind loads for it ("thu" → "thuc", "thuong"), so full words and
prefixes of three letters or more find exactly what they find with Pagefind's own chunks. A prefix
of one or two letters ("th", while typing) gets the extensions of its own chunk only, as a prefix
at one of Pagefind's own boundaries does. Each chunk's range starts at the shortest prefix that sets
it apart from the chunk before and ends at its last word, so that every term falls in the chunk that
holds it (Pagefind's own ranges end at a prefix, which a longer word of the chunk sorts after).

Only the chunk files and the list of chunks in the language's metadata change: each word is copied
byte for byte. The format is Pagefind's own, internal to one version: the version is checked, and
any shape not expected is an error, never a guess.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import cbor2

PAGEFIND_VERSION = "1.5.2"
SIGNATURE = b"pagefind_dcd"
TARGET_BYTES = 12_000
PREFIX_KEPT = 3
_ENTRY = "pagefind-entry.json"


class IndexFormatError(Exception):
    """The index is not what this module knows how to cut: the message says what differs."""


@dataclass(frozen=True)
class Word:
    text: str
    encoded: bytes  # the word's CBOR item as Pagefind wrote it: text, pages, variants


@dataclass(frozen=True)
class Rechunked:
    language: str
    meta_hash: str  # the name Pagefind's entry file gives the language's metadata
    chunks_before: int
    chunks_after: int
    largest_before: int  # bytes of the largest chunk file
    largest_after: int


def _content(file: Path) -> bytes:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{file.name}: không bắt đầu bằng chữ ký {SIGNATURE.decode()}")
    return data[len(SIGNATURE):]


def _array_header(length: int) -> bytes:
    """CBOR's head of a definite-length array (major type 4)."""
    if length < 24:
        return bytes([0x80 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([0x80 | info]) + length.to_bytes(size, "big")
    raise ValueError(length)


def _array_length(data: bytes, offset: int, file: Path) -> tuple[int, int]:
    """Length of the definite-length array whose head is at offset; the offset of its first item."""
    head = data[offset]
    info = head & 0x1F
    if head >> 5 != 4 or info > 27:
        raise IndexFormatError(f"{file.name}: mong đợi một mảng CBOR ở byte {offset}")
    if info < 24:
        return info, offset + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[offset + 1 : offset + 1 + size], "big"), offset + 1 + size


def read_words(file: Path) -> list[Word]:
    """The words of one chunk file (a CBOR [[word, …]]), each with its bytes as written."""
    data = _content(file)
    outer, offset = _array_length(data, 0, file)
    count, offset = _array_length(data, offset, file)
    if outer != 1:
        raise IndexFormatError(f"{file.name}: mảnh chỉ mục không có dạng [[từ…]]")
    stream = io.BytesIO(data)
    stream.seek(offset)
    decoder = cbor2.CBORDecoder(stream)
    words = []
    for _ in range(count):
        start = stream.tell()
        item = decoder.decode()
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            raise IndexFormatError(f"{file.name}: một từ không có dạng [từ, trang, biến thể]: {str(item)[:80]}")
        words.append(Word(item[0], data[start : stream.tell()]))
    if stream.tell() != len(data):
        raise IndexFormatError(f"{file.name}: còn dữ liệu sau từ cuối cùng")
    return words


def _write(folder: Path, prefix: str, suffix: str, content: bytes) -> str:
    """Write content as Pagefind does (signature + CBOR, gzip at its level, 6: level 9 takes four
    times as long for 2% less); the file's hash-based name."""
    data = SIGNATURE + content
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:10]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
    return name


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b):
        if x != y:
            break
        length += 1
    return length


def split_words(words: list[Word], target: int = TARGET_BYTES, kept: int = PREFIX_KEPT) -> list[list[Word]]:
    """Sorted words in runs of about `target` bytes, cut only where the next word differs within
    the first `kept` letters."""
    chunks: list[list[Word]] = []
    current: list[Word] = []
    size = 0
    for number, word in enumerate(words):
        current.append(word)
        size += len(word.encoded)
        following = words[number + 1].text if number + 1 < len(words) else None
        if size >= target and (following is None or _common_prefix(word.text, following) < kept):
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def ranges(chunks: list[list[Word]]) -> list[tuple[str, str]]:
    """(from, to) of each chunk: from is the first word cut to the shortest prefix that differs
    from the previous chunk's last word, to is the chunk's last word."""
    result = []
    for number, chunk in enumerate(chunks):
        first = chunk[0].text
        if number:
            first = first[: _common_prefix(chunks[number - 1][-1].text, first) + 1]
        result.append((first, chunk[-1].text))
    return result


def rechunk(output: Path, target: int = TARGET_BYTES) -> list[Rechunked]:
    """Cut again the word index of every language of the Pagefind output folder, in place."""
    entry_file = output / _ENTRY
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION:
        raise IndexFormatError(
            f"{_ENTRY}: Pagefind {entry.get('version')}, bước chia lại chỉ mục chỉ biết định dạng của "
            f"Pagefind {PAGEFIND_VERSION}; hãy kiểm tra lại tdkt/search/chunks.py khi đổi phiên bản"
        )
    done = []
    for language, facts in entry["languages"].items():
        done.append(_rechunk_language(output, language, facts["hash"], target))
        facts["hash"] = done[-1].meta_hash
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return done


def _rechunk_language(output: Path, language: str, meta_hash: str, target: int) -> Rechunked:
    meta_file = output / f"pagefind.{meta_hash}.pf_meta"
    meta = cbor2.loads(_content(meta_file))
    if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == PAGEFIND_VERSION and isinstance(meta[2], list)):
        raise IndexFormatError(f"{meta_file.name}: siêu dữ liệu không có dạng của Pagefind {PAGEFIND_VERSION}")
    index = output / "index"
    old_files = []
    words: list[Word] = []
    for chunk in meta[2]:
        if not (isinstance(chunk, list) and len(chunk) == 3 and isinstance(chunk[2], str)):
            raise IndexFormatError(f"{meta_file.name}: một mảnh chỉ mục không có dạng [từ, đến, mã]")
        old_files.append(index / f"{chunk[2]}.pf_index")
        words.extend(read_words(old_files[-1]))
    if any(a.text >= b.text for a, b in zip(words, words[1:])):
        raise IndexFormatError(f"{meta_file.name}: các từ của chỉ mục không theo thứ tự")

    chunks = split_words(words, target)
    prefix = language.split("_")[0] + "_"
    written = []
    for (first, last), chunk in zip(ranges(chunks), chunks):
        content = _array_header(1) + _array_header(len(chunk)) + b"".join(word.encoded for word in chunk)
        written.append([first, last, _write(index, prefix, ".pf_index", content)])
    largest_before = max((file.stat().st_size for file in old_files), default=0)
    new_files = {index / f"{name}.pf_index" for _, _, name in written}
    largest_after = max((file.stat().st_size for file in new_files), default=0)
    for file in old_files:
        if file not in new_files:
            file.unlink()

    meta[2] = written
    meta_name = _write(output, f"pagefind.{prefix}", ".pf_meta", cbor2.dumps(meta)).removeprefix("pagefind.")
    if output / f"pagefind.{meta_name}.pf_meta" != meta_file:
        meta_file.unlink()
    return Rechunked(language, meta_name, len(old_files), len(written), largest_before, largest_after)


def main(arguments: list[str]) -> int:
    """`python -m tdkt.search.chunks <Pagefind output folder>`: the index is cut again in its own
    process, beside Pagefind's, so that a build being served meanwhile keeps its core (and the
    interpreter's lock) to itself."""
    if len(arguments) != 1:
        print("Cách dùng: python -m tdkt.search.chunks <thư mục chỉ mục Pagefind>", file=sys.stderr)
        return 2
    gc.disable()  # only lists of numbers, freed together when the process ends
    try:
        rechunk(Path(arguments[0]))
    except IndexFormatError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Không đọc hoặc ghi được chỉ mục tìm kiếm: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
