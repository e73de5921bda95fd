"""What the build reads from git: the last commit's time, the repository's address, file dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tdkt.build.build_state import remove_from_site
from tdkt.base.repository import last_changes, last_commit_time, web_url


def git(root: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.org",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.org"}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when} +0000"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_dates_and_address_come_from_git(tmp_path: Path):
    git(tmp_path, "init", "-q")
    (tmp_path / "data" / "de-cuong").mkdir(parents=True)
    (tmp_path / "data" / "de-cuong" / "a.yml").write_text("a", encoding="utf-8")
    (tmp_path / "data" / "de-cuong" / "b.yml").write_text("b", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "một", when=1_700_000_000)
    (tmp_path / "data" / "de-cuong" / "b.yml").write_text("b2", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "hai", when=1_700_086_400)
    dates = last_changes(tmp_path)
    assert dates["data/de-cuong/a.yml"].timestamp() == 1_700_000_000
    assert dates["data/de-cuong/b.yml"].timestamp() == 1_700_086_400  # the last change, not the first
    assert last_commit_time(tmp_path) == 1_700_086_400
    assert web_url(tmp_path) is None
    git(tmp_path, "remote", "add", "origin", "git@github.com:so-noi-vu/cong-tdkt.git")
    assert web_url(tmp_path) == "https://github.com/so-noi-vu/cong-tdkt"


def test_outside_a_repository_everything_is_empty(tmp_path: Path):
    assert last_changes(tmp_path) == {} and last_commit_time(tmp_path) is None and web_url(tmp_path) is None


def test_a_removed_page_takes_its_empty_folders_with_it(tmp_path: Path):
    (tmp_path / "mo-hinh" / "x").mkdir(parents=True)
    (tmp_path / "mo-hinh" / "x" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "mo-hinh" / "index.html").write_text("list", encoding="utf-8")
    remove_from_site(tmp_path, "mo-hinh/x/index.html")
    assert not (tmp_path / "mo-hinh" / "x").exists() and (tmp_path / "mo-hinh" / "index.html").exists()
