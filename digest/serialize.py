"""The public JSON shape of a digest (one JSON Lines object per article; see the README)."""

from __future__ import annotations

from typing import Any

from digest.models import Digest, Figure


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _figure(figure: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": figure.text,
        "value": _number(figure.value),
        "unit": figure.unit,
        "label": figure.label,
    }
    if figure.qualifier:
        out["qualifier"] = figure.qualifier
    if figure.total is not None:
        out["total"] = _number(figure.total)
    return out


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """The extraction of one article as plain JSON-ready data."""
    article = digest.article
    return {
        "source": article.source,
        "title": article.title,
        "localities": [
            {
                "name": loc.name,
                "type": loc.type,
                "province": loc.province,
                "code": loc.code,
                "province_2025": loc.province_2025,
            }
            for loc in digest.localities
        ],
        "event_date": digest.event_date.day.isoformat() if digest.event_date else None,
        "event_date_text": digest.event_date.text if digest.event_date else None,
        "published": article.published,
        "figures": [_figure(f) for f in digest.figures],
        "leaders": [{"name": leader.name, "titles": list(leader.titles)} for leader in digest.leaders],
        "bylines": list(article.bylines),
        "summary": digest.summary,
        "url": article.url,
    }
