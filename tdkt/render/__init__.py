"""Pages: Markdown from Jinja2 templates for every record, index and facet, the drafting pages,
the feed and "what's new", links of document numbers in HTML, and the pages kept between runs with
what they were made from.

May import: tdkt.base, tdkt.model, tdkt.content, tdkt.connections, tdkt.forms."""
