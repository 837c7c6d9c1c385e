"""Which places an article is about, most central first, in the structure of its day.

An article dated on or after 1 July 2025 is read in the two-tier structure: its localities are the
communes, wards and special zones it is about, and the province when it is about the province as a
whole. An older one is read in the former structure: districts, towns and cities, and provinces
(its communes only vote for their district). Without a date the structure is told by the evidence
("chính quyền hai cấp", "(cũ)", names that exist in only one structure).

Mentions come in three strengths: typed (the strongest), untyped names of provinces or of places
already typed, and source tags or the feed's province. Names shared by several units are resolved
from the context (the provinces named, the feed's, the former districts named as history, the other
places); when that cannot decide, nothing is reported rather than a guess. A place named as history
is never a locality: in a post-reform article it only points to the unit of today that holds it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from digest.extract.mentions import (
    ORG_HEADS,
    Mention,
    Scan,
    named_in_passing,
    named_words,
    names_a_thing,
    scan,
    untyped_provinces,
)
from digest.extract.words import Run
from digest.gazetteer import BEFORE_2025, COMMUNE, DISTRICT, PROVINCE, Gazetteer, Structure, Unit
from digest.models import Article, Locality, PlaceRef
from digest.textnorm import loose_key, match_key

TYPED_WEIGHT = 2.0
UNTYPED_WEIGHT = 1.0
VOTE_WEIGHT = 0.5  # a commune for its district, before the reform
TAG_WEIGHT = 0.5
TITLE_MENTION_WEIGHT = 0.25  # a province in a person's title: a provincial leader attending, not the subject
_TWO_TIER_RE = re.compile(  # on the lower-case text
    r"hai cấp|2 cấp|sau (?:khi )?(?:sáp nhập|hợp nhất|sắp xếp)|\(cũ\)|đặc khu|đơn vị hành chính mới"
)


@dataclass
class _Evidence:
    weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    first: dict[str, int] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # unit key -> a former name it was found by

    def add(self, key: str, weight: float, position: int, written: str | None = None) -> None:
        self.weight[key] += weight
        self.first.setdefault(key, position)
        if written:
            self.written.setdefault(key, written)

    def ranked(self) -> list[str]:
        return sorted(self.weight, key=lambda k: (-self.weight[k], self.first[k]))


@dataclass(frozen=True, slots=True)
class _Context:
    structure: Structure
    day: dt.date | None  # the article's day (None: today)
    provinces: frozenset[str]  # keys of this structure's provinces the article is known to be in
    tagged: dict[str, float]  # provinces known only from a source tag or the feed
    hinted: frozenset[str]  # former units named as history (a commune formed from one is preferred)


def find_localities(
    article: Article, gazetteer: Gazetteer, default_province: str | None = None
) -> tuple[Locality, ...]:
    """The localities of an article, most central first."""
    found = scan(article, gazetteer)
    day = article_day(article)
    structure = gazetteer.structure_at(day) if day else _structure_by_evidence(_era_votes(found, gazetteer), gazetteer)
    if day and _written_in_older(structure, found, gazetteer):
        structure = gazetteer.structures[-2]  # dated after a reform, written wholly before it: an old text
        day = None
    passing = named_in_passing(found)
    context = _context(article, found, gazetteer, structure, day, default_province, passing)
    lower = structure.levels[1]
    provinces, places = _Evidence(), _Evidence()
    for key, weight in context.tagged.items():
        provinces.add(key, weight, 10**9)
    votes: dict[str, set[str]] = defaultdict(set)
    for m in found.typed:
        if m.history or m.position in passing:
            continue
        units = _resolve(m, gazetteer, context, lower)
        if m.level == COMMUNE and lower == DISTRICT:
            for key in {u.district_key for u in units if u.district_key}:
                votes[key].add(loose_key(m.written))
        elif len(units) == 1 and m.address_of is None:
            unit = units[0]
            target = provinces if unit.level == PROVINCE else places
            weight = TYPED_WEIGHT * m.weight * (TITLE_MENTION_WEIGHT if m.in_title and unit.level == PROVINCE else 1)
            target.add(unit.key, weight, m.position, m.written if m.renamed else None)
    typed_names = {match_key(gazetteer.units[k].name): k for k in places.weight}
    for run, position, factor in found.untyped:
        named = _untyped_unit(run, gazetteer, context, found.untyped, lower, typed_names)
        if (
            named is not None
            and position not in passing
            and not names_a_thing(found, position)
            and not _is_address(run, position, found, gazetteer)
        ):
            target = provinces if named.level == PROVINCE else places
            target.add(named.key, UNTYPED_WEIGHT * factor, position)
    _add_votes(places, votes)
    return _choose(provinces, places, gazetteer, context, votes)


def article_day(article: Article) -> dt.date | None:
    """The article's publication day (the first of its month when only the month is known)."""
    published = article.published or ""
    try:
        if len(published) >= 10:
            return dt.date.fromisoformat(published[:10])
        if len(published) == 7:
            return dt.date.fromisoformat(published + "-01")
    except ValueError:
        return None
    return None


