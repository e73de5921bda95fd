"""The pull-request pipeline: workflows valid for GitHub, safe with forks, content checked without
waiting for the suite; and the preview, which is served under /pr-preview/pr-<n>/, works there."""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import yaml

from conftest import ROOT, serve

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as True
    return workflow


def steps(workflow: dict, job: str | None = None) -> list[dict]:
    jobs = [workflow["jobs"][job]] if job else workflow["jobs"].values()
    return [step for each in jobs for step in each.get("steps", [])]


def uses(workflow: dict, action: str, job: str | None = None) -> list[dict]:
    return [step for step in steps(workflow, job) if str(step.get("uses", "")).startswith(action + "@")]


def test_no_secret_and_write_access_only_where_a_job_needs_it():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert "secrets." not in text, path.name  # only the run's own token, github.token
        workflow = load(path.name)
        top = workflow["permissions"]
        assert top == {} or set(top.values()) == {"read"}, path.name
        for name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                action = step.get("uses", "")
                if action and not action.startswith("actions/"):
                    assert PINNED.match(action), f"{path.name}: {action} is not pinned to a commit"
            writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
            assert writes <= {"contents", "pull-requests", "actions"}, (path.name, name)


def test_no_expression_is_pasted_into_a_shell_script():
    """Branch names, titles and file names come from whoever opens the pull request: they reach a
    script only through environment variables, never pasted into its text."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for step in steps(load(path.name)):
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_pull_requests_check_content_without_waiting_for_the_suite():
    workflow = load("pull-request.yml")
    on = workflow["on"]["pull_request"] or {}
    # No path filter: a workflow skipped that way never reports, and a required check would wait for ever.
    assert "paths" not in on and "paths-ignore" not in on
    jobs = workflow["jobs"]
    assert "needs" not in jobs["content"]  # the check and the preview's build start at once
    assert jobs["tests"]["needs"] == "changes" and jobs["tests"]["if"] == "needs.changes.outputs.code == 'true'"
    commands = [step.get("run", "") for step in steps(workflow, "content")]
    assert ".venv/bin/tdkt check" in commands and ".venv/bin/mkdocs build --strict" in commands
    assert ".venv/bin/python -m tdkt.editing.incoming waiting" in commands
    assert [s["with"]["name"] for s in uses(workflow, "actions/upload-artifact", "content")] == ["ban-xem-truoc"]
    assert any("bash scripts/test.sh" in step.get("run", "") for step in steps(workflow, "tests"))
    assert "only-content" in jobs["changes"]["steps"][1]["run"]


def test_previews_are_published_from_workflow_run_without_the_pull_requests_code():
    workflow = load("preview.yml")
    names = [load("pull-request.yml")["name"], load("import.yml")["name"]]
    assert workflow["on"]["workflow_run"] == {"workflows": names, "types": ["completed"]}
    assert workflow["on"]["pull_request_target"] == {"types": ["closed"]}
    deploy = workflow["jobs"]["deploy"]
    assert "github.event.workflow_run.conclusion == 'success'" in deploy["if"]  # nothing from a failing check
    for step in steps(workflow):
        assert "head" not in str(step.get("with", {}).get("ref", "")), step  # never the pull request's code
        assert not re.search(r"\b(python|pip|tdkt|mkdocs|bash scripts|\.venv)\b", step.get("run", "")), step
    [preview] = uses(workflow, "rossjrw/pr-preview-action", "deploy")
    assert preview["with"]["preview-branch"] == "gh-pages" and preview["with"]["umbrella-dir"] == "pr-preview"
    assert preview["with"]["source-dir"] == "ban-xem-truoc/site" and preview["with"]["qr-code"] is False
    # The number the build wrote is trusted only if that pull request is open at the commit built.
    check = next(step for step in steps(workflow, "deploy") if step.get("id") == "pr")["run"]
    assert '"$head" != "$BUILT"' in check and "github.event.workflow_run.head_sha" in str(steps(workflow, "deploy"))
    [removal] = uses(workflow, "rossjrw/pr-preview-action", "remove")
    assert removal["with"]["action"] == "remove" and workflow["jobs"]["remove"]["if"] == "github.event_name == 'pull_request_target'"


def test_main_is_deployed_to_the_previews_branch_and_leaves_them_alone():
    workflow = load("pages.yml")
    [deploy] = uses(workflow, "JamesIves/github-pages-deploy-action")
    assert deploy["with"]["branch"] == "gh-pages" and deploy["with"]["clean-exclude"] == "pr-preview"
    assert deploy["with"]["force"] is False
    assert not uses(workflow, "actions/deploy-pages")  # an artifact deployment would hide the previews
    # GitHub Pages runs Jekyll over a branch unless told not to (artifacts drop hidden files: made here).
    assert "touch trang/.nojekyll" in [step.get("run") for step in steps(workflow, "deploy")]


def test_uploads_are_imported_by_the_tested_module_and_pushed_only_to_the_same_repository():
    workflow = load("import.yml")
    assert workflow["on"]["pull_request"]["paths"] == ["nhap/**"]
    job = workflow["jobs"]["import"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "-m tdkt.editing.incoming run --base" in runs and "-m tdkt.editing.incoming comment" in runs
    push = next(step for step in job["steps"] if step.get("id") == "push")
    assert "env.SAME_REPOSITORY == 'true'" in push["if"]
    assert 'push "$REMOTE" "HEAD:refs/heads/$HEAD_REF"' in push["run"]  # the branch name reaches the shell as data
    # The token reaches only the push: it is not on disk while `tdkt import` reads the uploads.
    [checkout] = uses(workflow, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False and "github.token" in str(push["env"])
    assert "${{" not in push["run"]
    assert [s["with"]["name"] for s in uses(workflow, "actions/upload-artifact")] == ["nhap-ket-qua"]


@contextlib.contextmanager
def under_sub_path(site: Path, prefix: str) -> Iterator[str]:
    """The built site served at http://127.0.0.1:<port>/<prefix>/, as GitHub Pages serves a preview;
    nothing is served at the root, so a link that escapes the sub-path fails."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder, prefix)
        target.parent.mkdir(parents=True)
        target.symlink_to(site, target_is_directory=True)
        with serve(Path(folder)) as url:
            yield f"{url}/{prefix}"


def test_the_preview_works_under_its_sub_path(browser, built_site):
    prefix = "pr-preview/pr-7"
    with under_sub_path(built_site.site, prefix) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # A request cut short by leaving the page (the header's search loading its index) is no failure.
        page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}") if "ERR_ABORTED" not in (r.failure or "") else None)
        page.goto(f"{base}/van-ban/")
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # the theme's CSS
        page.fill("#tdkt-header-q", "4724/KH-UBND")
        with page.expect_navigation():
            page.press("#tdkt-header-q", "Enter")
        assert urlparse(page.url).path == f"/{prefix}/tim-kiem/"
        page.wait_for_selector(".tdkt-result")
        first = page.locator(".tdkt-result a").first
        assert urlparse(first.evaluate("a => a.href")).path == f"/{prefix}/van-ban/ke-hoach-4724-kh-ubnd-2014/"
        with page.expect_navigation():
            first.click()
        assert "4724" in page.locator("h1").first.inner_text()
        page.goto(f"{base}/tim-kiem/?q={quote('ly son')}")
        page.wait_for_function("document.getElementById('tdkt-search-status').textContent.includes('kết quả')")
        assert page.locator(".tdkt-result").count() > 0
        page.close()
    assert failed == [], failed
