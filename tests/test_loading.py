"""Loading and validation: every bad input gives a Vietnamese message with file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdkt.content.catalog import Catalog, load_catalog
from tdkt.base.problems import Problem

VALID_DOCUMENT = """\
type: "Chỉ thị"
number: "34-CT/TW"
issuer: "Bộ Chính trị"
date: 2014-04-07
sources:
  - ref: van-ban/chi-thi-34
"""

VALID_OUTLINE = """\
title: "Đề cương thử"
implements: [chi-thi-34]
sections:
  - label: "I."
    title: "KHÁI QUÁT"
    content:
      - bullet: "Thuận lợi"
source:
  file: "sources/x.txt"
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path, files: dict[str, str]) -> list[Problem]:
    result = load_catalog(write(root, files))
    assert isinstance(result, list), "expected problems, the content loaded"
    return result


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_content_loads(tmp_path: Path):
    result = load_catalog(write(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "de-cuong/thu.yml": VALID_OUTLINE}))
    assert isinstance(result, Catalog)
    assert result.get("de-cuong", "thu").title == "Đề cương thử"
    assert [link.target.id for link in result.links_from(result.get("de-cuong", "thu"))] == ["chi-thi-34"]


def test_yaml_syntax_error_names_line(tmp_path: Path):
    bad = VALID_DOCUMENT.replace('issuer: "Bộ Chính trị"', 'issuer: "Bộ Chính trị')
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert problem.location.path == "data/van-ban/chi-thi-34.yml"
    assert problem.location.line is not None and problem.location.line >= 3
    assert "Lỗi cú pháp YAML" in problem.message


def test_tab_indentation_is_reported(tmp_path: Path):
    bad = VALID_DOCUMENT.replace("  - ref:", "\t- ref:")
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert (problem.location.line, problem.location.column) == (6, 1)
    assert "Tab" in problem.message


def test_missing_required_field(tmp_path: Path):
    bad = VALID_DOCUMENT.replace('type: "Chỉ thị"\n', "")
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert problem.message == "Thiếu trường bắt buộc “type” (Loại văn bản)."
    assert problem.location.line == 1


def test_unknown_field_suggests_the_right_name(tmp_path: Path):
    bad = VALID_DOCUMENT.replace("issuer:", "isuer:")
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert str(problem.location) == "data/van-ban/chi-thi-34.yml:3:1"
    assert problem.message == "Trường “isuer” không có trong mẫu nội dung."
    assert problem.hint == "Có phải ý bạn là “issuer”?"


def test_invalid_date_explains_iso_form(tmp_path: Path):
    bad = VALID_DOCUMENT.replace("date: 2014-04-07", 'date: "07/4/2014"')
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert str(problem.location) == "data/van-ban/chi-thi-34.yml:4:7"
    assert "07/4/2014" in problem.message and "2014-04-07" in problem.hint


def test_wrong_choice_lists_the_allowed_ones(tmp_path: Path):
    bad = VALID_DOCUMENT.replace('type: "Chỉ thị"', 'type: "Chi thi"')
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert problem.location.line == 1
    assert "“Chỉ thị”" in problem.hint and "“Kế hoạch”" in problem.hint
    assert " or " not in problem.hint and "'" not in problem.hint  # pydantic's English wording is not passed on


def test_error_deep_in_the_section_tree_points_at_its_line(tmp_path: Path):
    bad = VALID_OUTLINE.replace('      - bullet: "Thuận lợi"', '      - bullet: ["a", "b"]')
    files = {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "de-cuong/thu.yml": bad}
    problem = only(problems_of(tmp_path, files))
    assert str(problem.location) == "data/de-cuong/thu.yml:7:17"
    assert "“bullet” (Gạch đầu dòng) phải là một đoạn chữ." == problem.message


def test_unknown_reference_names_the_missing_file(tmp_path: Path):
    files = {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "de-cuong/thu.yml": VALID_OUTLINE.replace("[chi-thi-34]", "[chi-thi-35]")}
    problem = only(problems_of(tmp_path, files))
    assert str(problem.location) == "data/de-cuong/thu.yml:2:14"
    assert problem.message == "Không tìm thấy “chi-thi-35” trong data/van-ban/."


def test_reference_to_an_unknown_section(tmp_path: Path):
    doc = VALID_DOCUMENT.replace("  - ref: van-ban/chi-thi-34\n", '  - ref: de-cuong/thu\n    section: "II > 1"\n')
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": doc, "de-cuong/thu.yml": VALID_OUTLINE}))
    assert problem.message == "Không có mục “II > 1” trong data/de-cuong/thu.yml."
    assert problem.location.line == 7


