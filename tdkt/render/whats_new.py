"""What is new on the portal: the records added or changed last, dated by git, as a list for the
home page and an Atom feed for those who follow new outlines before a reporting deadline."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.catalog import Catalog, Record
from ..base.inline import md_inline, plain
from ..base.repository import last_changes
from ..base.text import sort_key

FEED = "feed.xml"
SNIPPET = "moi-cap-nhat"  # the marker <!-- tdkt:moi-cap-nhat --> in a hand-written page
FEED_SIZE = 30
HOME_SIZE = 8
ATOM = "http://www.w3.org/2005/Atom"
SITE_NAME = "Cổng tri thức Thi đua – Khen thưởng"


@dataclass(frozen=True)
class Change:
    record: Record
    when: dt.datetime  # UTC


def latest_changes(root: Path, catalog: Catalog) -> list[Change]:
    """Records by the date of the last commit that touched their file, newest first; files git
    does not know (not committed yet, or no repository) by their modification time."""
    committed = last_changes(root)
    changes = []
    for record in catalog.records.values():
        when = committed.get(record.path)
        if when is None:
            when = dt.datetime.fromtimestamp(int((root / record.path).stat().st_mtime), dt.timezone.utc)
        changes.append(Change(record, when))
    return sorted(changes, key=lambda c: (-c.when.timestamp(), sort_key(c.record.title)))


def home_snippet(changes: list[Change], page_uri: Any) -> str:
    """Markdown for the home page: the latest records with their type and date, and the feed."""
    lines = []
    for change in changes[:HOME_SIZE]:
        record = change.record
        lines.append(
            f"- [{md_inline(plain(record.title))}]({page_uri(record)}) — {record.type.short}, "
            f"cập nhật {change.when:%d/%m/%Y}"
        )
    lines += ["", f"[:material-rss: Theo dõi nội dung mới (Atom)]({FEED}){{ .md-button }}", ""]
    return "\n".join(lines)


def atom_feed(changes: list[Change]) -> bytes:
    """An Atom feed of the latest records; links are relative to the feed, as readers resolve them."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{SITE_NAME}: nội dung mới"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _urn("feed")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=FEED)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href="./")
    newest = changes[0].when if changes else dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = SITE_NAME
    for change in changes[:FEED_SIZE]:
        record = change.record
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = plain(record.title)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _urn(record.key)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=record.url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = change.when.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}category", term=record.type.folder, label=record.type.short)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = record.description(400)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _urn(key: str) -> str:
    # Stable across builds and hosts: the record's key, not the site's address, identifies it.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"tdkt:{key}").urn
