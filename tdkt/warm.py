"""Cache files kept in memory by a process that builds more than once (the content process kept
between `serve` builds, tdkt.content_process): a cache file unchanged since this process read or
wrote it is not read again. Unpickling a thousand records costs a good part of a second."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

_loaded: dict[Path, tuple[tuple[int, int], Any]] = {}


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def load(path: Path) -> Any:
    """The unpickled content of path, from memory when the file is as this process left it;
    raises what reading or unpickling raises."""
    signature = _signature(path)
    kept = _loaded.get(path)
    if kept is not None and signature is not None and kept[0] == signature:
        return kept[1]
    value = pickle.loads(path.read_bytes())
    if signature is not None:
        _loaded[path] = (signature, value)
    return value


def save(path: Path, value: Any) -> None:
    """Write value to path atomically (a build never reads half a cache) and keep it in memory."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)
    if (signature := _signature(path)) is not None:
        _loaded[path] = (signature, value)