def test_duplicate_ids_across_extensions(tmp_path: Path):
    problems = problems_of(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "van-ban/chi-thi-34.yaml": VALID_DOCUMENT})
    assert any("hai tệp" in p.message and "chi-thi-34.yml" in p.message and "chi-thi-34.yaml" in p.message for p in problems)


def test_same_document_in_two_files(tmp_path: Path):
    other = VALID_DOCUMENT.replace("van-ban/chi-thi-34", "van-ban/chi-thi-34-ban-sao")
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "van-ban/chi-thi-34-ban-sao.yml": other}))
    assert "cùng số, cơ quan ban hành và ngày" in problem.message


def test_duplicate_key_in_one_file(tmp_path: Path):
    bad = VALID_DOCUMENT + 'issuer: "Ban Bí thư"\n'
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert str(problem.location) == "data/van-ban/chi-thi-34.yml:7:1"
    assert problem.message == "Trường “issuer” được khai báo hai lần."


def test_html_in_text_is_rejected(tmp_path: Path):
    bad = VALID_DOCUMENT.replace('issuer: "Bộ Chính trị"', 'issuer: "<img src=x onerror=alert(1)>"')
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert problem.location.line == 3
    assert "thẻ HTML" in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Bo\u0302\u0323 Chính trị", "chưa ở dạng Unicode dựng sẵn"),  # NFD: marks typed apart
        ("Bé ChÝnh trÞ ®¶ng", "bảng mã cũ"),  # TCVN3 read as Unicode
    ],
)
def test_badly_encoded_vietnamese_is_rejected(tmp_path: Path, text: str, message: str):
    bad = VALID_DOCUMENT.replace("Bộ Chính trị", text)
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad}))
    assert problem.location.line == 3
    assert message in problem.message


@pytest.mark.parametrize("name", ["Chi-Thi-34.yml", "chi thi.yml", "..yml", "chỉ-thị.yml"])
def test_unsafe_file_names_are_rejected(tmp_path: Path, name: str):
    problem = only(problems_of(tmp_path, {f"van-ban/{name}": VALID_DOCUMENT}))
    assert "không dùng được làm địa chỉ trang" in problem.message


def test_file_outside_the_content_folders(tmp_path: Path):
    problem = only(problems_of(tmp_path, {"vanban/chi-thi-34.yml": VALID_DOCUMENT}))
    assert problem.message == "Tệp nằm ngoài các thư mục nội dung."


def test_every_problem_is_reported_at_once(tmp_path: Path):
    bad_doc = VALID_DOCUMENT.replace("date: 2014-04-07", "date: 2014-13-01")
    bad_outline = VALID_OUTLINE.replace('title: "Đề cương thử"\n', "")
    problems = problems_of(tmp_path, {"van-ban/chi-thi-34.yml": bad_doc, "de-cuong/thu.yml": bad_outline})
    assert {p.location.path for p in problems} == {"data/van-ban/chi-thi-34.yml", "data/de-cuong/thu.yml"}
    # The invalid document is not also reported as missing by the outline that cites it.
    assert not any("Không tìm thấy" in p.message for p in problems)


def test_ids_of_generated_pages_are_reserved(tmp_path: Path):
    movement = 'name: "Phong trào"\nsources: [{ref: "phong-trao/theo-dia-phuong"}]\n'
    problem = only(problems_of(tmp_path, {"phong-trao/theo-dia-phuong.yml": movement}))
    assert problem.message == "Tên tệp “theo-dia-phuong” trùng với một trang danh sách do cổng tự tạo."


# -- the cache of validated files ---------------------------------------------------------------


def test_cached_load_equals_a_fresh_one_and_reads_only_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import tdkt.content.catalog

    root = write(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "de-cuong/thu.yml": VALID_OUTLINE})
    cache = tmp_path / ".cache" / "records"
    first = load_catalog(root, cache_dir=cache)
    parsed: list[str] = []
    real_parse = tdkt.content.catalog.parse_content_file
    monkeypatch.setattr(tdkt.content.catalog, "parse_content_file", lambda text, file, kind: parsed.append(file) or real_parse(text, file, kind))
    second = load_catalog(root, cache_dir=cache)
    assert isinstance(first, Catalog) and isinstance(second, Catalog)
    assert parsed == []
    assert {k: r.entry for k, r in first.records.items()} == {k: r.entry for k, r in second.records.items()}
    assert second.get("de-cuong", "thu").source.locate(("sections", 0, "title")).line == 5  # positions kept too
    write(root, {"de-cuong/thu.yml": VALID_OUTLINE.replace("Đề cương thử", "Đề cương đã sửa")})
    third = load_catalog(root, cache_dir=cache)
    assert parsed == ["data/de-cuong/thu.yml"]
    assert isinstance(third, Catalog) and third.get("de-cuong", "thu").title == "Đề cương đã sửa"


