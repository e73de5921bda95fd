"""Render the catalog into Markdown pages (one per record, one index per type) and assets."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..content.tracking import question_asked
from ..base.digest import digest
from .page_cache import PageCache, keys_digest
from .html_links import document_key
from .whats_new import FEED, SNIPPET, Change, atom_feed, home_snippet
from .generated import PREVIEW_MARK, GeneratedAsset, GeneratedPage, SiteContent, SitePlan, block_mark
from ..content.catalog import Catalog, Link, Record
from ..content.content_types import BY_KEY, CONTENT_TYPES, ContentType, Facet
from ..forms.build import BUNDLE, FORMATS, Format, FormFile, bundle, form_uri
from ..forms.plan import LAYOUT_NOTE, MOTTO, NATIONAL_TITLE, VARIANTS, plan_form
from ..forms.preview import preview_html
from ..connections.comparison import comparable_groups, compare
from ..connections.coverage import Coverage, coverage
from ..content.mentions import excerpt, link_mentions
from ..connections.relations import family, status
from ..model.document import RELATION_LABELS
from ..model.sections import PlacedSection
from ..base.text import format_date, sort_key
from ..base.inline import count_fill_ins, html_inline, md_inline, plain
from .body import body_markdown
from ..content.images import publish
from .sections import guidance_markdown, heading_text, sections_markdown
from .drafting import Draft, plan_draft

SOURCES_URL = "nguon"  # where the original source texts are published on the site
LISTING = "Danh sách"  # the label of index and facet pages in search results
DRAFTS_URL = "soan-bao-cao"
VENDOR_ZIP = "assets/vendor/fflate/browser.js"  # read and write the DOCX zip in the browser
DRAFT_SCRIPT = "assets/soan-bao-cao.js"
FILTER_SCRIPT = "assets/loc-danh-sach.js"
IMPLEMENTS_HEADER = "Thực hiện văn bản"


def page_uri(record: Record) -> str:
    return f"{record.type.folder}/{record.id}.md"


def index_uri(content_type: ContentType) -> str:
    return f"{content_type.folder}/index.md"


def draft_uri(outline: Record) -> str:
    """The drafting page of an outline: where a clerk writes the report."""
    return f"{DRAFTS_URL}/{outline.id}.md"


def comparison_uri(document: Record) -> str:
    return f"de-cuong/so-sanh-{document.id}.md"


def facet_uri(content_type: ContentType, facet: Facet) -> str:
    return f"{content_type.folder}/{facet.slug}.md"


def render_site(
    catalog: Catalog, root: Path, forms: dict[str, list[FormFile]] | None = None, cache_dir: Path | None = None
) -> SiteContent:
    """Every page and downloadable file of the site; cache_dir keeps the compiled page templates."""
    renderer = SiteRenderer(catalog, root, forms or {}, cache_dir)
    return SiteContent(list(renderer.pages()), renderer.assets())


def plan_site(catalog: Catalog, changes: list[Change] | None = None) -> SitePlan:
    """The pages and files render_site makes of this catalog, by name, in the same order."""
    pages = [(uri, edit_path) for uri, edit_path, _ in _planned_pages(catalog, comparable_groups(catalog))]
    outlines = sorted(record.id for record in catalog.of_type_key("outline"))
    # As build_forms lists them: by outline, then variant, then format.
    forms = [form_uri(outline_id, variant, fmt) for outline_id in outlines for variant in VARIANTS for fmt in FORMATS]
    documents = {document_key(r.entry.number): r.url for r in catalog.of_type_key("document") if r.entry.number}
    snippets = {SNIPPET: home_snippet(changes, page_uri)} if changes is not None else {}
    feed = [FEED] if changes is not None else []
    pictures = [uri for uri, _, _ in _picture_files(catalog)]
    return SitePlan(pages, _source_uris(catalog) + forms + ([BUNDLE] if outlines else []) + feed + pictures, documents, snippets)


def picture_uri(record: Record, name: str) -> str:
    """Where a copy of a record's picture is published: beside its page (mo-hinh/x/ → mo-hinh/x/anh-1.jpg)."""
    return f"{record.type.folder}/{record.id}/{name}"


