"""Deduplication keys: how the store knows it has an entry or an article already, whatever feed carries it.

- `g:<guid>`: the feed's id of the entry;
- `l:<link>`: its link without scheme, "www.", fragment, tracking parameters or trailing slash;
- `f:<title>|<day>`: its title without marks, case or punctuation, and its publication day;
- `c:<hash>`: the article's title and text (the same story under another link or title, a file loaded twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import urllib.parse

from digest.models import Article
from digest.textnorm import loose_key, text_key

_TRACKING_PARAM_RE = re.compile(r"^(?:utm_\w+|fbclid|gclid|zarsrc)$")


def entry_keys(guid: str | None, link: str | None, title: str | None, published: dt.datetime | None) -> tuple[str, ...]:
    """The keys of a feed entry, known before its article is read."""
    keys = []
    if guid:
        keys.append("g:" + guid.strip())
    if link:
        keys.append("l:" + normalise_link(link))
    if title and published:
        keys.append(fingerprint(title, published.date()))
    return tuple(keys)


def article_keys(article: Article, entry: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys of an article: its entry's, its link and title when the entry had none, and its content."""
    keys = list(entry)
    if article.url and not any(k.startswith("l:") for k in keys):
        keys.append("l:" + normalise_link(article.url))
    if article.title and article.published and len(article.published) == 10:
        keys.append(fingerprint(article.title, dt.date.fromisoformat(article.published)))
    content = text_key(f"{article.title or ''}\n{article.body}").encode()
    keys.append("c:" + hashlib.sha1(content, usedforsecurity=False).hexdigest()[:24])
    return tuple(dict.fromkeys(keys))


def fingerprint(title: str, day: dt.date) -> str:
    """The key of a story whatever feed carries it: title without marks, case or punctuation, and its day."""
    words = re.sub(r"[^\w ]+", " ", loose_key(title)).split()
    return f"f:{' '.join(words)}|{day.isoformat()}"


def normalise_link(link: str) -> str:
    """A link without scheme, "www.", fragment, tracking parameters or trailing slash."""
    parts = urllib.parse.urlsplit(link.strip())
    query = urllib.parse.urlencode(
        [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if not _TRACKING_PARAM_RE.match(k)]
    )
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")