def test_a_cached_file_that_turns_bad_is_reported(tmp_path: Path):
    root = write(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT})
    cache = tmp_path / ".cache" / "records"
    assert isinstance(load_catalog(root, cache_dir=cache), Catalog)
    write(root, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT.replace("2014-04-07", "2014-13-07")})
    problem = only(load_catalog(root, cache_dir=cache))  # type: ignore[arg-type]
    assert problem.location.line == 4


def test_cache_written_by_other_code_or_damaged_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import tdkt.content.record_cache

    root = write(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT})
    cache = tmp_path / ".cache" / "records"
    load_catalog(root, cache_dir=cache)
    stored = tdkt.content.record_cache.RecordCache.open(cache)
    assert stored.get("data/van-ban/chi-thi-34.yml", VALID_DOCUMENT) is not None
    monkeypatch.setattr(tdkt.content.record_cache, "code_version", lambda: "other code")
    assert tdkt.content.record_cache.RecordCache.open(cache).get("data/van-ban/chi-thi-34.yml", VALID_DOCUMENT) is None
    monkeypatch.undo()
    (cache / "records.pickle").write_bytes(b"not a pickle")
    assert isinstance(load_catalog(root, cache_dir=cache), Catalog)


def test_deleted_files_leave_the_cache(tmp_path: Path):
    import tdkt.content.record_cache

    root = write(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "de-cuong/thu.yml": VALID_OUTLINE})
    cache = tmp_path / ".cache" / "records"
    load_catalog(root, cache_dir=cache)
    (root / "data" / "de-cuong" / "thu.yml").unlink()
    load_catalog(root, cache_dir=cache)
    assert tdkt.content.record_cache.RecordCache.open(cache).get("data/de-cuong/thu.yml", VALID_OUTLINE) is None


def test_a_copied_file_not_yet_edited_is_an_error_naming_both(tmp_path: Path):
    problem = only(problems_of(tmp_path, {
        "van-ban/chi-thi-34.yml": VALID_DOCUMENT,
        "de-cuong/a.yml": VALID_OUTLINE,
        "de-cuong/b.yml": VALID_OUTLINE,
    }))
    assert str(problem) == (
        "data/de-cuong/b.yml:1:8: Nội dung giống hệt tệp data/de-cuong/a.yml (có vẻ là bản sao chưa sửa). "
        "— Sửa tệp này thành nội dung mới, hoặc xóa nó nếu chép nhầm."
    )


def test_two_records_of_a_type_with_one_title_are_an_error(tmp_path: Path):
    other = VALID_OUTLINE.replace('"KHÁI QUÁT"', '"ĐẶC ĐIỂM"').replace('"Đề cương thử"', '"Đề cương  THỬ"')
    problem = only(problems_of(tmp_path, {
        "van-ban/chi-thi-34.yml": VALID_DOCUMENT,
        "de-cuong/a.yml": VALID_OUTLINE,
        "de-cuong/b.yml": other,
    }))
    assert str(problem).startswith("data/de-cuong/b.yml:1:8: Trùng tên “Đề cương  THỬ” với tệp data/de-cuong/a.yml.")


def test_documents_may_share_a_number_across_issuers(tmp_path: Path):
    """Numbers repeat across bodies and years: not a repeat when the issuer differs."""
    other = VALID_DOCUMENT.replace("Bộ Chính trị", "Tỉnh ủy").replace("2014-04-07", "2019-01-01")
    result = load_catalog(write(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "van-ban/chi-thi-34-tinh.yml": other}))
    assert isinstance(result, Catalog), result


@pytest.mark.parametrize(("value", "line"), [('"Đề cương\\nthử"', 1), ("|\n  Đề cương\n  thử", 1)])
def test_a_title_with_a_line_break_is_rejected_at_its_line(tmp_path: Path, value: str, line: int):
    outline = VALID_OUTLINE.replace('title: "Đề cương thử"', f"title: {value}")
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": VALID_DOCUMENT, "de-cuong/a.yml": outline}))
    assert str(problem).startswith(f"data/de-cuong/a.yml:{line}:8: “title” (Tên trang) phải viết trên một dòng")
    assert "Nối các dòng thành một dòng" in problem.hint


def test_no_value_breaks_a_markdown_table():
    from tdkt.base.inline import md_inline

    assert "\n" not in md_inline("Dòng một\n| a | b |\n\nDòng hai")


def test_a_source_names_a_record_or_a_file_not_both(tmp_path: Path):
    both = VALID_DOCUMENT.replace("  - ref: van-ban/chi-thi-34", '  - ref: van-ban/chi-thi-34\n    file: "sources/x.md"')
    problem = only(problems_of(tmp_path, {"van-ban/chi-thi-34.yml": both}))
    assert str(problem).startswith("data/van-ban/chi-thi-34.yml:6:5: Mỗi nguồn phải ghi đúng một trong hai")