def _picture_files(catalog: Catalog) -> list[tuple[str, Any, Any]]:
    """Every published copy of every picture: its src_uri, the picture and the copy, by record."""
    return [
        (picture_uri(record, variant.name), picture, variant)
        for record in sorted(catalog.records.values(), key=lambda r: r.key)
        for picture in record.pictures.values()
        for variant in picture.variants
    ]


_Make = Callable[["SiteRenderer"], GeneratedPage]


def _planned_pages(catalog: Catalog, groups: list[tuple[Record, list[Record]]]) -> list[tuple[str, str | None, _Make]]:
    """Every page: its src_uri, its data file, and how the renderer makes it."""
    planned: list[tuple[str, str | None, _Make]] = [
        (page_uri(record), record.path, lambda r, record=record: r.record_page(record)) for record in catalog.records.values()
    ]
    planned += [(draft_uri(o), o.path, lambda r, o=o: r.draft_page(o)) for o in catalog.of_type_key("outline")]
    planned += [(index_uri(t), None, lambda r, t=t: r.index_page(t)) for t in CONTENT_TYPES]
    planned += [(facet_uri(t, f), None, lambda r, t=t, f=f: r.facet_page(t, f)) for t in CONTENT_TYPES for f in t.facets]
    planned += [(comparison_uri(d), None, lambda r, d=d, o=o: r.comparison_page(d, o)) for d, o in groups]
    return planned


def _sources(catalog: Catalog) -> list[str]:
    """The original source texts behind the records, as project paths: the files records transcribe
    and the files their facts cite."""
    files = {record.entry.source.file for record in catalog.records.values() if hasattr(record.entry, "source")}
    files |= {s.file for record in catalog.records.values() for s in getattr(record.entry, "sources", []) if s.file}
    return sorted(files)


def _source_uris(catalog: Catalog) -> list[str]:
    return [f"{SOURCES_URL}/{Path(file).name}" for file in _sources(catalog)]


class SiteRenderer:
    """Renders the site's pages one by one (in plan_site's order) and its downloadable files."""

    def __init__(
        self,
        catalog: Catalog,
        root: Path,
        forms: dict[str, list[FormFile]],
        cache_dir: Path | None,
        changes: list[Change] | None = None,
        images_cache: Path | None = None,
        pages_cache: Path | None = None,
    ) -> None:
        self.root = root
        self.forms = forms
        self.changes = changes
        self.images_cache = images_cache
        self._bundled = bundle(forms) if forms else b""
        self._renderer = _Renderer(catalog, forms, len(self._bundled), cache_dir)
        # Pages an earlier run made, reused when nothing they were made from changed.
        self.kept = PageCache.open(pages_cache, catalog, {"groups": lambda: keys_digest(self._renderer.comparable)})

    def pages(self) -> Iterator[GeneratedPage]:
        renderer = self._renderer
        for uri, _, make in _planned_pages(renderer.catalog, renderer.comparable):
            yield self.kept.page(uri, lambda make=make: make(renderer))

    def save(self) -> None:
        """Keep this run's pages for the next (after everything was sent: the build need not wait)."""
        self.kept.save()

    def assets(self) -> list[GeneratedAsset]:
        catalog = self._renderer.catalog
        assets = [
            GeneratedAsset(uri, (self.root / file).read_bytes()) for uri, file in zip(_source_uris(catalog), _sources(catalog))
        ]
        assets += [GeneratedAsset(file.uri, file.content, file.key) for files in self.forms.values() for file in files]
        if self.forms:
            keys = sorted(f"{file.uri} {file.key}" for files in self.forms.values() for file in files)
            assets.append(GeneratedAsset(BUNDLE, self._bundled, digest(*keys)))
        if self.changes is not None:
            assets.append(GeneratedAsset(FEED, atom_feed(self.changes)))
        made: dict[str, dict[str, bytes]] = {}
        for uri, picture, variant in _picture_files(catalog):
            if picture.digest not in made:  # every copy of a picture at once: it is decoded once
                made[picture.digest] = {v.name: content for v, content in publish(picture, self.root, self.images_cache)}
            assets.append(GeneratedAsset(uri, made[picture.digest][variant.name], f"{picture.digest}-{variant.width}"))
        return assets


