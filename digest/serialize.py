"""The public JSON shape of a digest (one JSON Lines object per article; see the README)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from digest.extract.dates import PARTS_OF_DAY
from digest.gazetteer import PREFIXES
from digest.models import Article, Digest, EventDate, Figure, Leader, Locality, PlaceRef


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


def digest_from_dict(data: dict[str, Any]) -> Digest:
    """The digest of `digest_to_dict` output (the article keeps its title, bylines and URL, not its text)."""
    event = None
    if data.get("event_date"):
        text = data.get("event_date_text") or ""
        part = text.split(" ", 1)[0].lower() if text[:1].isalpha() and " " in text else None
        event = EventDate(dt.date.fromisoformat(data["event_date"]), part if part in PARTS_OF_DAY else None, text)
    article = Article(
        source=data["source"],
        title=data.get("title"),
        paragraphs=(),
        published=data.get("published"),
        bylines=tuple(data.get("bylines", ())),
        url=data.get("url"),
    )
    return Digest(
        article=article,
        localities=tuple(_locality_from(loc) for loc in data.get("localities", ())),
        event_date=event,
        figures=tuple(
            Figure(
                f["text"],
                f["value"],
                f["unit"],
                f.get("label", ""),
                f.get("qualifier"),
                f.get("total"),
                f.get("change"),
            )
            for f in data.get("figures", ())
        ),
        leaders=tuple(Leader(x["name"], tuple(x.get("titles", ()))) for x in data.get("leaders", ())),
        summary=data.get("summary", ""),
    )


def _locality_from(loc: dict[str, Any]) -> Locality:
    """A locality of `digest_to_dict`, also as written before levels and eras (then a district or a province)."""
    code = str(loc.get("code", ""))
    province_like = loc["type"] == "tỉnh" or (loc["type"] == "thành phố" and loc["name"] == loc["province"])
    level = loc.get("level") or ("province" if province_like else "district")
    era = loc.get("era") or "before-2025"
    now = loc.get("now") or {}
    return Locality(
        loc["name"],
        loc["type"],
        loc["province"],
        code,
        loc.get("province_2025"),
        level=level,
        era=era,
        key=str(loc.get("key") or PREFIXES.get((era, level), "") + code),
        former=tuple(_ref_from(r) for r in loc.get("former", ())),
        now_province=now.get("province"),
        now_communes=tuple(_ref_from(r) for r in now.get("communes", ())),
    )


def _ref_from(ref: dict[str, Any]) -> PlaceRef:
    return PlaceRef(str(ref.get("name", "")), str(ref.get("type", "")), str(ref.get("province", "")))
