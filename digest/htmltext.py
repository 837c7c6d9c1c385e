"""Main text of an HTML page, with its title and date, through trafilatura."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from digest.textnorm import clean_unicode

log = logging.getLogger(__name__)

_HTML_START_RE = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura finds in a page."""

    title: str | None
    text: str
    published: str | None  # "YYYY-MM-DD"
    url: str | None


def looks_like_html(text: str) -> bool:
    """Whether a document is an HTML page rather than plain text."""
    return bool(_HTML_START_RE.match(text[:500]))


def page_text(html: str) -> PageText | None:
    """The article of an HTML page, keeping its lines; `None` when the page has no main text."""
    import trafilatura  # noqa: PLC0415  # a fifth of a second to import: only when a page is read

    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_precision=True, with_metadata=True
    )
    fields = document if isinstance(document, dict) else document.as_dict() if document is not None else {}
    text, title, date, url = (fields.get(k) for k in ("text", "title", "date", "url"))
    if not text:
        log.info("no main text found in the page")
        return None
    published = date if isinstance(date, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", date) else None
    return PageText(
        title=clean_unicode(title) if title else None,
        text=clean_unicode(text),
        published=published,
        url=url if isinstance(url, str) else None,
    )


_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "figcaption"})
_HIDDEN_TAGS = frozenset({"script", "style"})


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block element."""
    if "<" not in fragment:
        return clean_unicode(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(clean_unicode(fragment), create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return ""
    parts: list[str] = []
    hidden = 0  # inside <script> or <style>
    # Walked, not rewritten: an entity such as "&#1;" decodes to a character lxml refuses to store back.
    for event, element in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event in ("comment", "pi"):  # no text of its own, but the text after it counts
            if not hidden and element.tail:
                parts.append(element.tail)
            continue
        if event == "start":
            hidden += tag in _HIDDEN_TAGS
            if not hidden and tag and element.text:
                parts.append(element.text)
            continue
        hidden -= tag in _HIDDEN_TAGS
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if not hidden and element.tail and element is not root:
            parts.append(element.tail)
    return clean_unicode("".join(parts))