def _era_votes(found: Scan, gaz: Gazetteer, *, wording: bool = True) -> dict[str, int]:
    """Evidence for each structure: districts (gone since the reform), names that exist in only one
    structure, and (with `wording`) the words of today ("hai cấp", "(cũ)")."""
    older, newer = gaz.structures[-2], gaz.structures[-1]
    votes = {older.name: 0, newer.name: len(_TWO_TIER_RE.findall(found.text.lower())) if wording else 0}
    for m in found.typed:
        if m.history:
            continue
        eras = {u.era for u in m.candidates}
        if m.level == DISTRICT and not any(u.level == PROVINCE for u in m.candidates):
            votes[older.name] += 0 if m.past_office else 1  # a retired official's district says nothing of when
        elif len(eras) == 1 and next(iter(eras)) in votes:
            votes[next(iter(eras))] += 1
    return votes


def _structure_by_evidence(votes: dict[str, int], gaz: Gazetteer) -> Structure:
    """An undated article's structure."""
    older, newer = gaz.structures[-2], gaz.structures[-1]
    return newer if votes[newer.name] > votes[older.name] else older


def _written_in_older(structure: Structure, found: Scan, gaz: Gazetteer) -> bool:
    """An article dated in the newest structure whose text knows only the former one: districts named as
    subjects twice or more, and not one word or name of today (an old article a feed serves again)."""
    if structure is not gaz.structures[-1] or len(gaz.structures) < 2:
        return False
    names = _era_votes(found, gaz, wording=False)
    if names[gaz.structures[-2].name] < 2 or names[structure.name]:
        return False
    return _era_votes(found, gaz)[structure.name] == 0


def _context(
    article: Article,
    found: Scan,
    gaz: Gazetteer,
    structure: Structure,
    day: dt.date | None,
    default: str | None,
    passing: frozenset[int],
) -> _Context:
    provinces: set[str] = set()
    hinted: set[str] = set()
    for m in found.typed:
        if m.position in passing:
            continue
        in_era = [u for u in m.candidates if u.era == structure.name]
        if m.history or not in_era:
            hinted.update(u.key for u in m.candidates if u.era != structure.name)
            provinces.update(_provinces_now(m.candidates, gaz, structure) if len(m.candidates) == 1 else ())
            continue
        if m.level == PROVINCE or len({u.province_key for u in in_era}) == 1:
            provinces.update(u.province_key for u in in_era)
    for run, position, _ in found.untyped:
        if position in passing:
            continue
        if len(run.words) >= 2 and (named := untyped_provinces(run, gaz)) and not names_a_thing(found, position):
            provinces.update(_provinces_now(named, gaz, structure))
    tagged = _tagged(article, gaz, structure, default)
    return _Context(structure, day, frozenset(provinces | set(tagged)), tagged, frozenset(hinted))


def _tagged(article: Article, gaz: Gazetteer, structure: Structure, default: str | None) -> dict[str, float]:
    """The provinces known from outside the text: the source's tags, its address, the feed's province."""
    tagged: dict[str, float] = {}
    for tag in (*article.source_tags, *_host(article.url)):
        initials = gaz.initials.get(tag.upper()) if len(tag) <= 4 else None
        for unit in ([initials] if initials else []) + (gaz.provinces_in_domain(tag) if "." in tag else []):
            for key in _provinces_now([unit], gaz, structure):
                tagged[key] = TAG_WEIGHT
    if default:
        named = [u for u in gaz.named(default) if u.level == PROVINCE]
        for key in _provinces_now(named, gaz, structure):
            tagged.setdefault(key, TAG_WEIGHT)
    return tagged


def _host(url: str | None) -> tuple[str, ...]:
    """The host of the article's address: a provincial paper's or portal's names its province
    ("baothanhhoa.vn", "sonhong.hatinh.gov.vn")."""
    host = urlsplit(url).hostname if url else None
    return (host,) if host and "." in host else ()


def _provinces_now(units: list[Unit] | tuple[Unit, ...], gaz: Gazetteer, structure: Structure) -> set[str]:
    """The provinces of a structure that hold these units (of whatever structure)."""
    keys = set()
    for unit in units:
        if unit.era == structure.name:
            keys.add(unit.province_key)
        elif structure.name == BEFORE_2025:  # a province of today named in an older article: its namesake
            keys.update(
                u.key for u in gaz.named(gaz.province_of(unit).name) if u.era == BEFORE_2025 and u.level == PROVINCE
            )
        elif (now := gaz.province_now(unit)) is not None:
            keys.add(now.key)
    return keys


def _resolve(m: Mention, gaz: Gazetteer, context: _Context, lower: str) -> tuple[Unit, ...]:
    """The units of the article's structure a mention can mean, narrowed by the context."""
    units = tuple(u for u in m.candidates if gaz.in_force(u, context.day) or _older_unit(u, context))
    inside = tuple(u for u in units if u.province_key in context.provinces)
    if m.level == COMMUNE and lower == DISTRICT:
        return inside or units  # votes: every commune of that name (in the context, when there is one)
    if lower == DISTRICT:  # before the reform: as it always read (the context narrows, never empties)
        units = inside or units
        return units if len({u.key for u in units}) > 1 else units[:1]
    if inside:
        units = inside
    elif context.provinces:
        return ()  # every unit of that name is elsewhere than the article says it is
    if len(units) > 1 and context.hinted:
        formed = tuple(u for u in units if set(gaz.came_from(u)) & {gaz.units[k] for k in context.hinted})
        units = formed or units
    return units