class _Renderer:
    def __init__(self, catalog: Catalog, forms: dict[str, list[FormFile]], bundle_size: int, cache_dir: Path | None) -> None:
        self.catalog = catalog
        self.forms = forms
        self.bundle_size = bundle_size
        self.comparable = comparable_groups(catalog)
        self._coverages: dict[tuple[str, str], Coverage] = {}
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
        self.env = Environment(
            loader=PackageLoader("tdkt.render", "templates"),
            bytecode_cache=FileSystemBytecodeCache(str(cache_dir)) if cache_dir is not None else None,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # "{#anchor}" is Markdown attribute syntax here, not a Jinja comment.
            comment_start_string="{##",
            comment_end_string="##}",
            # Markdown, not HTML, is produced: every value is escaped for Markdown unless marked safe.
            finalize=lambda value: value if isinstance(value, Markup) else md_inline(str(value)),
        )
        # h: HTML escaping, for values inside raw HTML, where Markdown's escapes would show.
        self.env.filters.update(date=format_date, plain=plain, h=lambda value: Markup(html.escape(str(value), quote=True)))
        self.env.globals.update(
            types=BY_KEY,
            relation_label=lambda kind, outgoing: RELATION_LABELS[kind][0 if outgoing else 1],
            layout_note=LAYOUT_NOTE,
        )

    @property
    def groups(self) -> list[tuple[Record, list[Record]]]:
        """Outlines implementing the same document, for comparison: a page using them depends on them."""
        question_asked(("groups",))
        return self.comparable

    # -- pages --------------------------------------------------------------------------------

    def record_page(self, record: Record) -> GeneratedPage:
        uri = page_uri(record)
        blocks = _Blocks()
        context = {
            "record": record,
            "entry": record.entry,
            "link": lambda target, label=None: self._link(target, uri, label),
            "documents_at": lambda field: [self._document_line(l.target, uri) for l in self._links_at(record, field)],
            "links_at": lambda field: [self._link(l.target, uri) for l in self._links_at(record, field)],
            "section_link": lambda target, address, label=None: self._section_link(target, address, uri, label),
            "source_link": lambda file: Markup(f"[{md_inline(Path(file).name)}]({self._rel(SOURCES_URL + '/' + Path(file).name, uri)})"),
            "incoming": self._incoming(record),
            "cited_list": lambda links: blocks.add(self._cited_list(links, uri)),
            "outgoing": self.catalog.links_from(record),
            "fill_ins": _fill_in_count(record),
            "section_count": len(record.sections()),
            "downloads": self._downloads(record, uri),
            "draft_href": self._rel(draft_uri(record), uri) if record.type.key == "outline" else "",
            "preview_mark": Markup(PREVIEW_MARK),
            "sections": lambda blocks, level: sections_markdown(
                blocks, level, lambda text: self._link_mentions(text, uri), self._answers(record, uri)
            ),
            "coverage": self._coverage(record, uri),
            "answered_count": lambda report: self._answered_count(report, record),
            "comparisons": self._comparisons(record, uri) if record.type.key == "outline" else [],
            "linked": lambda text: Markup(self._link_mentions(md_inline(text), uri)),
            "prose": lambda field, level=2: self._prose(record, field, level, uri),
            "citations": self._citations(record),
            "timeline": [(member, status(self.catalog, member)) for member in family(self.catalog, record)]
            if record.type.key == "document"
            else [],
        }
        body = self.env.get_template(f"{record.type.key}.md.j2").render(context)
        description = record.description()
        preview = preview_html(plan_form(record.id, record.entry, "huong-dan")) if record.type.key == "outline" else ""
        return GeneratedPage(
            uri, _front_matter(record.title, description) + body, record.path, record.type.short, str(preview), blocks.items
        )

    def _prose(self, record: Record, field: str, level: int, uri: str) -> Markup:
        """A record's main text: a .md file's body as Markdown (its headings under a heading of the
        given level), else the YAML field's text as written."""
        if record.body is not None and record.body.field == field:
            here = final_path(uri)  # raw HTML: final URLs
            return Markup(
                body_markdown(record.body, level, record.pictures, lambda name: self._rel(picture_uri(record, name), here))
            )
        value = getattr(record.entry, field, None)
        return Markup(md_inline(value)) if value else Markup("")

    def draft_page(self, outline: Record) -> GeneratedPage:
        uri = draft_uri(outline)
        here = final_path(uri)  # raw HTML links are not rewritten by MkDocs: final URLs
        draft = plan_draft(self.catalog, outline, self._coverage_of)
        placed = {p.anchor: p.section for p in outline.sections()}
        blank = next((f for f in self.forms.get(outline.id, []) if f.variant == "ban-trang" and f.format.extension == "docx"), None)
        body = self.env.get_template("draft.md.j2").render(
            draft=draft,
            link=lambda target, label=None: self._link(target, uri, label),
            heading=lambda section: Markup(heading_text(placed[section.anchor])),
            guidance=lambda section: Markup(guidance_markdown(list(section.guidance), lambda text: self._link_mentions(text, uri))),
            section_href=lambda report, address: self._section_href(report, address, here),
            page_href=lambda record: self._rel(record.url, here),
            model_text=_model_text,
            fields=_draft_fields(draft),
            template_href=self._rel(blank.uri, here) if blank else "",
            file_name=f"bao-cao-{outline.id}",
            vendor_href=self._rel(VENDOR_ZIP, here),
            script_href=self._rel(DRAFT_SCRIPT, here),
            national=NATIONAL_TITLE,
            motto=MOTTO,
        )
        title = f"Soạn báo cáo: {outline.title}"
        front = _front_matter(title, f"Viết báo cáo theo {outline.title} ngay trên trang và tải về tệp Word.")
        return GeneratedPage(uri, front.replace("---\n\n", "hide:\n  - navigation\n---\n\n", 1) + body, outline.path, "Soạn báo cáo")

    def _section_href(self, target: Record, address: str, from_path: str) -> str:
        placed = target.find_section(address)
        return self._rel(target.url, from_path) + (f"#{placed.anchor}" if placed else "")

    def index_page(self, content_type: ContentType) -> GeneratedPage:
        uri = index_uri(content_type)
        here = f"{content_type.folder}/index.html"  # raw HTML links: final URLs
        records = self.catalog.of_type(content_type)
        if content_type.key == "document":
            records = sorted(records, key=lambda r: (sort_key(r.entry.type.value), -(r.entry.date.toordinal() if r.entry.date else 0)))
        rows = [self._index_row(record, content_type, here) for record in records]
        blocks = _Blocks()
        body = self.env.get_template("index.md.j2").render(
            block=blocks.add,
            content_type=content_type,
            bundle=(self._rel(BUNDLE, uri), _size(self.bundle_size)) if content_type.key == "outline" and self.forms else None,
            rows=rows,
            headers=[header for header, _ in content_type.columns] + ([IMPLEMENTS_HEADER] if content_type.key == "outline" else []),
            filters=self._filters(content_type, records),
            script=self._rel(FILTER_SCRIPT, here),
            facets=[(facet.label, self._rel(facet_uri(content_type, facet), uri)) for facet in content_type.facets],
            comparisons=[(d, self._rel(comparison_uri(d), uri)) for d, _ in self.groups] if content_type.key == "outline" else [],
        )
        return GeneratedPage(uri, _front_matter(content_type.plural, content_type.intro) + body, None, LISTING, blocks=blocks.items)

    def _index_row(self, record: Record, content_type: ContentType, here: str) -> dict[str, Any]:
        entry: Any = record.entry
        facets = {facet.slug: facet.values(entry) for facet in content_type.facets}
        first = record.first_picture
        return {
            "href": self._rel(record.url, here),
            # The record's first picture, small: decorative beside the title (alt="") since the title says it.
            "thumb": (self._rel(picture_uri(record, first.thumb.name), here), first.thumb.width, first.thumb.height) if first else None,
            "title": plain(record.title),
            "subtitle": plain(entry.title) if content_type.key == "document" and entry.title else "",
            "cells": [(header, plain(value(entry))) for header, value in content_type.columns] + self._linked_cells(record),
            "facets": json.dumps(facets, ensure_ascii=False, separators=(",", ":")),
        }

    def _linked_cells(self, record: Record) -> list[tuple[str, str]]:
        """Columns that name other records (an outline's documents): they tell outlines apart."""
        if record.type.key != "outline":
            return []
        names = [self._facet_label(document_id) for document_id in record.entry.implements]
        return [(IMPLEMENTS_HEADER, "; ".join(names))]

    def _filters(self, content_type: ContentType, records: list[Record]) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
        """Per facet: its values with how they read and how many records have them, in Vietnamese order."""
        filters = []
        for facet in content_type.facets:
            counts: dict[str, int] = defaultdict(int)
            for record in records:
                for value in facet.values(record.entry):
                    counts[value] += 1
            values = sorted(((v, plain(self._facet_label(v)), n) for v, n in counts.items()), key=lambda item: sort_key(item[1]))
            if values:
                filters.append((facet.slug, facet.label.removeprefix("Theo ").capitalize(), values))
        return filters

    def facet_page(self, content_type: ContentType, facet: Facet) -> GeneratedPage:
        """Records of a type grouped by a value, groups in Vietnamese order, unknowns last."""
        uri = facet_uri(content_type, facet)
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in self.catalog.of_type(content_type):
            for value in facet.values(record.entry) or ["Nguồn không nêu"]:
                groups[self._facet_label(value)].append(record)
        ordered = sorted(groups.items(), key=lambda item: (item[0] == "Nguồn không nêu", sort_key(item[0])))
        title = f"{content_type.plural}: {facet.label.lower()}"
        here = final_path(uri)
        blocks = _Blocks()
        body = self.env.get_template("facet.md.j2").render(
            title=title,
            content_type=content_type,
            groups=[(value, blocks.add(_html_list(self._link_html(r, here) for r in records))) for value, records in ordered],
            index=self._rel(index_uri(content_type), uri),
        )
        front = _front_matter(title, f"{content_type.plural}, xếp {facet.label.lower()}.")
        return GeneratedPage(uri, front + body, None, LISTING, blocks=blocks.items)

    def comparison_page(self, document: Record, outlines: list[Record]) -> GeneratedPage:
        question_asked(("groups",))  # which outlines are compared: the comparable groups
        uri = comparison_uri(document)
        rows = compare(outlines)

        def cell(placed: PlacedSection | None, outline: Record) -> Markup:
            if placed is None:
                return Markup("—")
            title = placed.section.title if len(placed.section.title) <= 90 else placed.section.title[:89] + "…"
            return self._section_link(outline, placed.address, uri, f"{placed.address}: {title}")

        shared = [[cell(c, outlines[i]) for i, c in enumerate(row.cells)] for row in rows if row.only is None]
        unique = [
            (outline, [cell(row.cells[i], outline) for row in rows if row.only == i]) for i, outline in enumerate(outlines)
        ]
        title = f"So sánh các đề cương thực hiện {document.title}"
        body = self.env.get_template("comparison.md.j2").render(
            document=document,
            outlines=outlines,
            shared=shared,
            unique=unique,
            link=lambda target, label=None: self._link(target, uri, label),
        )
        return GeneratedPage(uri, _front_matter(title, f"Các đề cương thực hiện {document.title}, đặt cạnh nhau theo từng mục.") + body, None, "So sánh")

    def _comparisons(self, record: Record, from_uri: str) -> list[tuple[Record, str]]:
        """The comparison pages an outline appears on."""
        return [(document, self._rel(comparison_uri(document), from_uri)) for document, outlines in self.groups if record in outlines]

    def _facet_label(self, value: str) -> str:
        """A facet value that is a document id reads as the document's name."""
        document = self.catalog.get("van-ban", value)
        return document.title if document else value

    # -- links --------------------------------------------------------------------------------

    @staticmethod
    def _rel(target_uri: str, from_uri: str) -> str:
        return relative_uri(target_uri, from_uri)

    def _link(self, target: Record, from_uri: str, label: str | None = None) -> Markup:
        text = md_inline(plain(label or target.title))
        return Markup(f"[{text}]({self._rel(page_uri(target), from_uri)})")

    def _link_html(self, target: Record, here: str, label: str | None = None) -> str:
        """The HTML Markdown makes of _link(), from a page's final address (here, "x/y/index.html")."""
        return f'<a href="{html.escape(self._rel(target.url, here))}">{html_inline(plain(label or target.title))}</a>'

    def _cited_list(self, links: list[Link], uri: str) -> str:
        """The records citing a record, each with the section cited when there is one, as HTML;
        a record citing the same section twice (a relation's source and its own sources) once."""
        here = final_path(uri)
        items: dict[str, None] = {}
        for link in links:
            item = self._link_html(link.origin, here)
            if link.reference.section:
                address = link.reference.section
                item += f' — <a href="{html.escape(self._section_href(link.target, address, here))}">{html_inline(plain(f"mục {address}"))}</a>'
            items[item] = None
        return _html_list(items)

    def _downloads(self, record: Record, from_uri: str) -> list[tuple[str, list[tuple[Format, str, str]]]]:
        """Per variant, the files to download: format, link relative to the page, size."""
        files = self.forms.get(record.id, []) if record.type.key == "outline" else []
        return [
            (label, [(f.format, self._rel(f.uri, from_uri), _size(len(f.content))) for f in files if f.variant == variant])
            for variant, label in VARIANTS.items()
            if any(f.variant == variant for f in files)
        ]

    def _followed(self, record: Record) -> Record | None:
        follows = getattr(record.entry, "follows", None) if record.type.key == "report" else None
        return self.catalog.get("de-cuong", follows) if follows else None

    def _coverage(self, record: Record, from_uri: str) -> dict[str, Any] | None:
        """The report's coverage of its outline, with links to the outline's sections."""
        outline = self._followed(record)
        if outline is None:
            return None
        result = self._coverage_of(record, outline)
        placed = {p.address: p for p in outline.sections()}
        reported = {p.address: p for p in record.sections()}

        def outline_link(address: str) -> Markup:
            section = placed[address].section
            return self._section_link(outline, address, from_uri, f"{address}: {section.title}")

        return {
            "outline": outline,
            "total": len(placed),
            "answered": len(result.answered),
            "items": result.answered_items,
            "skipped": [outline_link(address) for address in result.skipped],
            "added": [self._section_link(record, a, from_uri, f"{a}: {reported[a].section.title}") for a in result.added],
        }

    def _coverage_of(self, report: Record, outline: Record) -> Coverage:
        """Computed once per pair: the report page, its headings and the outline page all use it."""
        key = (report.key, outline.key)
        if key not in self._coverages:
            self._coverages[key] = coverage(outline.entry.sections, report.entry.sections)
        return self._coverages[key]

    def _answered_count(self, report: Record, outline: Record) -> str:
        result = self._coverage_of(report, outline)
        return f"trả lời {len(result.answered)}/{len(outline.sections())} mục"

    def _answers(self, record: Record, from_uri: str) -> Callable[[PlacedSection], str | None] | None:
        """Under each report heading, the outline item it answers."""
        outline = self._followed(record)
        if outline is None:
            return None
        answers = self._coverage_of(record, outline).report_answers()

        def note(placed: PlacedSection) -> str | None:
            address = answers.get(placed.address)
            if address is None:
                return None
            return f"↳ Theo {self._section_link(outline, address, from_uri, f'mục {address} của đề cương')}"

        return note

    def _link_mentions(self, markdown: str, from_uri: str) -> str:
        """Turn every known document mentioned in an escaped text into a link to its page."""

        def link(match: re.Match[str]) -> str:
            target = self.catalog.document_by_number(match.group("number"))
            if target is None:
                return match.group(0)
            return f"[{match.group(0)}]({self._rel(page_uri(target), from_uri)})"

        return link_mentions(markdown, link)

    def _citations(self, record: Record) -> list[tuple[Record, str | None, str]]:
        """Where a document is named in running text: origin, section address, the sentence; one per place."""
        seen: set[tuple[str, str | None]] = set()
        found = []
        for citation in sorted(self.catalog.citations_of(record), key=lambda c: sort_key(c.origin.title)):
            place = (citation.origin.key, citation.mention.section)
            if place not in seen:
                seen.add(place)
                found.append((citation.origin, citation.mention.section, excerpt(citation.mention.text, citation.mention.number)))
        return found

    def _links_at(self, record: Record, field: str) -> list[Link]:
        """The resolved references written in one field of the record, in the order written."""
        return [link for link in self.catalog.links_from(record) if link.reference.path[0] == field]

    def _document_line(self, target: Record, from_uri: str) -> Markup:
        """A link to a document followed by its issuer and date: the way documents are cited."""
        entry: Any = target.entry
        parts = [self._link(target, from_uri)]
        if getattr(entry, "issuer", None):
            parts.append(Markup(" của ") + md_inline(entry.issuer))
        if getattr(entry, "date", None):
            parts.append(Markup(" ngày ") + format_date(entry.date))
        return Markup("").join(parts)

    def _section_link(self, target: Record, address: str, from_uri: str, label: str | None = None) -> Markup:
        placed = target.find_section(address)
        anchor = f"#{placed.anchor}" if placed else ""
        text = md_inline(plain(label or f"mục {address}"))
        return Markup(f"[{text}]({self._rel(page_uri(target), from_uri)}{anchor})")

    def _incoming(self, record: Record) -> dict[str, list[Link]]:
        """Links to this record grouped by the linking record's type, each group sorted by title."""
        groups: dict[str, list[Link]] = defaultdict(list)
        for link in self.catalog.links_to(record):
            if link.origin is not record:
                groups[link.origin.type.key].append(link)
        return {key: sorted(links, key=lambda l: sort_key(l.origin.title)) for key, links in groups.items()}


