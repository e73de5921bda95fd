"""What the core hands to the site builder: generated pages and files, and the plan announcing them.

Kept apart from the rendering code so that the build process (hooks/portal.py) can receive them
from tdkt.build.content_process without importing what makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..base.digest import digest

PREVIEW_MARK = "<!-- tdkt:preview -->"
BLOCK_MARK = "<!-- tdkt:html {} -->"  # where the page's n-th HTML block goes, after Markdown


def block_mark(number: int) -> str:
    return BLOCK_MARK.format(number)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. "de-cuong/x.md", as if under docs/
    content: str
    edit_path: str | None  # the data file behind the page, for "edit this page"
    label: str  # what kind of page it is, shown beside it in search results ("Đề cương", "Danh sách")
    # HTML to put in place of PREVIEW_MARK after Markdown: large and already HTML, so parsing
    # it as Markdown would only cost time.
    preview: str = ""
    # HTML put in place of block_mark(n) after Markdown, before the page is indexed: long lists
    # (an index of thousands of records, the pages citing a report) that Markdown would parse
    # for a good part of a second at every build that shows an edit.
    blocks: tuple[str, ...] = ()

    @cached_property  # computed where the page is made, and sent (and kept) with it
    def digest(self) -> str:
        """Changes whenever the page's HTML or its search entry would: its Markdown, the HTML put
        into it, its edit link, its label."""
        return digest(self.content, self.preview, self.edit_path or "", self.label, *self.blocks)

    def with_blocks(self, html: str) -> str:
        """The page's HTML (as Markdown made it) with its blocks in place."""
        for number, block in enumerate(self.blocks):
            html = html.replace(block_mark(number), block, 1)
        return html


@dataclass(frozen=True)
class GeneratedAsset:
    src_uri: str
    content: bytes
    known_digest: str = ""  # when the producer knows one already (templates: their cache key)

    @cached_property
    def digest(self) -> str:
        """Changes whenever the content does; hashing hundreds of megabytes of templates on every
        build is avoided where the producer's key says it already."""
        return self.known_digest or digest(self.content)


@dataclass(frozen=True)
class SiteContent:
    pages: list[GeneratedPage]
    assets: list[GeneratedAsset]


@dataclass(frozen=True)
class SitePlan:
    """What the site will hold, known from the catalog alone (before templates are made or any
    page rendered): MkDocs can register every file while the pages are still being rendered."""

    pages: list[tuple[str, str | None]]  # (src_uri, edit_path) in the order pages are rendered
    assets: list[str]  # src_uris
    # Document pages by number (tdkt.render.html_links.document_key): numbers are linked in every page's HTML.
    documents: dict[str, str] = field(default_factory=dict)
    # Markdown the hand-written pages ask for by a marker <!-- tdkt:name --> (the home page's latest).
    snippets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildEnd:
    """Sent by a content process kept between builds (tdkt.build.content_process) after a build's last item."""


@dataclass(frozen=True)
class BuildFailed:
    """Sent by a kept content process when a build failed on a bug: the traceback, for the log."""

    text: str


@dataclass(frozen=True)
class Unchanged:
    """Sent by a kept content process instead of a page or file it sent in an earlier build with
    the same digest: the build process still holds it, and a hundred megabytes need not travel."""

    kind: str  # "page" or "asset"
    src_uri: str
