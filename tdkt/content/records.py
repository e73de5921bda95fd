"""A validated record and the connections found between records (links, citations).

Kept apart from the catalog that loads them, so that what checks a record (pictures, repeats)
can name it without importing the loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..base.digest import digest
from ..base.inline import plain
from ..model.references import Reference
from ..model.sections import PlacedSection, normalise_address, walk_sections
from .body import Body, plain_text
from .content_types import ContentType
from .images import Picture
from .mentions import Mention
from .tracking import reads_noted
from .yamlsource import SourceMap


# A page that reads a record's content depends on it; its identity (type, id, path, and the key and
# URL made of them) does not change while the file exists, and whether it exists is a question asked
# of the catalog. Most pages name other records by their title only: a link is not stale when the
# record's other fields change (tdkt.content.tracking notes a title read apart).
_IDENTITY = frozenset({"type", "id", "path", "key", "url", "__class__"})


@reads_noted(_IDENTITY)
@dataclass(frozen=True)
class Record:
    """One validated content file: its type, id (the file name), model and source location."""

    type: ContentType
    id: str
    entry: Any  # the content type's model instance
    path: str  # relative to the project root, e.g. "data/de-cuong/x.yml"
    source: SourceMap = field(compare=False, repr=False)
    # Document numbers named in its text: found once per file, kept with it in the record cache.
    mentions: tuple[Mention, ...] = field(default=(), compare=False, repr=False)
    body: Body | None = field(default=None, compare=False, repr=False)  # a .md file's Markdown body
    pictures: dict[str, Picture] = field(default_factory=dict, compare=False, repr=False)  # by name in the body
    text_digest: str = field(default="", compare=False, repr=False)  # of the file's text

    @property
    def digest(self) -> str:
        """Changes whenever anything a page can show of the record does: its file, its pictures."""
        return digest(self.text_digest, *sorted(picture.digest for picture in self.pictures.values()))

    @property
    def key(self) -> str:
        return f"{self.type.folder}/{self.id}"

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page (directory URLs)."""
        return f"{self.type.folder}/{self.id}/"

    @property
    def title(self) -> str:
        return object.__getattribute__(self, "entry").display_title  # read as the title alone

    def sections(self) -> list[PlacedSection]:
        return list(self._placed)

    def description(self, limit: int = 300) -> str:
        """The record in a sentence, for a page's description and the feed: its summary, trích yếu
        or description, else what kind of record it is."""
        for attribute in ("summary", "title", "description", "overview"):
            value = getattr(self.entry, attribute, None)
            if isinstance(value, str) and value and value != self.title:
                return self.text_of(attribute)[:limit]
        return self.type.label

    def text_of(self, attribute: str) -> str:
        """A text field's words without marks; a Markdown body's without its Markdown."""
        if self.body is not None and self.body.field == attribute:
            return plain_text(self.body.text)
        return plain(getattr(self.entry, attribute, None) or "")

    @property
    def first_picture(self) -> Picture | None:
        return self.pictures[self.body.images[0].name] if self.body and self.body.images else None

    def find_section(self, address: str) -> PlacedSection | None:
        return self._by_path.get(normalise_address(address))

    # Computed once per record: pages look sections up by address for every link and citation.
    # (cached_property writes the instance's __dict__ directly, which a frozen dataclass allows.)
    @cached_property
    def _placed(self) -> tuple[PlacedSection, ...]:
        return tuple(walk_sections(getattr(self.entry, "sections", [])))

    @cached_property
    def _by_path(self) -> dict[tuple[str, ...], PlacedSection]:
        found: dict[tuple[str, ...], PlacedSection] = {}
        for placed in self._placed:
            found.setdefault(placed.path, placed)
        return found


@dataclass(frozen=True)
class Link:
    """A resolved reference: which record points at which, and from which field."""

    origin: Record
    target: Record
    reference: Reference


@dataclass(frozen=True)
class Citation:
    """A document named in the running text of an outline or a report."""

    origin: Record
    target: Record
    mention: Mention
