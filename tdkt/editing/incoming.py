"""From Word without a terminal: files an editor uploads into nhap/ in a pull request are imported
by a workflow, which commits the data files to the same pull request and comments the review.

The workflow only calls this module: changed files → imports to run → results → the comment, in
Vietnamese. An upload is hostile: it is read by `tdkt import` in its own process (which bounds
its reading), with a time limit here, and nothing it says reaches the comment outside a code block.

    python -m tdkt.editing.incoming run --base <sha> --out <thư mục>     # imports, results.json
    python -m tdkt.editing.incoming comment --out <thư mục> --pushed yes  # comment.md from them
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..base.problems import Location, Problem, format_problems
from ..base.text import slugify
from .annotations import report

INCOMING = "nhap"
KINDS = {"de-cuong": "đề cương", "bao-cao": "báo cáo"}  # the types `tdkt import` reads (tests compare)
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 900  # seconds for one import: above the import's own bound for a scanned PDF (OCR of 60 pages)
EXPLANATION = "README.md"  # each incoming folder says what to put there; it is no upload
MAX_OUTPUT = 12_000  # characters of an import's output in the comment (a comment holds 65,536)
MARKER = "<!-- tdkt:nhap -->"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Content: what an editor changes. Anything else (code, workflows, tests, settings) runs the suite.
CONTENT = (re.compile(r"^(data|sources|nhap)/"), re.compile(r"^docs/[^/]+\.md$"))


def is_content(path: str) -> bool:
    return any(pattern.match(path) for pattern in CONTENT)


def only_content(paths: Iterable[str]) -> bool:
    """Whether a pull request changes content only (its check and preview need not wait for the tests)."""
    paths = list(paths)
    return bool(paths) and all(is_content(path) for path in paths)


@dataclass(frozen=True)
class Upload:
    path: str  # nhap/<loại>/<tệp>, relative to the repository's root
    folder: str  # de-cuong, bao-cao
    record_id: str
    renamed: bool = False  # the id was made from a file name that was not one


@dataclass(frozen=True)
class Refused:
    path: str
    reason: str  # Vietnamese, with what to do


def uploads(changed: Iterable[str], root: Path) -> list[Upload | Refused]:
    """The imports to run for the files a pull request added or changed, in order."""
    found: list[Upload | Refused] = []
    for path in sorted(set(changed)):
        parts = path.split("/")
        if parts[0] != INCOMING or not (root / path).is_file() or parts[-1] in {EXPLANATION, ".gitkeep"}:
            continue
        found.append(_upload(path, parts, root))
    return found


def _readable() -> frozenset[str]:
    """What `tdkt import` reads, scans and photos included. Imported here, not at the top: the
    workflow's changes job runs this module (only-content) with the system Python, no virtualenv."""
    from ..importing.command import CONVERTED, READERS

    return frozenset(READERS) | CONVERTED


def _upload(path: str, parts: list[str], root: Path) -> Upload | Refused:
    where = "nhap/de-cuong/ (đề cương) hoặc nhap/bao-cao/ (báo cáo)"
    if len(parts) != 3 or parts[1] not in KINDS:
        return Refused(path, f"Tệp phải nằm ngay trong {where}; chuyển tệp vào một trong hai thư mục đó.")
    if _escapes(root, path):
        # A link committed in a pull request would have the import read (and the artifact carry) a
        # file of the machine running the workflow.
        return Refused(path, "Tệp là một liên kết (symlink), không phải tệp thật: tải lên chính tệp Word.")
    name = Path(parts[2])
    suffix = name.suffix.lower()
    readable = _readable()
    if suffix not in readable:
        kinds = ", ".join(sorted(readable))
        return Refused(path, f"Không nhập được loại tệp “{suffix or '(không có đuôi)'}”: dùng một trong {kinds} (bản quét, ảnh chụp trang giấy được đọc bằng nhận dạng chữ).")
    size = (root / path).stat().st_size
    if size > MAX_BYTES:
        return Refused(path, f"Tệp nặng {size / 1024 / 1024:.1f} MB, quá giới hạn {MAX_BYTES // 1024 // 1024} MB: bỏ ảnh lớn trong tệp rồi lưu lại.".replace(".", ",", 1))
    stem = name.stem
    if _ID.fullmatch(stem):
        return Upload(path, parts[1], stem)
    record_id = slugify(stem)
    if not record_id:
        return Refused(path, "Tên tệp không dùng làm mã được: đặt tên tệp bằng chữ thường không dấu, ví dụ “so-ket-chi-thi-34-lang-son.docx”.")
    return Upload(path, parts[1], record_id, renamed=True)


def _escapes(root: Path, path: str) -> bool:
    """Whether the upload, or a folder on its way, is a link (which could point anywhere)."""
    current = root
    for part in path.split("/"):
        current = current / part
        if current.is_symlink():
            return True
    return False


