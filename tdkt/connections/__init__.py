"""Connections computed between loaded records: relations of documents (replaces, amends,
status), which outline sections a report covers, outlines compared side by side, similarity of
section titles.

May import: tdkt.base, tdkt.model, tdkt.content."""
