"""The store's own document format, apart from the public JSON shape (`digest.serialize`).

A stored document says which format wrote it (`"v"`). Format 2 keeps every field of the extraction as it
was (the part of the day of an event, each locality's key and history, the source tags), so that a digest
read back is the one that was extracted; the article's paragraphs are its text, kept beside it in the
text segments for `text_retention_days`. Format 1 (documents without `"v"`, written before format 2)
held the public shape; it is still read, and never written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import starmap
from typing import Any

from digest.gazetteer import PREFIXES
from digest.models import PARTS_OF_DAY, Article, Digest, EventDate, Figure, Leader, Locality, PlaceRef
from digest.records import Brief, StoredDigest
from digest.store.files import require

FORMAT = 2


def encode(item: StoredDigest) -> dict[str, Any]:
    """The document of a stored digest (its text goes to the text segment)."""
    return {
        "v": FORMAT,
        "id": item.id,
        "feed": item.feed,
        "stored_at": item.stored_at.isoformat(),
        "when": item.when.isoformat(),
        "keys": list(item.keys),
        "units": list(item.units),
        "digest": _digest(item.digest),
    }


def decode(doc: dict[str, Any]) -> StoredDigest:
    """The stored digest of a document of any format."""
    version = doc.get("v", 1)
    if version not in (1, FORMAT):
        raise ValueError(f"document {doc.get('id')!r} is in store format {version!r}, newer than this program")
    return StoredDigest(
        id=doc["id"],
        digest=_digest_from(doc["digest"]) if version == FORMAT else _digest_from_format1(doc["digest"]),
        feed=doc["feed"],
        stored_at=dt.datetime.fromisoformat(doc["stored_at"]),
        when=dt.datetime.fromisoformat(doc["when"]),
        keys=tuple(doc["keys"]),
        units=tuple(doc["units"]),
    )


def brief(doc: dict[str, Any], whole: Callable[[], StoredDigest]) -> Brief:
    """The brief of a document (`whole` reads the digest whole); KeyError, TypeError or ValueError when the
    document is not what `decode` reads."""
    if doc.get("v", 1) != FORMAT:
        return Brief.of(whole())  # format 1: read whole, as it is rare
    digest = doc["digest"]
    event = digest["event"]
    figures = []
    for _text, _value, unit, label, _qualifier, _total, _change in digest["figures"]:
        figures.append((label, unit))
    return Brief(
        doc["id"],
        dt.datetime.fromisoformat(doc["when"]),
        dt.datetime.fromisoformat(doc["stored_at"]),
        None if event is None else dt.date.fromisoformat(event[0]),
        tuple(figures),
        tuple([(name, tuple(titles)) for name, titles in digest["leaders"]]),
        whole,
    )


def check(doc: dict[str, Any], where: str) -> None:
    """ValueError naming what is missing when a document's digest lacks what `decode` needs (a cheap check of
    the shapes, made when a segment file is read)."""
    version = doc.get("v", 1)
    digest = require(doc, "digest", dict, where)
    where = f"{where}: digest"
    if version == 1:
        _check_format1(digest, where)
        return
    if version != FORMAT:
        raise ValueError(f"{where} is in store format {version!r}, newer than this program")
    _check_format2(digest, where)


def _check_format2(digest: dict[str, Any], where: str) -> None:
    article = require(digest, "article", list, where)
    if len(article) != 6 or not isinstance(article[0], str):
        raise ValueError(f"{where}: the article is not [source, title, published, bylines, tags, url]")
    for key in ("localities", "figures", "leaders"):
        require(digest, key, list, where)
    require(digest, "summary", str, where)
    for loc in digest["localities"]:
        if not (isinstance(loc, list) and len(loc) == 11 and all(isinstance(x, str) for x in loc[:4])):
            raise ValueError(f"{where}: a locality is not [name, type, province, code, ...]")
    for figure in digest["figures"]:
        if not (isinstance(figure, list) and len(figure) == 7 and isinstance(figure[1], (int, float))):
            raise ValueError(f"{where}: a figure is not [text, value, unit, label, qualifier, total, change]")
    for leader in digest["leaders"]:
        if not (isinstance(leader, list) and len(leader) == 2 and isinstance(leader[0], str)):
            raise ValueError(f"{where}: a leader is not [name, titles]")
    event = digest.get("event")
    if event is not None:
        if not (isinstance(event, list) and len(event) == 3):
            raise ValueError(f"{where}: event is not [day, part of day, text]")
        _require_day(event[0], where)


def _check_format1(digest: dict[str, Any], where: str) -> None:
    require(digest, "source", str, where)
    for key in ("localities", "figures", "leaders"):
        items = digest.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise ValueError(f"{where}: {key!r} is not a list of objects")
    for loc in digest.get("localities", []):
        for key in ("name", "type", "province"):
            require(loc, key, str, f"{where} locality")
    for figure in digest.get("figures", []):
        require(figure, "text", str, f"{where} figure")
        require(figure, "value", (int, float), f"{where} figure")
        require(figure, "unit", str, f"{where} figure")
    for leader in digest.get("leaders", []):
        require(leader, "name", str, f"{where} leader")
    if digest.get("event_date") is not None:
        _require_day(require(digest, "event_date", str, where), where)


def _require_day(value: object, where: str) -> None:
    try:
        dt.date.fromisoformat(value if isinstance(value, str) else "")
    except ValueError:
        raise ValueError(f"{where}: the event's day is not a date") from None


# -- format 2


def _digest(digest: Digest) -> dict[str, Any]:
    article = digest.article
    event = digest.event_date
    return {  # lists, not objects, for the many small records: a third smaller, and quicker to parse
        "article": [
            article.source,
            article.title,
            article.published,
            list(article.bylines),
            list(article.source_tags),
            article.url,
        ],
        "localities": [_locality(loc) for loc in digest.localities],
        "event": None if event is None else [event.day.isoformat(), event.part_of_day, event.text],
        "figures": [[f.text, f.value, f.unit, f.label, f.qualifier, f.total, f.change] for f in digest.figures],
        "leaders": [[leader.name, list(leader.titles)] for leader in digest.leaders],
        "summary": digest.summary,
    }


def _locality(loc: Locality) -> list[Any]:
    return [
        loc.name,
        loc.type,
        loc.province,
        loc.code,
        loc.province_2025,
        loc.level,
        loc.era,
        loc.key,
        [_ref(r) for r in loc.former],
        loc.now_province,
        [_ref(r) for r in loc.now_communes],
    ]


def _ref(ref: PlaceRef) -> list[str]:
    return [ref.name, ref.type, ref.province, ref.key]


def _digest_from(data: dict[str, Any]) -> Digest:
    source, title, published, bylines, tags, url = data["article"]
    event = data["event"]
    return Digest(
        article=Article(source, title, (), published, tuple(bylines), tuple(tags), url),
        localities=tuple(starmap(_locality_from, data["localities"])),
        event_date=None if event is None else EventDate(dt.date.fromisoformat(event[0]), event[1], event[2]),
        figures=tuple(starmap(Figure, data["figures"])),
        leaders=tuple([Leader(name, tuple(titles)) for name, titles in data["leaders"]]),
        summary=data["summary"],
    )


def _locality_from(
    name: str,
    type_: str,
    province: str,
    code: str,
    province_2025: str | None,
    level: str,
    era: str,
    key: str,
    former: list[list[str]],
    now_province: str | None,
    now_communes: list[list[str]],
) -> Locality:
    return Locality(
        name,
        type_,
        province,
        code,
        province_2025,
        level,
        era,
        key,
        tuple(PlaceRef(*r) for r in former),
        now_province,
        tuple(PlaceRef(*r) for r in now_communes),
    )


# -- format 1 (read only): the public shape of its day


def _digest_from_format1(data: dict[str, Any]) -> Digest:
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
        localities=tuple(_locality_from_format1(loc) for loc in data.get("localities", ())),
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


def _locality_from_format1(loc: dict[str, Any]) -> Locality:
    """A locality of format 1, also as written before levels and eras (then a district or a province)."""
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
        former=tuple(_ref_from_format1(r) for r in loc.get("former", ())),
        now_province=now.get("province"),
        now_communes=tuple(_ref_from_format1(r) for r in now.get("communes", ())),
    )


def _ref_from_format1(ref: dict[str, Any]) -> PlaceRef:
    return PlaceRef(str(ref.get("name", "")), str(ref.get("type", "")), str(ref.get("province", "")))
