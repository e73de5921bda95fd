"""Benchmark: `tdkt import` on the hostile files of issue 25, at their full size. Prints, for each,
the file's size, the exit code, peak memory (RSS of the command and its children) and time.

      .venv/bin/python benchmarks/import_hostile.py [--code DIR] [--only NAME …]

--code runs another checkout of the package (PYTHONPATH=DIR, e.g. `git archive <commit> | tar -x
-C DIR`) to measure the code before a change. Each run is wrapped in `/usr/bin/time -v`, and, so
that old code cannot take the machine down, in `prlimit --as` (12 GB) and a 600 s time-out.
Files are made with the builders of tests/test_import_hostile.py; the bzip2 bomb takes about a
minute to compress.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import copy_project  # noqa: E402
from test_import_hostile import bomb, docx, level, numbered, numbering_xml, odt  # noqa: E402

GB = 1024**3
TIMEOUT = 600


def make(name: str, folder: Path) -> Path:
    if name == "bzip2-bomb":
        return bomb(folder / "bom-bzip2.docx", zipfile.ZIP_BZIP2, expands_to=6 * GB)
    if name == "deflate-bomb":
        return bomb(folder / "bom-deflate.docx", zipfile.ZIP_DEFLATED, expands_to=4 * GB)
    if name == "odt-spaces":
        return odt(folder / "khoang.odt", '<text:p>I. KẾT<text:s text:c="300000000"/>QUẢ</text:p><text:p>II. KIẾN NGHỊ</text:p>')
    if name == "list-start":
        # Letters repeat in Word ("aa", "bbb"): a start of 10^10 was a label of 385 million letters.
        numbering = numbering_xml(level("0", "upperRoman", "%1.") + level("1", "lowerLetter", "%2)", "10000000000"))
        return docx(folder / "so.docx", numbered("KẾT QUẢ", "0") + numbered("Chi tiết", "1") + numbered("KIẾN NGHỊ", "0"), numbering=numbering)
    if name == "numbered-lines":
        path = folder / "nhieu.txt"
        path.write_text("ĐỀ CƯƠNG\nSơ kết\n" + "".join(f"{i % 99 + 1}. Nội dung mục {i}\n" for i in range(4000)) + "I. CUỐI\n", encoding="utf-8")
        return path
    if name == "md-heading":
        path = folder / "dai.md"
        path.write_text("# ĐỀ CƯƠNG" + " \t" * 15_000 + "x\n## I. KẾT QUẢ\n", encoding="utf-8")
        return path
    raise ValueError(name)


NAMES = ["bzip2-bomb", "deflate-bomb", "odt-spaces", "list-start", "numbered-lines", "md-heading"]


def measure(path: Path, project: Path, code: Path | None, record_id: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = ["/usr/bin/time", "-v", "prlimit", f"--as={12 * GB}", "timeout", str(TIMEOUT), sys.executable, "-m", "tdkt.cli",
               "import", str(path), "de-cuong", record_id, "--root", str(project)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=code or ROOT)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    elapsed = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", result.stderr)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", result.stderr))
    written = project / "data" / "de-cuong" / f"{record_id}.yml"
    size = f", data file {written.stat().st_size / 1024:.0f} KB" if written.exists() else ", nothing written"
    message = next((line for line in result.stderr.splitlines() if "Traceback" in line or ": " in line and "Command" not in line), "")
    return (f"exit {result.returncode}, peak RSS {int(rss.group(1)) / 1024:.0f} MB, {elapsed.group(1)} wall, {cpu:.1f} s CPU{size}"
            + (f"\n    {message[:160]}" if result.returncode else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, help="a checkout of the package to measure instead of this one")
    parser.add_argument("--only", nargs="*", choices=NAMES, default=NAMES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        for index, name in enumerate(args.only):
            path = make(name, Path(folder))
            print(f"{name} ({path.stat().st_size / 1024:.1f} KB): {measure(path, project, args.code, f'thu-{index}')}", flush=True)


if __name__ == "__main__":
    main()
