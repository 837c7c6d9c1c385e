"""Wires the stages: articles -> digests (reading files is `digest.sources`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from digest import sources
from digest.extract.dates import find_event_date
from digest.extract.figures import find_figures
from digest.extract.leaders import find_leaders
from digest.extract.locality import find_localities
from digest.gazetteer import Gazetteer, load
from digest.models import Article, Digest
from digest.summary import has_real_sentence, summarize


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


def emptiness(digest: Digest) -> str | None:
    """Why a digest holds nothing worth sending (no place, date or figure, nor a sentence of real words)."""
    if digest.localities or digest.event_date or digest.figures or has_real_sentence(digest.article):
        return None
    return "không có địa phương, ngày, số liệu hay câu chữ thật"


def digest_text(text: str, source: str, url: str | None = None, default_province: str | None = None) -> list[Digest]:
    """Digests of every article in a text or HTML document."""
    return [digest_article(a, default_province=default_province) for a in sources.articles_from_text(text, source, url)]


def digest_file(
    path: Path, source: str | None = None, default_province: str | None = None, gazetteer: Gazetteer | None = None
) -> Iterator[Digest]:
    """Digests of every article in a file, one at a time; OSError or NotTextError when it cannot be read."""
    for article in sources.iter_articles(path, source):
        yield digest_article(article, gazetteer, default_province)