@dataclass
class Result:
    path: str
    folder: str = ""
    record_id: str = ""
    renamed: bool = False
    refused: str = ""  # why it was not imported at all
    returncode: int | None = None
    output: str = ""
    data_file: str = ""  # written by the import, relative to the root
    source_file: str = ""
    written: list[str] = field(default_factory=list)  # what the commit adds (data and original)

    @property
    def imported(self) -> bool:
        return self.returncode == 0 and bool(self.data_file)


def run_imports(found: Sequence[Upload | Refused], root: Path, command: Sequence[str] | None = None, timeout: int = TIMEOUT) -> list[Result]:
    """Run `tdkt import` on each upload; an imported upload is removed from nhap/ (import keeps the
    original under sources/)."""
    command = list(command or [sys.executable, "-m", "tdkt.cli"])
    results = []
    for item in found:
        if isinstance(item, Refused):
            results.append(Result(item.path, refused=item.reason))
            continue
        results.append(_run_one(item, root, command, timeout))
    return results


def _run_one(upload: Upload, root: Path, command: list[str], timeout: int) -> Result:
    result = Result(upload.path, upload.folder, upload.record_id, upload.renamed)
    data_file = f"data/{upload.folder}/{upload.record_id}.yml"
    before = (root / data_file).exists()
    try:
        done = subprocess.run(
            [*command, "import", upload.path, upload.folder, upload.record_id, "--root", "."],
            cwd=root, capture_output=True, text=True, errors="replace", timeout=timeout,
            env={**os.environ, "GITHUB_ACTIONS": ""},  # the review is the comment, not annotations
        )
    except subprocess.TimeoutExpired:
        result.returncode = -1
        result.output = f"Đọc tệp quá {timeout // 60} phút, đã dừng. Mở tệp bằng Word, lưu lại dạng .docx rồi tải lên lại."
        return result
    result.returncode = done.returncode
    result.output = (done.stdout + ("\n" if done.stdout and done.stderr else "") + done.stderr).strip()
    if done.returncode == 0 and not before and (root / data_file).is_file():
        result.data_file = data_file
        source = f"sources/{upload.record_id}{Path(upload.path).suffix.lower()}"
        result.source_file = source if (root / source).is_file() else ""
        result.written = [data_file] + ([source] if result.source_file else [])
        (root / upload.path).unlink()
    return result


# -- the comment ----------------------------------------------------------------------------


def comment(results: Sequence[Result], pushed: bool | str, run_url: str = "") -> str:
    """The pull request's comment: per upload, what became of it and what to do next. pushed is
    True (committed to the pull request), False (a fork: cannot be) or "moved" (the branch got
    another commit meanwhile)."""
    out = [MARKER, "## Nhập tệp từ thư mục nhap/", ""]
    imported = [r for r in results if r.imported]
    if imported and pushed is True:
        out += ["Tệp dữ liệu đã được ghi vào chính yêu cầu hợp nhất này (một commit mới); tệp tải lên đã được chuyển vào sources/.", ""]
    elif imported:
        artifacts = f"[trang của lần chạy]({run_url})" if run_url else "trang của lần chạy (thẻ Checks)"
        why = (
            "Nhánh có commit mới trong lúc nhập, nên quy trình không ghi được vào nhánh (tải lên lại tệp để nhập lại, hoặc làm như sau)."
            if pushed == "moved" else
            "Yêu cầu hợp nhất này đến từ một bản sao (fork), nên quy trình không được ghi vào nhánh của bạn."
        )
        out += [
            f"{why} Các tệp đã làm sẵn nằm trong gói **nhap-ket-qua** ở cuối {artifacts} (mục Artifacts): tải về, giải nén, "
            "rồi trên nhánh của bạn:",
            "",
        ]
        for r in imported:
            out.append(f"1. tải lên (Add file → Upload files) `{_code(r.data_file)}` vào thư mục `{_code(str(Path(r.data_file).parent))}/`"
                       + (f" và `{_code(r.source_file)}` vào `sources/`" if r.source_file else "")
                       + f"; xóa `{_code(r.path)}`.")
        out.append("")
    for r in results:
        out += _section(r)
    if imported:
        out += [
            "**Việc cần làm tiếp:** mở từng tệp dữ liệu (thẻ **Files changed**, nút ⋯ → *Edit file*), điền các trường ở dòng "
            "“Cần người điền hoặc xem lại”, xem lại các mục “Đoán theo kiểu chữ”, rồi lưu (commit) vào cùng nhánh. "
            "Kiểm tra nội dung chạy lại và ghi lỗi ngay trên dòng của tệp; bản xem trước được cập nhật khi hết lỗi.",
        ]
    return "\n".join(out).rstrip() + "\n"