def _older_unit(unit: Unit, context: _Context) -> bool:
    """An undated article read in the former structure takes its units as they last were."""
    return context.day is None and unit.era == context.structure.name


def _is_address(run: Run, position: int, found: Scan, gaz: Gazetteer) -> bool:
    """A province named right after a typed place ("xã Yên Phong, Bắc Ninh"): that place's address."""
    if not untyped_provinces(run, gaz):
        return False
    for m in found.typed:
        if (
            m.level != PROVINCE
            and 0 <= position - m.end <= 3
            and found.text[m.end : position].strip() in (",", "(", "-", "–")
        ):
            return True
    return False


def _untyped_unit(
    run: Run,
    gaz: Gazetteer,
    context: _Context,
    runs: tuple[tuple[Run, int, float], ...],
    lower: str,
    typed_names: dict[str, str],
) -> Unit | None:
    """The unit a capitalised run names: a province, a place already typed, or (before the reform) a
    district the context or the repetition makes clear."""
    if len(run.words) == 1:  # a lone word names a place only when it was typed elsewhere
        key = typed_names.get(match_key(run.words[0])) if typed_names else None
        return gaz.units[key] if key else None
    structure = context.structure.name
    for words in (run.words, run.words[1:] if run.words[0] in ORG_HEADS else ()):
        if not words or len(words) > 5:
            continue
        if typed_names and (key := typed_names.get(match_key(" ".join(words)))):
            return gaz.units[key]
        if len(words) < 2:
            continue
        units = [u for u in named_words(words, gaz) if u.era == structure and u.level in (PROVINCE, lower)]
        province = next((u for u in units if u.level == PROVINCE), None)
        if province is not None:
            return province
        if lower != DISTRICT:
            continue  # a commune is never taken from an untyped name alone
        inside = [u for u in units if u.province_key in context.provinces]
        if len(inside) == 1:
            return inside[0]
        if not context.provinces and len(units) == 1:
            repeats = sum(1 for other, _, _ in runs if other.words == run.words)
            return units[0] if repeats >= 2 else None
    return None


def _add_votes(districts: _Evidence, votes: dict[str, set[str]]) -> None:
    """Communes support their district; communes alone name one only when two or more agree on it."""
    unnamed = sorted(((len(w), c) for c, w in votes.items() if c not in districts.weight), reverse=True)
    for key, communes in votes.items():
        if key in districts.weight:
            districts.add(key, VOTE_WEIGHT * len(communes), 10**8)
    if unnamed and unnamed[0][0] >= 2 and (len(unnamed) == 1 or unnamed[1][0] < unnamed[0][0]):
        districts.add(unnamed[0][1], VOTE_WEIGHT * unnamed[0][0], 10**8)


def _choose(
    provinces: _Evidence, places: _Evidence, gaz: Gazetteer, context: _Context, votes: dict[str, set[str]]
) -> tuple[Locality, ...]:
    top_place = max(places.weight.values(), default=0.0)
    top_province = max(provinces.weight.values(), default=0.0)
    chosen: list[str] = []
    if top_province > top_place:
        chosen += [k for k in provinces.ranked() if provinces.weight[k] >= top_province / 2]
        chosen += [k for k in places.ranked() if places.weight[k] > top_province / 2]
    else:
        chosen += places.ranked()
    return tuple(_locality(gaz.units[key], gaz, places.written.get(key), votes.get(key, set())) for key in chosen)


def _locality(unit: Unit, gaz: Gazetteer, written: str | None, communes_named: set[str]) -> Locality:
    """The record of a unit, with where it came from (a unit of today) or what it is now (a former one)."""
    now = gaz.province_now(unit)
    former: tuple[PlaceRef, ...] = ()
    now_communes: tuple[PlaceRef, ...] = ()
    if unit.era != BEFORE_2025 and unit.level != PROVINCE:
        former = tuple(_ref(u) for u in gaz.came_from(unit) if u.level != PROVINCE)
    if unit.level == DISTRICT and communes_named:
        named = [u for u in gaz.inside(unit.key, COMMUNE) if loose_key(u.name) in communes_named]
        now_communes = tuple(_ref(u) for u in dict.fromkeys(n for c in named for n in gaz.became(c)))
    return Locality(
        name=written or unit.name,
        type=unit.type,
        province=unit.province,
        code=unit.code,
        province_2025=now.name if now else None,
        level=unit.level,
        era=unit.era,
        key=unit.key,
        former=former,
        now_province=now.name if now and unit.era == BEFORE_2025 else None,
        now_communes=now_communes,
    )


def _ref(unit: Unit) -> PlaceRef:
    return PlaceRef(unit.name, unit.type, unit.province, unit.key)
