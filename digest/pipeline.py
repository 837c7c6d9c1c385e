"""Wires the stages: raw text or HTML -> articles -> digests."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from digest import clean, htmltext
from digest.extract.dates import find_event_date
from digest.extract.figures import find_figures
from digest.extract.leaders import find_leaders
from digest.extract.locality import find_localities
from digest.gazetteer import Gazetteer, load
from digest.models import Article, Digest
from digest.summary import summarize

log = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 200_000  # longer input is cut: no real article is this long
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def article_files(folder: Path) -> list[Path]:
    """The .txt/.html files under a folder, in name order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def digest_article(article: Article, gazetteer: Gazetteer | None = None, default_province: str | None = None) -> Digest:
    """Run every extractor over one cleaned article."""
    gaz = gazetteer or load()
    localities = find_localities(article, gaz, default_province)
    return Digest(
        article=article,
        localities=localities,
        event_date=find_event_date(article),
        figures=find_figures(article),
        leaders=find_leaders(article, gaz, localities),
        summary=summarize(article),
    )


def articles_from_text(text: str, source: str, url: str | None = None) -> list[Article]:
    """The articles in a text or HTML document."""
    if len(text) > MAX_ARTICLE_CHARS:
        log.warning("%s: %d characters, only the first %d are read", source, len(text), MAX_ARTICLE_CHARS)
        text = text[:MAX_ARTICLE_CHARS]
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


def digest_text(text: str, source: str, url: str | None = None, default_province: str | None = None) -> list[Digest]:
    """Digests of every article in a text or HTML document."""
    return [digest_article(a, default_province=default_province) for a in articles_from_text(text, source, url)]


def read_document(path: Path) -> str:
    """The text of an article file: UTF-8 text, or HTML in its declared encoding."""
    raw = path.read_bytes()
    return htmltext.decode(raw) if htmltext.looks_like_html_bytes(raw) else raw.decode("utf-8", errors="replace")


def digest_file(path: Path, source: str | None = None, default_province: str | None = None) -> list[Digest]:
    """Digests of every article in a file (UTF-8 text or HTML)."""
    return digest_text(read_document(path), source or str(path), default_province=default_province)
