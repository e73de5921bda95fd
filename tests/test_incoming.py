"""Files uploaded into nhap/ in a pull request: which imports run, what they write, the comment."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from conftest import copy_project
from tdkt.editing.incoming import KINDS, Refused, Upload, comment, only_content, run_imports, uploads

OUTLINE = [
    ("ĐỀ CƯƠNG BÁO CÁO", True),
    ("Sơ kết 05 năm thực hiện phong trào thử nghiệm nhập từ trình duyệt", True),
    ("I. KẾT QUẢ THỰC HIỆN", True),
    ("1. Công tác tuyên truyền", True),
    ("(Nêu rõ số cuộc, số người tham dự)", False),
    ("2. Kết quả cụ thể", True),
    ("II. PHƯƠNG HƯỚNG, NHIỆM VỤ", True),
    ("1. Nhiệm vụ trọng tâm", True),
]


def outline_docx(path: Path) -> Path:
    document = Document()
    for text, bold in OUTLINE:
        run = document.add_paragraph().add_run(text)
        run.bold = bold
        run.font.size = Pt(14)
    document.save(str(path))
    return path


def git(project: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A project in git, and a pull request's commit adding uploads to nhap/ on top of its base."""
    project = copy_project(tmp_path / "project")
    (project / "nhap" / "de-cuong").mkdir(parents=True)
    (project / "nhap" / "de-cuong" / "README.md").write_text("Tải tệp đề cương vào đây.\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "base")
    base = git(project, "rev-parse", "HEAD")
    outline_docx(project / "nhap" / "de-cuong" / "so-ket-thu-trinh-duyet.docx")
    outline_docx(project / "nhap" / "de-cuong" / "Đề cương Lạng Sơn.docx")
    (project / "nhap" / "bao-cao").mkdir()
    (project / "nhap" / "bao-cao" / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n")  # read by the importer, which finds it damaged
    (project / "nhap" / "bao-cao" / "bang.xlsx").write_bytes(b"PK\3\4")
    (project / "nhap" / "bao-cao" / "hong.docx").write_bytes(b"PK\3\4 not really a Word file")
    (project / "nhap" / "lac-cho.docx").write_bytes(b"x")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "uploads")
    return project, base


def test_the_types_are_those_import_reads():
    from tdkt.importing.record import KINDS as IMPORTED

    assert set(KINDS) == set(IMPORTED)


def test_content_only_pull_requests_skip_the_suite():
    assert only_content(["data/mo-hinh/a.md", "data/mo-hinh/a/anh.jpg", "sources/x.docx", "nhap/de-cuong/y.docx", "docs/huong-dan.md"])
    assert not only_content(["data/mo-hinh/a.md", "tdkt/cli.py"])
    assert not only_content(["docs/assets/portal.js"]) and not only_content([".github/workflows/pages.yml"]) and not only_content([])


def test_uploads_are_named_by_their_folder_and_file(pull_request):
    project, _ = pull_request
    changed = [str(p.relative_to(project).as_posix()) for p in (project / "nhap").rglob("*") if p.is_file()] + ["data/mo-hinh/x.md"]
    found = uploads(changed, project)
    assert found[0] == Refused("nhap/bao-cao/bang.xlsx", found[0].reason) and ".pdf" in found[0].reason and ".docx" in found[0].reason
    assert found[1] == Upload("nhap/bao-cao/bao-cao.pdf", "bao-cao", "bao-cao")
    assert found[2] == Upload("nhap/bao-cao/hong.docx", "bao-cao", "hong")
    assert found[3] == Upload("nhap/de-cuong/so-ket-thu-trinh-duyet.docx", "de-cuong", "so-ket-thu-trinh-duyet")
    assert found[4] == Upload("nhap/de-cuong/Đề cương Lạng Sơn.docx", "de-cuong", "de-cuong-lang-son", renamed=True)
    assert isinstance(found[5], Refused) and found[5].path == "nhap/lac-cho.docx" and "nhap/de-cuong/" in found[5].reason
    assert len(found) == 6  # the folder's README and files outside nhap/ are no uploads


def test_the_workflow_entry_imports_each_upload_and_writes_the_comment(pull_request, tmp_path: Path):
    project, base = pull_request
    out = tmp_path / "ket-qua"
    entry = [sys.executable, "-m", "tdkt.editing.incoming"]
    done = subprocess.run([*entry, "run", "--base", base, "--root", str(project), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    results = {r["path"]: r for r in json.loads((out / "results.json").read_text(encoding="utf-8"))}
    good = results["nhap/de-cuong/so-ket-thu-trinh-duyet.docx"]
    assert good["returncode"] == 0 and good["data_file"] == "data/de-cuong/so-ket-thu-trinh-duyet.yml"
    assert (project / good["data_file"]).is_file() and (project / "sources/so-ket-thu-trinh-duyet.docx").is_file()
    assert not (project / good["path"]).exists()  # the original now lives in sources/
    assert "Các mục: cấp 1: 2, cấp 2: 3" in good["output"]
    assert (out / "tep-du-lieu" / good["data_file"]).read_bytes() == (project / good["data_file"]).read_bytes()
    assert results["nhap/de-cuong/Đề cương Lạng Sơn.docx"]["data_file"] == "data/de-cuong/de-cuong-lang-son.yml"
    broken = results["nhap/bao-cao/hong.docx"]
    assert broken["returncode"] == 1 and broken["data_file"] == "" and (project / broken["path"]).exists()
    assert "Không ghi tệp nào" in broken["output"] and "Traceback" not in broken["output"]
    assert not (project / "data/bao-cao/hong.yml").exists()
    # The comment, for a pull request the workflow could push to, and for one from a fork.
    subprocess.run([*entry, "comment", "--out", str(out), "--pushed", "yes"], check=True)
    text = (out / "comment.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- tdkt:nhap -->\n## Nhập tệp từ thư mục nhap/\n")
    assert "### ✅ `nhap/de-cuong/so-ket-thu-trinh-duyet.docx` → `data/de-cuong/so-ket-thu-trinh-duyet.yml`" in text
    assert "mã của hồ sơ là **de-cuong-lang-son**" in text
    assert "### ⛔ `nhap/bao-cao/bang.xlsx`: chưa nhập" in text and "### ⛔ `nhap/bao-cao/hong.docx`: không nhập được" in text
    assert "### ⛔ `nhap/bao-cao/bao-cao.pdf`: không nhập được" in text  # a damaged PDF, said by the importer
    assert "Cần người điền hoặc xem lại" in text and "fork" not in text
    subprocess.run([*entry, "comment", "--out", str(out), "--pushed", "no", "--run-url", "https://github.com/o/r/actions/runs/1"], check=True)
    fork = (out / "comment.md").read_text(encoding="utf-8")
    assert "bản sao (fork)" in fork and "[trang của lần chạy](https://github.com/o/r/actions/runs/1)" in fork
    assert "1. tải lên (Add file → Upload files) `data/de-cuong/so-ket-thu-trinh-duyet.yml` vào thư mục `data/de-cuong/` và `sources/so-ket-thu-trinh-duyet.docx` vào `sources/`" in fork


def test_an_import_that_hangs_is_stopped(tmp_path: Path):
    (tmp_path / "nhap" / "de-cuong").mkdir(parents=True)
    (tmp_path / "nhap" / "de-cuong" / "cham.docx").write_bytes(b"x")
    found = uploads(["nhap/de-cuong/cham.docx"], tmp_path)
    [result] = run_imports(found, tmp_path, command=[sys.executable, "-c", "import time; time.sleep(30)"], timeout=1)
    assert result.returncode == -1 and not result.imported and "quá" in result.output
    assert (tmp_path / "nhap" / "de-cuong" / "cham.docx").exists()


def test_what_an_upload_says_stays_inside_a_code_block():
    from tdkt.editing.incoming import Result

    hostile = Result("nhap/de-cuong/a`b.docx", "de-cuong", "ab", returncode=1, output="```\n@someone <script>x</script> [link](http://x)")
    text = comment([hostile], pushed=True)
    assert "`nhap/de-cuong/a'b.docx`" in text
    assert "````text\n```\n@someone <script>x</script> [link](http://x)\n````" in text


def test_an_upload_left_in_nhap_fails_the_check_with_an_annotation(tmp_path: Path):
    import os

    (tmp_path / "nhap" / "bao-cao").mkdir(parents=True)
    (tmp_path / "nhap" / "README.md").write_text("Hướng dẫn.\n", encoding="utf-8")
    entry = [sys.executable, "-m", "tdkt.editing.incoming", "waiting", "--root", str(tmp_path)]
    assert subprocess.run(entry, capture_output=True).returncode == 0
    (tmp_path / "nhap" / "bao-cao" / "x.docx").write_bytes(b"x")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)}
    done = subprocess.run(entry, capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "nhap/bao-cao/x.docx: Tệp tải lên chưa được nhập" in done.stderr
    assert done.stdout.startswith("::error file=nhap/bao-cao/x.docx,title=")


def test_the_changes_job_decides_with_the_standard_library_only(pull_request):
    """The workflow's first job runs this with the runner's own Python, before any setup."""
    project, base = pull_request
    decide = [sys.executable, "-S", "-m", "tdkt.editing.incoming", "only-content", "--base", base]  # -S: no site-packages
    assert subprocess.run(decide, cwd=project, capture_output=True, text=True, check=True).stdout == "true\n"
    (project / "tdkt" / "cli.py").write_text((project / "tdkt" / "cli.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(project, "commit", "-qam", "code")
    assert subprocess.run(decide, cwd=project, capture_output=True, text=True, check=True).stdout == "false\n"


def test_a_link_committed_as_an_upload_is_not_followed(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("ACTIONS_RUNTIME_TOKEN=x\n", encoding="utf-8")
    (tmp_path / "nhap" / "de-cuong").mkdir(parents=True)
    (tmp_path / "nhap" / "de-cuong" / "lien-ket.txt").symlink_to(secret)
    (tmp_path / "nhap" / "bao-cao").symlink_to(tmp_path, target_is_directory=True)
    found = uploads(["nhap/de-cuong/lien-ket.txt", "nhap/bao-cao/secret.txt"], tmp_path)
    assert [type(item) for item in found] == [Refused, Refused] and all("symlink" in item.reason for item in found)
