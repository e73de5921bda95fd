"""Run one reader on an untrusted file in a child process with bounds on its memory and time.

`run_bounded(function, *args, source=…, limits=…)` forks; the child starts its own session, sets
RLIMIT_AS (its address space now plus `limits.memory`), RLIMIT_CPU and no core files, points TMPDIR
at a private folder (0700) and calls function(*args). The parent waits at most `limits.wall`
seconds, then kills the child's process group and every process left in its session (a converter
it started, in a process group of its own). The result comes back pickled through a pipe, at most
`limits.output` bytes. The private folder is removed in every case. `start_bounded` forks and
returns at once, for a caller with work of its own to do while the child reads.

What the caller gets: function's return value, or UnreadableFile — the one the function raised
(its message), or one saying in Vietnamese which bound was hit. Nothing is written by the parent
before the function has returned, so a refused file leaves nothing behind.

Any reader fits (DOCX, ODT, text, a LibreOffice conversion, later PDF and OCR): function and its
arguments need not be picklable (the child is a fork), only its result must be, and made of the
project's own classes (tdkt.*) and plain containers: the parent unpickles nothing else.
"""

from __future__ import annotations

import io
import os
import pickle
import resource
import select
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from .lines import UnreadableFile

T = TypeVar("T")
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    memory: int = 1024 * MB  # address space the reader may add to what the process already maps
    cpu: int = 60  # seconds of processor time (the child alone; a converter it starts has its own)
    wall: float = 90.0  # seconds in all, waiting for a converter included
    output: int = 256 * MB  # the pickled result


def run_bounded(function: Callable[..., T], *args: Any, source: str, limits: Limits = Limits()) -> T:
    return start_bounded(function, *args, source=source, limits=limits).result()


def start_bounded(function: Callable[..., T], *args: Any, source: str, limits: Limits = Limits()) -> Bounded[T]:
    """Fork the child now and return at once: the caller does its own work (loading what it needs
    to use the result) while the child reads, then asks for the result. Fork before the caller
    imports much, so that the child's copy of the process is small."""
    scratch = tempfile.mkdtemp(prefix="tdkt-doc-")  # mode 0700: nobody else reads what a reader unpacks
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(function, args, limits, scratch, write_end)
    os.close(write_end)
    return Bounded(pid, read_end, scratch, source, limits, time.monotonic() + limits.wall)


