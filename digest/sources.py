"""Reading articles from files and folders.

A file's encoding is detected (`digest.decoding`), a binary file is refused with its reason, an HTML
page goes through trafilatura, and a text file (a crawler's file may hold hundreds of articles) is
read in chunks and yields one article at a time, so memory stays bounded whatever its size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from digest import clean, decoding, htmltext
from digest.decoding import NotTextError
from digest.models import Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
MAX_PAGE_BYTES = 10_000_000  # an HTML page is parsed whole: larger ones are refused
CHUNK_BYTES = 1 << 16

__all__ = ["ARTICLE_SUFFIXES", "NotTextError", "article_files", "articles_from_text", "iter_articles"]


def article_files(folder: Path) -> list[Path]:
    """The .txt/.html files under a folder, in name order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def iter_articles(path: Path, source: str | None = None, url: str | None = None) -> Iterator[Article]:
    """Every article of a file, one at a time; OSError when it cannot be read, NotTextError when it is
    not text (or a page too large to parse)."""
    source = source or str(path)
    with path.open("rb") as handle:
        head = handle.read(decoding.SAMPLE)
        encoding = decoding.detect(head, decoding.declared_charset(head))
        if htmltext.looks_like_html(head[:2048].decode(encoding, errors="ignore")):
            rest = handle.read(MAX_PAGE_BYTES + 1 - len(head))
            if len(head) + len(rest) > MAX_PAGE_BYTES:
                raise NotTextError(f"an HTML page over {MAX_PAGE_BYTES:,} bytes")
            page = (head + rest).decode(encoding, errors="replace")
            yield from articles_from_text(page, source, url)
            return
        lines = _lines(head, handle, encoding)
        articles = clean.iter_articles(lines, source)
        yield from (a if url is None else dataclasses.replace(a, url=url) for a in articles)


def articles_from_text(text: str, source: str, url: str | None = None) -> list[Article]:
    """The articles in a text or HTML document held in memory."""
    if htmltext.looks_like_html(text):
        page = htmltext.page_text(text)
        if page is None:
            return []
        article = clean.build_article(
            page.text.split("\n"), source, header_published=page.published, title=page.title, url=url or page.url
        )
        return [article] if article else []
    articles = clean.split_articles(text, source)
    return [a if url is None else dataclasses.replace(a, url=url) for a in articles]


def _lines(head: bytes, handle: BinaryIO, encoding: str) -> Iterator[str]:
    """The lines of a file whose first bytes were already read, decoded chunk by chunk."""
    decoder = decoding.incremental_decoder(encoding)
    pending = ""
    chunk = head
    while chunk:
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        yield from complete
        chunk = handle.read(CHUNK_BYTES)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending
