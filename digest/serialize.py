"""The public JSON shape of a digest (one JSON Lines object per article; see the README). The store keeps
its own format (`digest.store.format`), so a change here never changes what is stored."""

from __future__ import annotations

from typing import Any

from digest.models import Digest, Figure, Locality, PlaceRef


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
    if figure.change:
        out["change"] = figure.change
    return out


def _ref(ref: PlaceRef) -> dict[str, str]:
    return {"name": ref.name, "type": ref.type, "province": ref.province}


def _locality(loc: Locality) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": loc.name,
        "type": loc.type,
        "province": loc.province,
        "code": loc.code,
        "key": loc.key,
        "province_2025": loc.province_2025,
        "level": loc.level,
        "era": loc.era,
    }
    if loc.era == "before-2025":
        out["now"] = {"province": loc.now_province, "communes": [_ref(r) for r in loc.now_communes]}
    else:
        out["former"] = [_ref(r) for r in loc.former]
    return out


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """The extraction of one article as plain JSON-ready data."""
    article = digest.article
    return {
        "source": article.source,
        "title": article.title,
        "localities": [_locality(loc) for loc in digest.localities],
        "event_date": digest.event_date.day.isoformat() if digest.event_date else None,
        "event_date_text": digest.event_date.text if digest.event_date else None,
        "published": article.published,
        "figures": [_figure(f) for f in digest.figures],
        "leaders": [{"name": leader.name, "titles": list(leader.titles)} for leader in digest.leaders],
        "bylines": list(article.bylines),
        "summary": digest.summary,
        "url": article.url,
    }