class _Blocks:
    """A page's HTML blocks (GeneratedPage.blocks), each written into its Markdown as a mark."""

    def __init__(self) -> None:
        self._items: list[str] = []

    def add(self, html_block: str) -> Markup:
        self._items.append(html_block)
        return Markup(block_mark(len(self._items) - 1))

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self._items)


def final_path(uri: str) -> str:
    """Where a generated page ends up ("phong-trao/x.md" -> "phong-trao/x/index.html"): raw HTML
    links, which MkDocs does not rewrite, are made relative to it."""
    return uri.removesuffix(".md") + "/index.html"


def _html_list(items: Iterable[str]) -> str:
    """A bulleted list as Markdown writes one."""
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"


def relative_uri(target_uri: str, from_uri: str) -> str:
    """target_uri as seen from the folder of from_uri, both relative to the site root:
    ("van-ban/x/index.md", "de-cuong/y/index.md") -> "../../van-ban/x/index.md".
    (posixpath.relpath does the same but asks the operating system for the working folder.)"""
    target = target_uri.split("/")
    folder = from_uri.split("/")[:-1]
    shared = 0
    while shared < min(len(folder), len(target)) and folder[shared] == target[shared]:
        shared += 1
    return "/".join([".."] * (len(folder) - shared) + target[shared:]) or "."


