"""Document numbers linked in a finished page's HTML, wherever a reader sees them.

Markdown made by the core links numbers in section text already; this pass reaches the rest:
summaries, metadata, quotes, index and facet tables, comparison pages and the hand-written pages.
Text inside links, headings, form fields and scripts is left alone, and so is a document's own
page where it names itself. Light on purpose: the site builder runs it without loading the model.
"""

from __future__ import annotations

import re

from ..content.numbers import link_mentions, number_key

_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")
_LEFT_ALONE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "textarea", "title", "code", "pre", "template", "option", "button", "label", "select"}


def document_key(number: str) -> str:
    """The key a document's number is looked up by, in any spelling ("34/ct-tw" → "34|CT|TW")."""
    return "|".join(number_key(number))


def link_document_numbers(html: str, page_url: str, documents: dict[str, str]) -> str:
    """html with every known document number in its text linked to the document's page.

    page_url and the values of documents are site-relative directory URLs ("van-ban/x/")."""
    if not documents:
        return html
    parts = _TAG.split(html)
    closed: list[str] = []  # open elements whose text is left alone
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _TAG_NAME.match(part)
            if match:
                name = match.group(2).lower()
                if name in _LEFT_ALONE and not part.endswith("/>"):
                    if match.group(1):
                        if name in closed:
                            del closed[len(closed) - 1 - closed[::-1].index(name)]
                    else:
                        closed.append(name)
            continue
        if closed or not part:
            continue
        parts[index] = link_mentions(part, lambda m: _link(m, page_url, documents))
    return "".join(parts)


def _link(match: re.Match[str], page_url: str, documents: dict[str, str]) -> str:
    target = documents.get(document_key(match.group("number")))
    if target is None or target == page_url:
        return match.group(0)
    return f'<a class="tdkt-doc-link" href="{_relative(target, page_url)}">{match.group(0)}</a>'


def _relative(target: str, page_url: str) -> str:
    """A site-relative directory URL as seen from a page's directory URL."""
    depth = len([part for part in page_url.split("/") if part]) if page_url.endswith("/") or not page_url else len(page_url.split("/")) - 1
    return "../" * depth + target
