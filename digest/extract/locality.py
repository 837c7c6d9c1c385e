"""Which districts, towns, cities or provinces an article is about, most central first.

Mentions come in three strengths: typed ("huyện Thọ Xuân", "TP. Hội An", "Huyện ủy Tiên Yên",
"UBND tỉnh Quảng Nam"), untyped ("Thọ Xuân triển khai ...", accepted only where the
province is known from the context or the name is unique and repeated), and communes
("xã Tà Mung", which point to their district, also after the 2025 reform).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from digest.extract.words import Run, capitalised_runs, run_at
from digest.gazetteer import DISTRICT, PROVINCE, WARD, Gazetteer, Unit
from digest.models import Article, Locality
from digest.textnorm import loose_key, strip_marks

TITLE_WEIGHT = 3.0
TYPED_WEIGHT = 2.0
UNTYPED_WEIGHT = 1.0
WARD_WEIGHT = 0.5
TAG_WEIGHT = 0.5

# Type words, matched on the diacritic-free lower-case text so that mangled marks ("Hùỵện") still match.
# A type word may be glued to a capitalised name ("TP.Thanh Hóa", "huyệnĐak Đoa"), never to a lower-case letter.
_TYPE_RE = re.compile(
    r"(?<![a-z0-9])(?P<type>tinh uy|thanh uy|thi uy|huyen uy|quan uy|thanh pho|thi xa|thi tran|dac khu|tinh|huyen"
    r"|quan|xa|phuong|tp|tx|h(?=\.))(?P<dot>\.)?\s*(?:,\s*)?"
)
# Numbered urban units: "Quận 1", "phường 3".
_NUMBER_RE = re.compile(r"\d{1,2}(?![\w.,/-])")
_LEVELS = {
    "tinh uy": PROVINCE,
    "tinh": PROVINCE,
    "thanh uy": DISTRICT,
    "thi uy": DISTRICT,
    "huyen uy": DISTRICT,
    "quan uy": DISTRICT,
    "thanh pho": DISTRICT,
    "tp": DISTRICT,
    "thi xa": DISTRICT,
    "tx": DISTRICT,
    "huyen": DISTRICT,
    "h": DISTRICT,
    "quan": DISTRICT,
    "xa": WARD,
    "phuong": WARD,
    "thi tran": WARD,
    "dac khu": WARD,
}
_UNIT_TYPES = {
    "thanh uy": ("thành phố",),
    "thanh pho": ("thành phố",),
    "tp": ("thành phố",),
    "thi uy": ("thị xã",),
    "thi xa": ("thị xã",),
    "tx": ("thị xã",),
    "huyen uy": ("huyện",),
    "huyen": ("huyện",),
    "h": ("huyện",),
    "quan uy": ("quận",),
    "quan": ("quận",),
}
# Type words whose diacritics must be intact: the bare forms are common words ("xa", "quan", "phuong").
_EXACT_TYPES = {"quan": "quận", "quan uy": "quận ủy", "xa": "xã", "phuong": "phường"}
# Organisation words that may precede a place name in a capitalised run: "Báo Bình Định".
_ORG_HEADS = frozenset({"Báo", "Đài", "Cổng", "Tỉnh", "Huyện", "Thành", "Thị"})
_LIST_SEP_RE = re.compile(r"\s*(?:,|và|;)\s*(?:(?:xã|phường|thị trấn|huyện|thị xã)\s+)?")


@dataclass
class _Evidence:
    weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    first: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # unit key -> name as written (former units)

    def add(self, key: str, weight: float, position: int, name: str | None = None) -> None:
        self.weight[key] += weight
        self.first.setdefault(key, position)
        if name:
            self.names.setdefault(key, name)


@dataclass(frozen=True, slots=True)
class _Mention:
    level: str
    types: tuple[str, ...]  # admissible unit types; empty for any
    candidates: tuple[Unit, ...]
    written: str
    position: int
    weight: float
    former: bool = False


def find_localities(
    article: Article, gazetteer: Gazetteer, default_province: str | None = None
) -> tuple[Locality, ...]:
    """The localities of an article, most central first."""
    segments = ([(article.title, TITLE_WEIGHT / TYPED_WEIGHT)] if article.title else []) + [
        (p, 1.0) for p in article.paragraphs
    ]
    typed: list[_Mention] = []
    untyped: list[tuple[Run, int, float]] = []
    offset = 0
    for text, factor in segments:
        spans = _typed_mentions(text, offset, factor, gazetteer, typed)
        untyped.extend(
            (run, offset + run.start, factor)
            for run in capitalised_runs(text)
            if not any(s <= run.start < e for s, e in spans)
        )
        offset += len(text) + 2

    context = _context_provinces(article, gazetteer, typed, untyped, default_province)
    provinces, districts = _Evidence(), _Evidence()
    for code, weight in context.tagged.items():
        provinces.add(code, weight, 10**9)
    ward_votes: dict[str, set[str]] = defaultdict(set)
    for m in typed:
        units = _narrow(m.candidates, context.codes)
        if m.level == WARD:
            for code in {u.district_code for u in units if u.district_code}:
                ward_votes[code].add(loose_key(m.written))
        elif len(units) == 1:
            unit = units[0]
            target = provinces if unit.level == PROVINCE else districts
            target.add(unit.code, m.weight, m.position, m.written if m.former else None)
    for run, position, factor in untyped:
        named = _untyped_unit(run, gazetteer, context.codes, untyped)
        if named is not None:
            target = provinces if named.level == PROVINCE else districts
            target.add(named.code, UNTYPED_WEIGHT * factor, position)
    _add_ward_support(districts, ward_votes)
    return _choose(provinces, districts, gazetteer, context, article)


def _add_ward_support(districts: _Evidence, votes: dict[str, set[str]]) -> None:
    """Communes support their district; communes alone name one only when two or more agree on it."""
    unnamed = sorted(((len(w), c) for c, w in votes.items() if c not in districts.weight), reverse=True)
    for code, wards in votes.items():
        if code in districts.weight:
            districts.add(code, WARD_WEIGHT * len(wards), 10**8)
    if unnamed and unnamed[0][0] >= 2 and (len(unnamed) == 1 or unnamed[1][0] < unnamed[0][0]):
        districts.add(unnamed[0][1], WARD_WEIGHT * unnamed[0][0], 10**8)


@dataclass(frozen=True, slots=True)
class _Context:
    codes: frozenset[str]  # provinces the article is known to be in
    tagged: dict[str, float]  # provinces known only from the source tag or the feed


def _typed_mentions(
    text: str, offset: int, factor: float, gaz: Gazetteer, out: list[_Mention]
) -> list[tuple[int, int]]:
    flat = strip_marks(text)
    spans: list[tuple[int, int]] = []
    for found in _TYPE_RE.finditer(flat.lower()):
        kind = found.group("type")
        after = found.end("type")
        if not found.group("dot") and after < len(flat) and flat[after].islower():
            continue  # inside a longer word ("quang"); a capital may be glued on ("huyệnĐak Đoa")
        exact = _EXACT_TYPES.get(kind)
        if exact and not text[found.start() : found.start() + len(exact)].lower().startswith(exact):
            continue
        pos = found.end()
        while True:
            mention = _name_after(text, pos, kind, gaz, offset, factor)
            if mention is None:
                break
            out.append(mention)
            end = mention.position - offset + len(mention.written)
            spans.append((found.start(), end))
            sep = _LIST_SEP_RE.match(text, end)
            if sep is None or sep.end() == end:
                break
            pos = sep.end()
    return spans


def _name_after(text: str, pos: int, kind: str, gaz: Gazetteer, offset: int, factor: float) -> _Mention | None:
    if pos >= len(text) or not (text[pos].isupper() or text[pos].isdigit()):
        return None  # a name starts with a capital ("huyện Thọ Xuân") or is a number ("Quận 1")
    level = _LEVELS[kind]
    types = _UNIT_TYPES.get(kind, ())
    weight = (WARD_WEIGHT if level == WARD else TYPED_WEIGHT) * factor
    number = _NUMBER_RE.match(text, pos) if kind in ("quan", "phuong") else None
    if number is not None:
        written = f"{_EXACT_TYPES[kind].capitalize()} {number.group()}"
        found = tuple(u for u in gaz.named(written) if _fits(u, level, types))
        return _Mention(level, types, found, number.group(), offset + pos, weight) if found else None
    run = run_at(text, pos)
    if run is None:
        return None
    words = run.words
    for n in range(min(4, len(words)), 0, -1):
        name = " ".join(words[:n])
        candidates = _lookup(gaz, name, kind, level, types)
        if candidates:
            return _Mention(level, types, candidates, name, offset + pos, weight)
        former = gaz.former.get(loose_key(kind + name).replace(" ", "").replace(".", ""), ())
        if former and level == DISTRICT:
            return _Mention(level, types, former, name, offset + pos, weight, former=True)
    return None


def _lookup(gaz: Gazetteer, name: str, kind: str, level: str, types: tuple[str, ...]) -> tuple[Unit, ...]:
    for found in (gaz.named(name), gaz.named(f"{kind} {name}"), gaz.loosely_named(name)):
        units = tuple(u for u in found if _fits(u, level, types))
        if units:
            return units
    return ()


def _fits(unit: Unit, level: str, types: tuple[str, ...]) -> bool:
    if level == WARD:
        return unit.level == WARD
    if unit.level == PROVINCE:
        return level == PROVINCE or ("thành phố" in types and unit.type == "thành phố")
    return unit.level == DISTRICT and level == DISTRICT and (not types or unit.type in types)


def _narrow(units: tuple[Unit, ...], provinces: frozenset[str]) -> tuple[Unit, ...]:
    if len(units) <= 1 or not provinces:
        return units if len({u.code for u in units}) > 1 or len(units) <= 1 else units[:1]
    inside = tuple(u for u in units if u.province_code in provinces)
    return inside or units


def _context_provinces(
    article: Article,
    gaz: Gazetteer,
    typed: list[_Mention],
    untyped: list[tuple[Run, int, float]],
    default_province: str | None,
) -> _Context:
    codes: set[str] = set()
    for m in typed:
        if m.level != WARD and len({u.province_code for u in m.candidates}) == 1:
            codes.add(m.candidates[0].province_code)
    for run, _, _ in untyped:
        for words in (run.words, run.words[1:] if run.words[0] in _ORG_HEADS else ()):
            if len(words) >= 2:
                codes.update(u.code for u in gaz.named(" ".join(words)) if u.level == PROVINCE)
    tagged: dict[str, float] = {}
    for tag in article.source_tags:
        initials = gaz.initials.get(tag.upper()) if len(tag) <= 4 else None
        for unit in ([initials] if initials else []) + (gaz.provinces_in_domain(tag) if "." in tag else []):
            tagged[unit.code] = TAG_WEIGHT
    if default_province:
        for unit in gaz.named(default_province):
            if unit.level == PROVINCE:
                tagged.setdefault(unit.code, TAG_WEIGHT)
    return _Context(frozenset(codes | set(tagged)), tagged)


def _untyped_unit(run: Run, gaz: Gazetteer, context: frozenset[str], runs: list[tuple[Run, int, float]]) -> Unit | None:
    for words in (run.words, run.words[1:] if run.words[0] in _ORG_HEADS else ()):
        if len(words) < 2 or len(words) > 4:
            continue
        units = [u for u in gaz.named(" ".join(words)) if u.level in (PROVINCE, DISTRICT)]
        province = next((u for u in units if u.level == PROVINCE), None)
        if province is not None:
            return province
        inside = [u for u in units if u.province_code in context]
        if len(inside) == 1:
            return inside[0]
        if not context and len(units) == 1:
            repeats = sum(1 for other, _, _ in runs if other.words == run.words)
            return units[0] if repeats >= 2 else None
    return None


def _choose(
    provinces: _Evidence, districts: _Evidence, gaz: Gazetteer, context: _Context, article: Article
) -> tuple[Locality, ...]:
    top_district = max(districts.weight.values(), default=0.0)
    top_province = max(provinces.weight.values(), default=0.0)
    chosen: list[tuple[str, str]] = []  # (level, code)
    if top_province > top_district:
        chosen += [(PROVINCE, c) for c in _ranked(provinces) if provinces.weight[c] >= top_province / 2]
        chosen += [(DISTRICT, c) for c in _ranked(districts) if districts.weight[c] > top_province / 2]
    else:
        chosen += [(DISTRICT, c) for c in _ranked(districts)]
    out = []
    for level, code in chosen:
        unit = gaz.province(code) if level == PROVINCE else gaz.district(code)
        name = districts.names.get(code, unit.name) if level == DISTRICT else unit.name
        out.append(
            Locality(
                name=name, type=unit.type, province=unit.province, code=unit.code, province_2025=unit.province_2025
            )
        )
    return tuple(out)


def _ranked(evidence: _Evidence) -> list[str]:
    return sorted(evidence.weight, key=lambda k: (-evidence.weight[k], evidence.first[k]))
