"""Rendering without MkDocs: safe inline text, section trees, one page per record, per content type."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from tdkt.content.catalog import Catalog, load_catalog
from tdkt.content.content_types import CONTENT_TYPES
from tdkt.model.sections import Section
from tdkt.base.inline import count_fill_ins, html_inline, md_inline
from tdkt.render.pages import render_site
from tdkt.render.sections import sections_markdown

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("1. Công tác (nêu rõ)", "1\\. Công tác \\(nêu rõ\\)"),
        ("- Về chủ trương.", "\\- Về chủ trương."),
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("[bấm](javascript:x)", "\\[bấm\\]\\(javascript:x\\)"),
        ("a | b", "a \\| b"),
        ("theo Kế hoạch[^1].", "theo Kế hoạch[^1]."),
        ("*Dân vận khéo*", "*Dân vận khéo*"),
    ],
)
def test_inline_text_is_escaped_for_markdown(text: str, markdown: str):
    assert md_inline(text) == markdown


def test_fill_ins_are_dotted_leaders_not_ellipses():
    assert count_fill_ins("đạt….%; so sánh với năm 2014 tăng (giảm).......%") == 2
    assert count_fill_ins("văn hóa”…). tiên tiến...) đại chúng; ...") == 0
    assert 'class="tdkt-fill-in"' in md_inline("đạt….%")


def test_section_tree_becomes_headings_with_anchors():
    tree = [
        Section.model_validate({"label": "Phần thứ nhất", "title": "KẾT QUẢ", "content": [
            {"label": "I.", "title": "Khái quát:", "content": [{"bullet": "Thuận lợi"}, {"note": "Ghi chú"}]},
        ]}),
    ]
    markdown = str(sections_markdown(tree, 2))
    assert '## <span class="tdkt-part-label">Phần thứ nhất</span> KẾT QUẢ {#muc-phan-thu-nhat}' in markdown
    assert "### I. Khái quát: {#muc-phan-thu-nhat-i}" in markdown
    assert "- Thuận lợi" in markdown
    assert "    **Lưu ý:** Ghi chú" in markdown


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT)
    assert isinstance(result, Catalog)
    return result


def test_one_page_per_record_and_one_index_per_type(catalog: Catalog):
    site = render_site(catalog, ROOT)
    uris = {page.src_uri for page in site.pages}
    facets = sum(len(t.facets) for t in CONTENT_TYPES)
    comparisons = 1  # the three outlines of Chỉ thị 34-CT/TW
    drafts = len(catalog.of_type_key("outline"))  # one drafting page per outline
    assert len(site.pages) == len(catalog.records) + len(CONTENT_TYPES) + facets + comparisons + drafts
    assert {f"{t.folder}/index.md" for t in CONTENT_TYPES} <= uris
    assert {f"soan-bao-cao/{r.id}.md" for r in catalog.of_type_key("outline")} <= uris
    assert {page.edit_path for page in site.pages if page.edit_path} == {r.path for r in catalog.records.values()}
    assert {asset.src_uri for asset in site.assets} == {f"nguon/{p.name}" for p in (ROOT / "sources").iterdir() if p.name != "README.md"}


@pytest.mark.parametrize(
    ("key", "record_id", "expected"),
    [
        ("outline", "so-ket-05-nam-chi-thi-34-ct-tw-lang-son", "### III. KẾT QUẢ THỰC HIỆN CHỈ THỊ SỐ 34-CT/TW, CHỈ THỊ SỐ 30-CT/TU {#muc-iii}"),
        ("report", "ly-son-tong-ket-10-nam-chi-thi-34-ct-tw", "[^1]: [Kế hoạch số 94/KH-UBND](../van-ban/ke-hoach-94-kh-ubnd-2014.md) ngày 10/12/2014"),
        ("document", "ke-hoach-4724-kh-ubnd-2014", "Triển khai thực hiện: [Chỉ thị số 34-CT/TW](chi-thi-34-ct-tw-2014.md)"),
        ("exemplar", "thu-gom-rac-vo-chai-bao-bi-quanh-bo-bien", "(../bao-cao/ly-son-tong-ket-10-nam-chi-thi-34-ct-tw.md#muc-ii-2-b)"),
        ("movement", "dan-van-kheo", ":   [Chỉ thị số 05-CT/TW](../van-ban/chi-thi-05-ct-tw-2016.md) của Bộ Chính trị ngày 15/05/2016"),
    ],
)
def test_each_content_type_renders_its_page(catalog: Catalog, key: str, record_id: str, expected: str):
    folder = next(t.folder for t in CONTENT_TYPES if t.key == key)
    page = next(p for p in render_site(catalog, ROOT).pages if p.src_uri == f"{folder}/{record_id}.md")
    assert page.content.startswith("---\ntitle: ")
    assert expected in page.content


@pytest.mark.parametrize(
    ("folder", "text", "message"),
    [
        ("bao-cao", "title: 'Báo cáo'\nsections: []\n", "Thiếu trường bắt buộc “issuer” (Cơ quan báo cáo)."),
        ("mo-hinh", "name: 'Mô hình'\nsources: []\n", "Thiếu trường bắt buộc “description” (Nội dung)."),
        ("phong-trao", "name: 'Phong trào'\nsources: []\n", "“sources” (Nguồn) cần ít nhất một mục."),
        ("de-cuong", "title: 'Đề cương'\nsource: {file: sources/x.txt}\nsections: []\n", "“sections” (Các phần, mục) cần ít nhất một mục."),
        ("van-ban", "type: Chỉ thị\nsources: [{ref: 'van ban/x'}]\n", "Giá trị “van ban/x” của “ref” (Nguồn) không đúng dạng."),
    ],
)
def test_each_content_type_reports_its_own_errors(tmp_path: Path, folder: str, text: str, message: str):
    path = tmp_path / "data" / folder / "thu.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    problems = load_catalog(tmp_path)
    assert isinstance(problems, list)
    assert message in [p.message for p in problems], [str(p) for p in problems]


TEXTS = [
    "Lý Sơn chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
    "a & b < c > d \"nháy\" 'đơn'",
    "<b>in đậm?</b> &amp;",
    "[x](y) `c` _u_ #h |p| {a} ~t^ !i \\ gạch",
    "- bắt đầu như một danh sách",
    "1. bắt đầu như danh sách số",
    "đạt….% kế hoạch, ... và ....",
    "theo biểu đính kèm; Có phụ lục chi tiết kèm theo",
    "Xem https://example.com/a?b=1&c=2 nhé",
    "Dòng một\nDòng hai",
    "Chỉ thị 34-CT/TW",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_written_as_html_reads_as_markdown_makes_it(text):
    """Long lists are written straight as HTML (GeneratedPage.blocks): with the site's own
    Markdown settings, every title must come out exactly as on a page rendered from Markdown."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    rendered = converter.convert(md_inline(text))
    assert rendered == f"<p>{html_inline(text)}</p>"


def test_marks_markdown_cannot_escape_are_shown_as_written():
    assert md_inline("~t^") == "~t^"  # a backslash before them would be shown
