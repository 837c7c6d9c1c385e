"""Main text of an HTML page, with its title and date, through trafilatura."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from digest.textnorm import clean_unicode

log = logging.getLogger(__name__)

_HTML_START_RE = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


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


def looks_like_html_bytes(raw: bytes) -> bool:
    """`looks_like_html` on undecoded bytes."""
    return looks_like_html(raw[:500].decode("ascii", errors="ignore"))


def decode(raw: bytes) -> str:
    """Decode an HTML page with its declared charset, UTF-8 otherwise."""
    declared = _CHARSET_RE.search(raw[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return raw.decode(encoding, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def page_text(html: str) -> PageText | None:
    """The article of an HTML page, keeping its lines; `None` when the page has no main text."""
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


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block element."""
    if "<" not in fragment:
        return clean_unicode(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("script", "style"):
        element.drop_tree()
    return clean_unicode(root.text_content())
