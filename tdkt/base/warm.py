"""Cache files kept in memory by a process that builds more than once (the content process kept
between `serve` builds, tdkt.build.content_process): a cache file unchanged since this process read or
wrote it is not read again (unpickling a thousand records costs a good part of a second), and,
when writes are deferred, a cache is written when the process has nothing else to do rather than
between an edit and the page that shows it."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

_loaded: dict[Path, tuple[tuple[int, int] | None, Any]] = {}
_pending: dict[Path, Any] = {}
_deferred = False


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def load(path: Path) -> Any:
    """The unpickled content of path, from memory when the file is as this process left it
    (including a value saved but not written yet); raises what reading or unpickling raises."""
    signature = _signature(path)
    kept = _loaded.get(path)
    if kept is not None and kept[0] == signature:
        return kept[1]
    value = pickle.loads(path.read_bytes())
    _loaded[path] = (signature, value)
    return value


def save(path: Path, value: Any) -> None:
    """Write value to path atomically (a build never reads half a cache), or later if deferred."""
    if _deferred:
        _loaded[path] = (_signature(path), value)
        _pending[path] = value
        return
    _write(path, value)


def defer() -> None:
    """From now on, save() keeps values in memory until flush()."""
    global _deferred
    _deferred = True


def flush() -> None:
    """Write what save() kept in memory."""
    while _pending:
        path, value = _pending.popitem()
        _write(path, value)


def _write(path: Path, value: Any) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)
    _loaded[path] = (_signature(path), value)
