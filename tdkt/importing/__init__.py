"""Turning an outline or a report that arrived as a file (Word, LibreOffice, text) into a data file.

readers (one per format) → lines as a clerk sees them (labels of automatic numbering included) →
structure (title block, section tree, closing) → yaml_writer (the house style of data/) → review.

May import: tdkt.base, tdkt.model, tdkt.content, tdkt.connections, tdkt.forms."""
