"""An imported record is not yet read against its original: the file says so (source.checked),
`tdkt check` warns until an editor sets it, and the record's page tells the reader."""

from __future__ import annotations


import yaml

from conftest import run_build, serve
from test_importing import run_tdkt, word_file


def test_an_import_is_marked_unchecked_until_an_editor_checks_it(project_copy, tmp_path, browser):
    source = word_file(tmp_path / "de-cuong.docx", automatic=False)
    result = run_tdkt(project_copy, "import", str(source), "de-cuong", "chua-doi-chieu")
    assert result.returncode == 0, result.stderr
    assert "Chưa đối chiếu: tệp ghi “checked: false”" in result.stdout
    data = project_copy / "data/de-cuong/chua-doi-chieu.yml"
    record = yaml.safe_load(data.read_text(encoding="utf-8"))
    assert record["source"]["checked"] is False
    assert not any("đối chiếu" in note for note in record["source"]["notes"])  # no claim that anyone has

    check = run_tdkt(project_copy, "check")
    assert check.returncode == 0, check.stdout + check.stderr  # a warning does not stop publishing
    warnings = [line for line in check.stderr.splitlines() if "Chưa đối chiếu" in line]
    assert len(warnings) == 1 and "data/de-cuong/chua-doi-chieu.yml:" in warnings[0]  # the seeds are checked

    build = run_build(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.output
    page = browser.new_page()
    with serve(build.site) as url:
        page.goto(f"{url}/de-cuong/chua-doi-chieu/")
        text = page.locator("article").inner_text()
        assert "Chưa đối chiếu với văn bản gốc" in text and "chưa có người đọc lại" in text
        page.goto(f"{url}/de-cuong/so-ket-05-nam-chi-thi-34-ct-tw-lang-son/")
        assert "Chưa đối chiếu" not in page.locator("article").inner_text()
    page.close()

    data.write_text(data.read_text(encoding="utf-8").replace("checked: false", "checked: true"), encoding="utf-8")
    check = run_tdkt(project_copy, "check")
    assert check.returncode == 0 and "Chưa đối chiếu" not in check.stdout + check.stderr


def test_an_unchecked_report_warns_at_its_line(project_copy):
    path = project_copy / "data/bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  checked: true\n", ""), encoding="utf-8")
    line = text.splitlines().index("source:") + 2  # the source block, where checked goes
    check = run_tdkt(project_copy, "check")
    assert check.returncode == 0
    assert f"data/bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw.yml:{line}" in check.stderr
