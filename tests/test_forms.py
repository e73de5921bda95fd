"""Downloadable templates: opened by LibreOffice, laid out per NĐ 30/2020, deterministic, cached."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Build
from tdkt.content.catalog import Catalog, load_catalog
from tdkt.forms import build as forms_build
from tdkt.forms.build import FORMATS, build_forms, bundle
from tdkt.forms.plan import VARIANTS, plan_form
from tdkt.model.sections import walk_sections

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT)
    assert isinstance(result, Catalog)
    return result


@pytest.fixture(scope="module")
def outlines(catalog: Catalog):
    return {r.id: r.entry for r in catalog.records.values() if r.type.key == "outline"}


@pytest.fixture(scope="module")
def forms(outlines):
    return build_forms(outlines, None)


@pytest.fixture(scope="module")
def pdfs(forms, tmp_path_factory) -> dict[str, Path]:
    """Every DOCX and ODT converted to PDF by LibreOffice, in one run of it."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is missing: run the README's test command, which installs it.")
    folder = tmp_path_factory.mktemp("forms")
    pdfs: dict[str, Path] = {}
    for extension in ("docx", "odt"):  # one folder each: x.docx and x.odt would both become x.pdf
        sources = []
        for files in forms.values():
            for file in files:
                if file.format.extension == extension:
                    path = folder / extension / Path(file.uri).name
                    path.parent.mkdir(exist_ok=True)
                    path.write_bytes(file.content)
                    sources.append(path)
        output = folder / f"pdf-{extension}"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
             "--outdir", str(output), *map(str, sources)],
            check=True, capture_output=True, timeout=300,
        )
        pdfs.update({path.name: output / (path.stem + ".pdf") for path in sources})
    return pdfs


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_words(pdf: Path) -> list[tuple[int, float, float, float, float]]:
    """(page, xMin, yMin, xMax, yMax) of every word, from pdftotext's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    soup = BeautifulSoup(html, "html.parser")
    return [
        (page_number, float(w["xmin"]), float(w["ymin"]), float(w["xmax"]), float(w["ymax"]))
        for page_number, page in enumerate(soup.select("page"), start=1)
        for w in page.select("word")
    ]


def test_every_outline_has_every_format_and_variant(forms, outlines):
    assert set(forms) == set(outlines)
    for files in forms.values():
        assert {(f.variant, f.format.extension) for f in files} == {(v, f.extension) for v in VARIANTS for f in FORMATS}


def test_libreoffice_opens_every_template_as_a4(pdfs):
    assert len(pdfs) == 12
    for name, pdf in pdfs.items():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), name


def test_margins_follow_nd30(pdfs):
    for name, pdf in pdfs.items():
        words = [w for w in pdf_words(pdf) if w[0] == 1]
        left = min(w[1] for w in words) / MM
        right = 210 - max(w[3] for w in words) / MM
        top = min(w[2] for w in words) / MM
        assert 29 <= left <= 36, f"{name}: left margin {left:.1f} mm"
        assert 14 <= right <= 21, f"{name}: right margin {right:.1f} mm"
        assert 19 <= top <= 26, f"{name}: text starts {top:.1f} mm from the top"


def test_font_is_times_new_roman_or_its_metric_twin(pdfs, forms):
    for name, pdf in pdfs.items():
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert names <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic", "TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT"}, (name, names)
    document = docx.Document(io.BytesIO(forms["tong-ket-10-nam-ke-hoach-4724-kh-ubnd"][0].content))
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert all(document.styles[f"Heading {n}"].font.name == "Times New Roman" for n in range(1, 5))
    assert all(document.styles[f"Heading {n}"].font.color.rgb == docx.shared.RGBColor(0, 0, 0) for n in range(1, 5))


def test_header_block_title_and_vietnamese_text_survive(pdfs):
    for name, pdf in pdfs.items():
        text = " ".join(pdf_text(pdf).split())
        for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: ……/BC-……", "BÁO CÁO", "Kính gửi:", "Nơi nhận:", "- Như trên;", "Họ và tên"):
            assert expected in text, f"{expected!r} missing from {name}"
    text_002 = " ".join(pdf_text(pdfs["tong-ket-10-nam-ke-hoach-4724-kh-ubnd-huong-dan.docx"]).split())
    assert "Kính gửi: Sở Nội vụ." in text_002  # the blank the outline fixes is filled
    text_001 = " ".join(pdf_text(pdfs["so-ket-05-nam-chi-thi-34-ct-tw-lang-son-ban-trang.odt"]).split())
    assert "(ký tên, đóng dấu)" in text_001 and "BIỂU ĐÍNH KÈM" in text_001


def test_page_numbers_start_on_page_two(pdfs):
    for name, pdf in pdfs.items():
        pages = pdf_text(pdf).split("\f")
        assert len(pages) >= 3, name
        assert pages[1].strip().splitlines()[0].strip() == "2", f"{name}: no number at the top of page 2"
        assert not pages[0].strip().splitlines()[0].strip().isdigit(), f"{name}: number on page 1"


def test_headings_follow_the_outline_in_order(pdfs, forms, outlines):
    for outline_id, outline in outlines.items():
        expected = [" ".join(f"{p.section.label or ''} {p.section.title}".split()) for p in walk_sections(outline.sections)]
        docx_file = next(f for f in forms[outline_id] if f.format.extension == "docx" and f.variant == "ban-trang")
        document = docx.Document(io.BytesIO(docx_file.content))
        headings = [" ".join(p.text.split()) for p in document.paragraphs if p.style.name.startswith("Heading")]
        normalised = [h.replace(" ", "") for h in headings]
        assert [e.replace(" ", "").upper() if e.startswith("Phần") else e.replace(" ", "") for e in expected] == [
            n.upper() if n.startswith("Phần") else n for n in normalised
        ]
        # In the PDF too, as a reader sees them, in the same order.
        text = " ".join(pdf_text(pdfs[Path(docx_file.uri).name]).split())
        position = 0
        for heading in expected:
            words = heading.split()[:6]
            found = text.upper().find(" ".join(words).upper(), position)
            assert found >= 0, f"{outline_id}: {' '.join(words)!r} missing or out of order"
            position = found


def test_odt_headings_are_outline_headings(forms):
    for files in forms.values():
        odt = next(f for f in files if f.format.extension == "odt")
        content = zipfile.ZipFile(io.BytesIO(odt.content)).read("content.xml").decode()
        assert content.count("<text:h ") >= 5
        assert 'text:outline-level="1"' in content


def test_guidance_only_in_the_guided_variant(catalog: Catalog):
    outline = catalog.get("de-cuong", "so-ket-05-nam-chi-thi-34-ct-tw-lang-son").entry
    guided = plan_form("x", outline, "huong-dan")
    blank = plan_form("x", outline, "ban-trang")
    assert any(b.kind == "note" for b in guided.blocks) and not any(b.kind in {"note", "guidance"} for b in blank.blocks)
    assert [b for b in guided.blocks if b.kind == "heading"] == [b for b in blank.blocks if b.kind == "heading"]


def test_two_builds_are_byte_identical(outlines, forms):
    again = build_forms(outlines, None)
    assert {f.uri: f.content for fs in again.values() for f in fs} == {f.uri: f.content for fs in forms.values() for f in fs}
    assert bundle(again) == bundle(forms)
    for info in zipfile.ZipFile(io.BytesIO(bundle(forms))).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_templates_are_regenerated_only_when_their_outline_changes(outlines, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = build_forms(outlines, cache)
    written: list[str] = []
    real_write = forms_build._write
    monkeypatch.setattr(forms_build, "_write", lambda job: written.append(job.outline_id) or real_write(job))
    assert build_forms(outlines, cache) == first
    assert written == []
    changed = dict(outlines)
    changed["so-ket-05-nam-chi-thi-34-ct-tw-lang-son"] = outlines["so-ket-05-nam-chi-thi-34-ct-tw-lang-son"].model_copy(update={"issuer": "Sở Nội vụ tỉnh Lạng Sơn"})
    build_forms(changed, cache)
    assert set(written) == {"so-ket-05-nam-chi-thi-34-ct-tw-lang-son"} and len(written) == len(VARIANTS) * len(FORMATS)


def test_outline_page_offers_downloads_with_size_and_a_preview(built_site: Build):
    soup = BeautifulSoup((built_site.site / "de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd/index.html").read_text(), "html.parser")
    buttons = soup.select(".tdkt-downloads a.md-button")
    assert len(buttons) == 6
    for button in buttons:
        assert re.search(r"\(\.(docx|odt|md)\) · \d+ KB$", button.get_text(" ", strip=True))
        target = (built_site.site / "de-cuong/tong-ket-10-nam-ke-hoach-4724-kh-ubnd" / button["href"]).resolve()
        assert target.is_file() and button["download"] == target.name
    markdown = built_site.site / "mau/tong-ket-10-nam-ke-hoach-4724-kh-ubnd/tong-ket-10-nam-ke-hoach-4724-kh-ubnd-ban-trang.md"
    assert markdown.read_text(encoding="utf-8").startswith("<!-- Mẫu báo cáo")  # served as is, not rendered
    preview = soup.select_one("details.tdkt-preview .tdkt-a4")
    assert "Kính gửi: Sở Nội vụ." in preview.get_text(" ")
    index = BeautifulSoup((built_site.site / "de-cuong/index.html").read_text(), "html.parser")
    assert index.select_one('a[href$="mau-bao-cao-tat-ca.zip"]') is not None
