"""One build of the site as the MkDocs hooks drive it, without MkDocs: the content the second
process sends, what a dirty build may keep from the last one, what it must remove, and each
rendered article finished (HTML blocks, search index, A4 preview, linked document numbers).

Rebuilds (`mkdocs serve --dirty`, `mkdocs build --dirty`) write only the generated pages and
files whose content changed since the last finished build into the same folder (tdkt.build.build_state);
a change to what all pages share (mkdocs.yml, overrides/, hooks/, the theme's version, which
numbers are links) rebuilds everything. hooks/portal.py hands MkDocs what this decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .build_state import BuildState, fingerprint, remove_from_site
from .content_process import ContentProcess
from ..base.digest import digest
from ..render.generated import PREVIEW_MARK, GeneratedAsset, GeneratedPage, SitePlan
from ..render.html_links import link_document_numbers
from ..base.problems import Problem
from ..base.project import CACHE_DIR
from ..search.index import OUTPUT, PAGE_LABEL, SearchIndex, is_indexed

SHARED = ("mkdocs.yml", "overrides", "hooks")  # what every page's HTML depends on, besides its content


class SiteBuild:
    """Started when the build reads its configuration; the content process starts rendering at once."""

    def __init__(self, root: Path, *, serving: bool, dirty: bool, versions: Iterable[str], previous: SiteBuild | None = None) -> None:
        """versions: what else every page depends on (MkDocs's and the theme's versions, the
        site's addresses). previous: the last build of this process (serve), stopped if running."""
        if previous is not None:
            previous.content.cancel()  # while serving, the previous build's may still run
        self.root, self.serving, self.dirty = root, serving, dirty
        # While serving, the process stays warm between builds (tdkt.build.content_process).
        self.content = ContentProcess(root, keep=serving)
        self._shared = digest(fingerprint(root, SHARED), *versions)
        self._previous_search = previous.search if previous is not None else None
        self.documents: dict[str, str] = {}  # document pages by number, to link numbers in every page
        self.snippets: dict[str, str] = {}  # Markdown that hand-written pages ask for with <!-- tdkt:name -->
        self.state: BuildState | None = None
        self.search: SearchIndex | None = None
        self.rendered: list[str] = []  # pages whose HTML this build made

    def plan(self, site_dir: Path) -> SitePlan | list[Problem]:
        """What the site will hold, or the content's problems; from here on the build knows what
        it may keep. Raises ContentProcessError if the content process failed."""
        plan = self.content.plan()
        if isinstance(plan, list):
            return plan
        self.documents, self.snippets = dict(plan.documents), dict(plan.snippets)
        # Which numbers are links changes pages whose own content did not: it is shared by all.
        shared = digest(self._shared, *sorted(f"{key} {url}" for key, url in self.documents.items()))
        self.state = BuildState.begin(self.root / CACHE_DIR, site_dir, shared)
        if self._previous_search is not None:
            self._previous_search.cancel()  # while serving, the previous build's index may still run
        self.search = SearchIndex(site_dir / OUTPUT, self.state.folder)
        return plan

    @property
    def starts_whole(self) -> bool:
        """A dirty build whose folder nothing can vouch for (another configuration, a failed
        build): it is emptied and everything is written."""
        return self.dirty and self.state is not None and not self.state.reusable

    @property
    def reuses(self) -> bool:
        """A dirty build that keeps what did not change (it must know every page's digest first)."""
        return self.dirty and self.state is not None and self.state.reusable

    def unchanged(self, dest_uri: str, content_digest: str, output: Path, is_page: bool) -> bool:
        """Whether the file the last build wrote at output, from content with this digest, can stay:
        a page also needs its article kept for the search index."""
        assert self.state is not None and self.search is not None, "plan() comes first"
        return self.state.unchanged(dest_uri, content_digest, output) and (
            not is_page or not is_indexed(dest_uri) or self.search.has(dest_uri)
        )

    def remove_gone(self, site_dir: Path, current: Iterable[str]) -> set[str]:
        """Remove what the last build wrote and this one no longer has (a deleted record's page, a
        removed outline's templates); what was removed."""
        assert self.state is not None
        gone = self.state.gone(current)
        for path in gone:
            remove_from_site(site_dir, path)
        return gone

    def article(self, html: str, dest_uri: str, page_url: str, generated: GeneratedPage | None) -> str:
        """A page's HTML as Markdown made it, finished: its HTML blocks in, indexed for search
        (before the A4 preview goes in: it repeats the outline's own headings), then the preview,
        then every document number linked."""
        self.rendered.append(dest_uri)
        if generated is not None:
            html = generated.with_blocks(html)
        if self.search is not None and is_indexed(dest_uri):
            self.search.add(dest_uri, html, generated.label if generated else PAGE_LABEL)
        if generated is not None and generated.preview:
            html = html.replace(PREVIEW_MARK, generated.preview, 1)
        return link_document_numbers(html, page_url, self.documents)

    def start_search(self, pages: Iterable[str]) -> None:
        """Every article is rendered: Pagefind indexes the site's pages on the other core while
        MkDocs writes the pages into the theme."""
        if self.search is None:
            return
        indexed = {path for path in pages if is_indexed(path)}
        # When most pages were rendered, most remain to be written into the theme, on one core.
        self.search.start(indexed, one_thread=len(self.rendered) > len(indexed) / 2, background=self.serving)

    def finish(self, written: dict[str, str], report: Callable[[str], None]) -> None:
        """After MkDocs wrote everything: written holds the digest of every generated page and
        file. Building, wait for the index (SearchIndexError if it failed) and for the content
        process to save its caches; serving, the reloaded page does not wait: report gets
        Pagefind's output if it fails later."""
        if self.search is None:
            return
        if self.serving:
            self.search.finish_later(report)
        else:
            self.search.finish()
        assert self.state is not None
        self.state.finish(written)
        if not self.serving:
            self.content.finish()

    def digest_of(self, src_uri: str, is_page: bool) -> str:
        """The digest of a generated page or file, once the content process sent it."""
        item: GeneratedPage | GeneratedAsset = self.content.page(src_uri) if is_page else self.content.asset(src_uri)
        return item.digest

    def stop(self) -> None:
        """The build failed or the server stops."""
        if self.search is not None:
            self.search.cancel()
        self.content.cancel()