class Bounded(Generic[T]):
    """A child started by start_bounded. `result()` waits for it (until its deadline, counted from
    the start); `cancel()` ends it. Either, once, also ends what it started and removes its folder;
    used as a context manager it is cancelled on the way out unless its result was taken, so a
    caller that fails in between leaves no process behind."""

    def __init__(self, pid: int, read_end: int, scratch: str, source: str, limits: Limits, deadline: float) -> None:
        self._pid, self._read_end, self._scratch = pid, read_end, scratch
        self._source, self._limits, self._deadline = source, limits, deadline
        self._done = False

    def __enter__(self) -> Bounded[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def cancel(self) -> None:
        if not self._done:
            self._finish(kill_first=True)

    def _finish(self, kill_first: bool) -> int:
        self._done = True
        os.close(self._read_end)
        status = _reap(self._pid, kill_first=kill_first)
        _end_session(self._pid)  # a converter the child started and left behind
        shutil.rmtree(self._scratch, ignore_errors=True)
        return status

    def result(self) -> T:
        if self._done:
            raise RuntimeError("the result of a bounded child is taken once")
        source, limits, read_end = self._source, self._limits, self._read_end
        status: int | None = None
        timed_out = too_large = finished = False
        chunks: list[bytes] = []
        try:
            size = 0
            while True:
                left = self._deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    break
                ready, _, _ = select.select([read_end], [], [], left)
                if not ready:
                    continue
                chunk = os.read(read_end, MB)
                if not chunk:
                    finished = True
                    break
                size += len(chunk)
                if size > limits.output:
                    too_large = True
                    break
                chunks.append(chunk)
        finally:
            status = self._finish(kill_first=not finished)  # a bound hit, or the user's Ctrl+C
        if timed_out:
            raise UnreadableFile(
                f"{source}: đọc tệp quá {limits.wall:.0f} giây — tệp bất thường hoặc quá lớn, đã dừng để an toàn. "
                "Nếu đây là văn bản thật, hãy tách thành các tệp nhỏ hơn rồi nhập từng tệp."
            )
        if too_large:
            raise UnreadableFile(f"{source}: nội dung đọc được lớn hơn {limits.output // MB} MB — không phải một đề cương hay báo cáo, từ chối để an toàn.")
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in {signal.SIGXCPU, signal.SIGKILL} and not chunks:
            raise UnreadableFile(
                f"{source}: đọc tệp dùng quá {limits.cpu} giây xử lý — tệp bất thường (số đếm cực lớn, bom nén…), đã dừng để an toàn. "
                "Nếu đây là văn bản thật, hãy tách thành các tệp nhỏ hơn rồi nhập từng tệp."
            )
        try:
            kind, value = _Unpickler(io.BytesIO(b"".join(chunks))).load()
        except pickle.UnpicklingError as error:  # a result holding a class not allowed (see _Unpickler)
            kind, value = "error", f"kết quả có kiểu không được nhận: {error}"
        except Exception:  # noqa: BLE001 - no result: the child died (a signal, a failed allocation in C code)
            kind, value = "died", os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "unreadable":
            raise UnreadableFile(value)
        if kind == "memory":
            raise UnreadableFile(
                f"{source}: đọc tệp cần hơn {limits.memory // MB} MB bộ nhớ — tệp bất thường (bom nén, số đếm cực lớn…), "
                "đã dừng để an toàn."
            )
        if kind == "died":
            raise UnreadableFile(f"{source}: tiến trình đọc tệp dừng bất thường (mã {value}) — tệp hỏng hoặc bất thường, từ chối để an toàn.")
        raise UnreadableFile(
            f"{source}: lỗi của chương trình khi đọc tệp ({value}). Tệp có thể hỏng; xin báo lỗi kèm tệp cho nhóm phát triển."
        )


class _Unpickler(pickle.Unpickler):
    """Only the project's own classes and plain containers: the child read a hostile file, so what it
    sends is not trusted to name any class it likes."""

    _BUILTINS = {"list", "dict", "tuple", "set", "frozenset", "str", "int", "float", "bool", "bytes"}

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("tdkt.") or (module == "builtins" and name in self._BUILTINS) or (module == "copyreg" and name == "_reconstructor"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


def _child(function: Callable[..., Any], args: tuple[Any, ...], limits: Limits, scratch: str, write_end: int) -> None:
    code = 0
    try:
        os.setsid()
        signal.signal(signal.SIGXCPU, signal.SIG_DFL)  # the soft CPU limit ends the child (a parent may ignore it)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        memory = _mapped() + limits.memory
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu, limits.cpu + 5))
        os.environ["TMPDIR"] = scratch
        tempfile.tempdir = scratch
        try:
            result: tuple[str, Any] = ("ok", function(*args))
        except UnreadableFile as error:
            result = ("unreadable", str(error))
        except MemoryError:
            result = ("memory", "")
        except Exception as error:  # noqa: BLE001 - a bug or an unforeseen file: a message, not a traceback
            last = traceback.extract_tb(error.__traceback__)[-1:]
            where = f" tại {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
            result = ("error", f"{type(error).__name__}: {str(error)[:200]}{where}")
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", ""))
        view = memoryview(data)
        while view:
            written = os.write(write_end, view[: MB])
            view = view[written:]
    except BaseException:  # noqa: BLE001 - the parent reads no result and says the reader died
        code = 70
    finally:
        os._exit(code)


def _mapped() -> int:
    """The address space the process maps now (VmSize), which RLIMIT_AS counts from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 512 * MB


def _end_session(pid: int) -> None:
    """Kill the child's process group, then whatever else is left in its session."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc = Path("/proc")
    for entry in proc.iterdir() if proc.is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 3 and fields[3] == str(pid):  # after "(comm)": state, ppid, pgrp, session
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _reap(pid: int, kill_first: bool) -> int:
    """The child's exit status; on a bound hit it is killed first (with its whole session)."""
    if kill_first:
        _end_session(pid)
    else:
        # The pipe is closed only by the child's exit; a wait of a few seconds covers its last step.
        for _ in range(500):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            time.sleep(0.01)
        _end_session(pid)
    _, status = os.waitpid(pid, 0)
    return status