def _draft_fields(draft: Draft) -> list[tuple[str, str, str, str]]:
    """The drafting page's heading and closing fields: name (the template's slot), label, value
    known from the outline, example shown while empty."""
    return [
        ("co_quan_chu_quan", "Cơ quan, tổ chức chủ quản (nếu có)", "", "Ví dụ: UBND TỈNH …"),
        ("co_quan", "Tên cơ quan, tổ chức báo cáo", "", "Ví dụ: ỦY BAN NHÂN DÂN HUYỆN …"),
        ("so", "Số, ký hiệu của báo cáo", "", "Ví dụ: 15/BC-UBND"),
        ("dia_danh", "Địa danh", "", "Nơi ban hành, ví dụ tên huyện"),
        ("ngay", "Ngày báo cáo", "", ""),
        ("kinh_gui", "Kính gửi", draft.recipient, "Cơ quan nhận báo cáo"),
        ("trich_yeu", "Trích yếu", draft.summary, ""),
        ("noi_nhan", "Nơi nhận (mỗi dòng một nơi)", "", "Như trên;\nLưu: VT."),
        ("quyen_han", "Quyền hạn ký (nếu có)", "", "Ví dụ: TM. ỦY BAN NHÂN DÂN"),
        ("chuc_vu", "Chức vụ người ký", draft.signer_title, "Ví dụ: CHỦ TỊCH"),
        ("ho_ten", "Họ và tên người ký", "", ""),
    ]


def _model_text(model: Record) -> str:
    entry: Any = model.entry
    where = f" ({entry.locality})" if entry.locality else ""
    return f"Mô hình “{plain(entry.name)}”{where}: {model.text_of('description')}"


def _size(length: int) -> str:
    return f"{max(1, round(length / 1024))} KB"


def _fill_in_count(record: Record) -> int:
    texts: list[str] = []
    for placed in record.sections():
        texts.append(placed.section.title)
        for block in placed.section.content:
            texts += [value for key, value in block if key in {"text", "bullet", "note"}]
    return sum(count_fill_ins(text) for text in texts if "…" in text or "...." in text)


def _front_matter(title: str, description: str) -> str:
    # JSON strings are YAML scalars, and json.dumps is far faster than yaml.safe_dump per page.
    return f"---\ntitle: {json.dumps(plain(title), ensure_ascii=False)}\ndescription: {json.dumps(plain(description), ensure_ascii=False)}\n---\n\n"
