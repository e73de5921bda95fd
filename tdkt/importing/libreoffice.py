"""Word 97–2003 (.doc) and RTF files, converted to .docx by LibreOffice, then read as .docx.

The office runs on an untrusted file, so: a private temporary folder (mode 0700) holds its profile,
a copy of the file under a plain name (an uploaded name could read as an option) and its output,
and is removed in every case; it starts in a process group of its own, and on its time-out the
whole group is killed, not only the launcher (soffice → oosplash → soffice.bin); it runs without
network, in a new user and network namespace (`unshare -rn`) when the system allows one — when it
does not, the review says so.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .docx_reader import read_docx
from .lines import UnreadableFile
from .notices import ReadLines
from .safety import check_size

CONVERSION_TIMEOUT = 120  # seconds; a 100-page .doc converts in under 10


def read_converted(path: Path) -> ReadLines:
    check_size(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableFile(
            f"{path}: cần LibreOffice để đọc tệp {path.suffix} (cài: sudo apt-get install libreoffice-writer-nogui), "
            "hoặc mở tệp bằng Word và lưu lại dạng .docx rồi chạy lại lệnh."
        )
    folder = Path(tempfile.mkdtemp(prefix="tdkt-lo-"))
    try:
        copy = folder / f"tep{path.suffix.lower()}"
        shutil.copyfile(path, copy)
        converted = _convert(soffice, copy, folder, path)
        try:
            lines = read_docx(converted)
        except UnreadableFile as error:  # name the file the user gave, not the temporary copy
            raise UnreadableFile(str(error).replace(str(converted), str(path))) from None
        if not isolated():
            lines.notices.append("LibreOffice chạy khi chưa cắt được mạng (máy không cho dùng “unshare -rn”)")
        return lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _convert(soffice: str, copy: Path, folder: Path, original: Path) -> Path:
    out = folder / "ra"
    command = [
        soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore", "--nologo", "--nolockcheck",
        "--convert-to", "docx", "--outdir", str(out), str(copy),
    ]
    with (folder / "log.txt").open("wb") as log:
        process = subprocess.Popen(
            (["unshare", "-rn"] if isolated() else []) + command,
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, process_group=0, cwd=folder,
        )
        try:
            process.wait(timeout=CONVERSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise UnreadableFile(
                f"{original}: LibreOffice không chuyển xong tệp sau {CONVERSION_TIMEOUT} giây (tệp hỏng hoặc bất thường) — đã dừng. "
                "Mở tệp bằng Word/LibreOffice và lưu lại dạng .docx rồi chạy lại lệnh."
            ) from None
        finally:
            _kill_group(process.pid)  # on a time-out, and whatever the launcher left running
            process.wait()
    converted = out / f"{copy.stem}.docx"
    if process.returncode != 0 or not converted.is_file():
        raise UnreadableFile(f"{original}: LibreOffice không chuyển được tệp sang .docx (tệp hỏng hoặc không phải văn bản).")
    return converted


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@functools.cache
def isolated() -> bool:
    """Whether `unshare -rn` works here: unprivileged user namespaces may be turned off."""
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
