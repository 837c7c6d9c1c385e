"""RSS/Atom bytes to entries, through feedparser (given bytes only: never a string it could take for a URL).

The bytes are decoded here first (`digest.decoding`: declared or detected charset, only bad bytes
replaced) and handed to feedparser as UTF-8: left to itself, feedparser reads a UTF-8 feed with one
bad byte as ISO-8859-2 and garbles every Vietnamese letter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import logging
import re
from dataclasses import dataclass
from typing import Any

import feedparser

from digest import decoding
from digest.dedup import entry_keys
from digest.htmltext import fragment_text
from digest.timeutil import VN_TZ

log = logging.getLogger(__name__)

_PROLOG_ENCODING_RE = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)["'][^"']*["']""")


class FeedError(Exception):
    """Bytes that hold no feed at all (feedparser found no entries and a fatal error)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed, as text."""

    guid: str | None
    link: str | None
    title: str | None
    published: dt.datetime | None  # Vietnam time
    text: str  # content, else summary, as plain text

    def keys(self) -> tuple[str, ...]:
        """Its deduplication keys (`digest.dedup`)."""
        return entry_keys(self.guid, self.link, self.title, self.published)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What a feed document holds."""

    title: str | None
    entries: tuple[FeedEntry, ...]
    skipped: tuple[str, ...]  # why entries were left out


def parse_feed(raw: bytes, content_type: str | None = None, base_url: str = "") -> ParsedFeed:
    """The entries of RSS/Atom bytes; FeedError when the bytes are not a feed."""
    try:
        decoded = decoding.decode(raw, decoding.declared_charset(raw, content_type))
    except decoding.NotTextError as exc:
        raise FeedError(f"not a feed: {exc}") from None
    if decoded.replaced:
        log.warning("%s: %d bad bytes in the feed, replaced", base_url or "feed", decoded.replaced)
    utf8 = _PROLOG_ENCODING_RE.sub(r'\1"utf-8"', decoded.text, count=1).encode("utf-8")
    headers = {"content-type": "application/xml; charset=utf-8"}  # what the bytes now are, whatever was served
    if base_url:
        headers["content-location"] = base_url
    parsed = feedparser.parse(io.BytesIO(utf8), response_headers=headers, sanitize_html=True)
    if not parsed.entries and not parsed.get("version"):
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        raise FeedError(f"not a feed: {problem}" if problem else "not an RSS or Atom document")
    if parsed.get("bozo"):
        log.info("%s: feed is not well formed (%s), entries kept", base_url or "feed", parsed.get("bozo_exception"))
    entries = []
    skipped = []
    for i, raw_entry in enumerate(parsed.entries):
        try:
            entry = _entry(raw_entry)
        except Exception as exc:  # one broken entry never fails the feed: it is skipped with its reason
            skipped.append(f"entry {i + 1}: unreadable ({type(exc).__name__}: {exc})")
            continue
        if entry is None:
            skipped.append(f"entry {i + 1}: no text, title or link")
            continue
        entries.append(entry)
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return ParsedFeed(title=title or None, entries=tuple(entries), skipped=tuple(skipped))


def _entry(raw: Any) -> FeedEntry | None:
    contents = raw.get("content") or []
    html = max((c.get("value", "") for c in contents), key=len, default="") or raw.get("summary", "")
    text = fragment_text(html) if html else ""
    title = fragment_text(raw.get("title", "")).strip() or None
    link = raw.get("link") or None
    if not (text.strip() or title) or not (link or raw.get("id") or title):
        return None
    return FeedEntry(
        guid=raw.get("id") or None,
        link=link,
        title=title,
        published=_published(raw),
        text=text,
    )


def _published(raw: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC).astimezone(VN_TZ)
            except (OverflowError, ValueError):
                continue
    return None