def _section(r: Result) -> list[str]:
    if r.refused:
        return [f"### ⛔ `{_code(r.path)}`: chưa nhập", "", r.refused, ""]
    if r.imported:
        head = f"### ✅ `{_code(r.path)}` → `{_code(r.data_file)}`"
        note = [f"Tên tệp không dùng làm mã được nên mã của hồ sơ là **{r.record_id}**."] if r.renamed else []
    else:
        head = f"### ⛔ `{_code(r.path)}`: không nhập được"
        note = ["Không ghi tệp nào. Cách sửa ở cuối kết quả dưới đây; sửa xong, tải lên lại tệp (cùng tên) vào nhánh này."]
    return [head, "", *note, *([""] if note else []), "<details open><summary>Kết quả đọc tệp (tdkt import)</summary>", "", *_block(r.output), "", "</details>", ""]


def _block(text: str) -> list[str]:
    """The import's output verbatim: a code block, where nothing (a mention, a link, HTML) is taken as markup."""
    if len(text) > MAX_OUTPUT:
        text = text[:MAX_OUTPUT] + "\n… (cắt bớt; xem đủ trong nhật ký của lần chạy)"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text, fence]


def _code(text: str) -> str:
    """A file name inside inline code: a backtick would end it."""
    return text.replace("`", "'").replace("\n", " ")


# -- the workflow's entry -----------------------------------------------------------------------


def waiting(root: Path) -> list[Problem]:
    """Uploads still in nhap/: a pull request holding one is not ready (its import has not been
    committed yet, or failed), so that no upload is merged instead of its data file."""
    folder = root / INCOMING
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in {EXPLANATION, ".gitkeep"}) if folder.is_dir() else []
    return [
        Problem(
            Location(path.relative_to(root).as_posix()),
            "Tệp tải lên chưa được nhập thành hồ sơ (quy trình “Nhập tệp Word” đang chạy, hoặc không nhập được).",
            "Xem nhận xét “Nhập tệp từ thư mục nhap/” trên yêu cầu hợp nhất: khi nhập xong, tệp được chuyển vào sources/ và kiểm tra chạy lại.",
        )
        for path in files
    ]


def changed_files(base: str, root: Path) -> list[str]:
    """Files the pull request added or changed since it left its base branch."""
    done = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", "--diff-filter=AM", "-z", f"{base}...HEAD"],
        cwd=root, capture_output=True, text=True, check=True,
    )
    return [path for path in done.stdout.split("\0") if path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tdkt.editing.incoming")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="Nhập các tệp mới trong nhap/ của yêu cầu hợp nhất.")
    run.add_argument("--base", required=True, help="Commit gốc của yêu cầu hợp nhất.")
    run.add_argument("--root", type=Path, default=Path("."))
    run.add_argument("--out", type=Path, required=True)
    write = commands.add_parser("comment", help="Viết nhận xét (comment.md) từ kết quả.")
    write.add_argument("--out", type=Path, required=True)
    write.add_argument("--pushed", choices=["yes", "no", "moved"], required=True)
    write.add_argument("--run-url", default="")
    changes = commands.add_parser("only-content", help="In “true” nếu yêu cầu hợp nhất chỉ đổi nội dung.")
    changes.add_argument("--base", required=True)
    changes.add_argument("--root", type=Path, default=Path("."))
    pending = commands.add_parser("waiting", help="Báo lỗi nếu trong nhap/ còn tệp chưa nhập.")
    pending.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if args.command == "waiting":
        if problems := waiting(args.root):
            print(format_problems(problems), file=sys.stderr)
            report(problems, [], args.root)
            return 1
        return 0
    if args.command == "only-content":
        done = subprocess.run(["git", "diff", "--name-only", "--no-renames", "-z", f"{args.base}...HEAD"],
                              cwd=args.root, capture_output=True, text=True, check=True)
        print("true" if only_content(p for p in done.stdout.split("\0") if p) else "false")
        return 0
    if args.command == "run":
        results = run_imports(uploads(changed_files(args.base, args.root), args.root), args.root)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
        for r in results:
            for path in r.written:  # the files made, for a fork that cannot receive the commit
                target = args.out / "tep-du-lieu" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(args.root / path, target)
        _output("uploads", str(len(results)))
        _output("imported", str(sum(r.imported for r in results)))
        for r in results:
            print(f"{r.path}: " + ("đã nhập → " + r.data_file if r.imported else "chưa nhập"))
        return 0
    results = [Result(**item) for item in json.loads((args.out / "results.json").read_text(encoding="utf-8"))]
    pushed = {"yes": True, "no": False, "moved": "moved"}[args.pushed]
    (args.out / "comment.md").write_text(comment(results, pushed, args.run_url), encoding="utf-8")
    return 0


def _output(name: str, value: str) -> None:
    if path := os.environ.get("GITHUB_OUTPUT"):
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{name}={value}\n")


if __name__ == "__main__":
    raise SystemExit(main())
