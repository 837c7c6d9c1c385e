"""Places as people name them, and what a subscription to one receives.

A chat subscribes to a commune, ward or special zone of today ("N15499"), a province of today
("T38"), a former district ("D395") or a former province ("P38"). A digest carries the keys its
localities reach (`locality_keys`): the unit, its province, and across the reform what it came from
(a ward of today: its former districts and their provinces) or what holds it now (a former district:
today's province). So:

- the former city Vĩnh Yên receives the wards formed from it, and older news of the city;
- today's Phú Thọ receives every unit of former Phú Thọ, Vĩnh Phúc and Hòa Bình;
- the former province Vĩnh Phúc receives the communes formed from it, not the rest of today's Phú Thọ;
- phường Vĩnh Yên receives news of itself.

Digests stored before keys crossed the reform carry only former keys; `coverage` lets a province of
today find them through its former provinces.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from digest.gazetteer import BEFORE_2025, COMMUNE, DISTRICT, PROVINCE, TYPE_WORDS, Gazetteer, Unit
from digest.models import Locality
from digest.textnorm import clean_input, loose_key, match_key

MAX_SUGGESTIONS = 5
MAX_NAMED_NOW = 8  # communes named in "nay là các xã ..."

# Type words a person may put before a name, on the loose key: "huyen tho xuan", "p. vinh yen", "tp.hcm".
_TYPE_PREFIX_RE = re.compile(rf"^(?P<type>{'|'.join(sorted(TYPE_WORDS, key=len, reverse=True))})(?:\.\s*|\s+|(?=\d))")
_COMMUNE_TYPES = frozenset({"xã", "phường", "thị trấn"})
_FORMER_RE = re.compile(r"\s*(?:\(\s*cũ\s*\)|\bcũ)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """What a typed name refers to: the units it names, or the closest names when it names none."""

    units: tuple[Unit, ...]
    suggestions: tuple[Unit, ...] = ()


# -- naming


def typed_name(name: str, unit_type: str) -> str:
    """ "huyện Thọ Xuân", but "Quận 1" (the type is already part of the name)."""
    return name if match_key(name).startswith(unit_type) else f"{unit_type} {name}"


def place_name(unit: Unit) -> str:
    """ "xã Thọ Xuân (Thanh Hóa)", "huyện Thọ Xuân (Thanh Hóa)", "tỉnh Thanh Hóa"."""
    typed = typed_name(unit.name, unit.type)
    return typed if unit.level == PROVINCE else f"{typed} ({unit.province})"


def label(unit: Unit, gaz: Gazetteer) -> str:
    """A place as a button or a list shows it: a former unit says so, and where it lies now when that is
    another province. "xã Quảng Bình (Thanh Hóa)", "tỉnh Quảng Bình (cũ), nay thuộc Quảng Trị",
    "huyện Thọ Xuân (cũ, Thanh Hóa)", "huyện Châu Thành (cũ, Tiền Giang), nay thuộc Đồng Tháp"."""
    if unit.era != BEFORE_2025 and unit.until is None:
        return place_name(unit)
    if unit.era != BEFORE_2025:  # merged after 2025
        into = ", ".join(typed_name(u.name, u.type) for u in gaz.became(unit))
        return f"{place_name(unit)}, từ {unit.until:%d/%m/%Y} là {into}" if into else place_name(unit)
    typed = typed_name(unit.name, unit.type)
    now = gaz.province_now(unit)
    was = f"{typed} (cũ)" if unit.level == PROVINCE else f"{typed} (cũ, {unit.province})"
    moved = now is not None and match_key(now.name) != match_key(unit.province)
    return f"{was}, nay thuộc {now.name}" if moved and now else was


def today(unit: Unit, gaz: Gazetteer) -> str | None:
    """What a former unit covers today, in a line; None for a unit of today.
    "huyện Thọ Xuân (cũ) nay là các xã Lam Sơn, Sao Vàng, … (Thanh Hóa)"."""
    if unit.era != BEFORE_2025:
        return None
    typed = f"{typed_name(unit.name, unit.type)} (cũ)"
    now = gaz.province_now(unit)
    if unit.level == PROVINCE:
        return f"{typed} nay thuộc {typed_name(now.name, now.type)}." if now else None
    became = gaz.became(unit)
    if not became:
        return None
    names = [u.name for u in became[:MAX_NAMED_NOW]]
    more = f" và {len(became) - MAX_NAMED_NOW} đơn vị khác" if len(became) > MAX_NAMED_NOW else ""
    kinds = [t for t in ("xã", "phường", "đặc khu") if any(u.type == t for u in became)]
    where = f" ({now.name})" if now else ""
    return f"{typed} nay là các {', '.join(kinds)} {', '.join(names)}{more}{where}."


# -- subscriptions


def unit_key(unit: Unit) -> str:
    """The subscription key of a unit."""
    return unit.key


def subscribable(unit: Unit) -> bool:
    """Communes and provinces of today, former districts and former provinces."""
    if unit.era == BEFORE_2025:
        return unit.level in (DISTRICT, PROVINCE)
    return unit.until is None and unit.level in (COMMUNE, PROVINCE)


def unit_of_key(key: str, gazetteer: Gazetteer) -> Unit | None:
    """The unit a subscription key names, or None when it names nothing one can subscribe to (a unit that
    was merged since a chat subscribed to it stays its subscription: it receives what it became)."""
    unit = gazetteer.units.get(key)
    if unit is None or not (subscribable(unit) or (unit.era != BEFORE_2025 and unit.until is not None)):
        return None
    return unit


def locality_keys(localities: Iterable[Locality], gazetteer: Gazetteer) -> tuple[str, ...]:
    """Every subscription key a digest with these localities reaches."""
    keys: list[str] = []
    for loc in localities:
        unit = gazetteer.units.get(loc.key) if loc.key else _legacy_unit(loc, gazetteer)
        if unit is None:
            continue
        keys += reach(unit, gazetteer)
    return tuple(dict.fromkeys(keys))


def reach(unit: Unit, gaz: Gazetteer) -> list[str]:
    """The unit, the province above it, and across the reform what it came from or what holds it now."""
    keys = [unit.key, unit.province_key]
    for former in gaz.came_from(unit):
        if former.level != PROVINCE:  # a province of today: its former provinces' subscribers want theirs only
            keys += [former.key, former.province_key]
    keys += [k for k in gaz.predecessors.get(unit.key, {}) if gaz.units[k].era == unit.era]  # merged into it since
    now = gaz.province_now(unit)
    if now is not None:
        keys.append(now.key)
    return keys


def coverage(key: str, gaz: Gazetteer) -> tuple[str, ...]:
    """The digest keys a subscription matches: itself, and for a province of today its former provinces
    (digests stored before keys crossed the reform carry only those)."""
    unit = gaz.units.get(key)
    if unit is None or unit.era == BEFORE_2025 or unit.level != PROVINCE:
        return (key,)
    return (key, *(u.key for u in gaz.came_from(unit) if u.level == PROVINCE))


def _legacy_unit(loc: Locality, gaz: Gazetteer) -> Unit | None:
    """The unit of a locality written before localities carried keys (a district or a province by code)."""
    province = loc.level == PROVINCE or loc.type == "tỉnh" or loc.name == loc.province
    return gaz.units.get(("P" if province else "D") + loc.code)


# -- typed names


def find_places(query: str, gazetteer: Gazetteer) -> PlaceMatch:
    """The units a typed name means, whatever its diacritics, tone placement, type word or abbreviation.

    "tho xuan", "Huyện Thọ Xuân", "P. Vĩnh Yên", "xã Yên Phong, Bắc Ninh", "TP.HCM", "Sài Gòn" and
    "thanh hoa" all work. A name that is also a province of today means the province (not its former
    namesakes); any other shared name gives every unit it names, former ones included.
    """
    name, _, province = clean_input(query).partition(",")
    former_only = bool(_FORMER_RE.search(name))  # "Phú Thọ cũ", "huyện Thọ Xuân (cũ)": what was
    name = _FORMER_RE.sub("", name).strip()
    key = loose_key(name).strip()
    prefix = _TYPE_PREFIX_RE.match(key)
    types = TYPE_WORDS[prefix.group("type")] if prefix and prefix.end() < len(key) else ()
    if types and prefix:
        key = key[prefix.end() :].strip()
    if not key:
        return PlaceMatch(())
    candidates = _named(gazetteer, key, types)
    if not candidates and types:  # the type word is part of an everyday name: "TP Thanh Hóa mới"
        candidates, types = _named(gazetteer, loose_key(name).strip(), ()), ()
    if province.strip():
        candidates = _in_province(candidates, province, gazetteer)
    written = match_key(name)
    spelled = set(gazetteer.named(written[prefix.end() :].strip() if types and prefix else written))
    exact = [u for u in candidates if u in spelled or written.endswith(match_key(u.name))]
    units = exact or candidates
    if former_only:
        units = [u for u in units if u.era == BEFORE_2025]
    elif any(u.level == PROVINCE and u.era != BEFORE_2025 for u in units):
        # "Thanh Hóa" is today's province; its former namesakes (the province, the city) are in it.
        today_names = {match_key(u.name) for u in units if u.level == PROVINCE and u.era != BEFORE_2025}
        units = [u for u in units if u.era != BEFORE_2025 or match_key(u.name) not in today_names]
    units = list(dict.fromkeys(units))
    units.sort(key=_rank)
    if units:
        return PlaceMatch(tuple(units))
    return PlaceMatch((), _suggestions(key, gazetteer))


def _named(gaz: Gazetteer, key: str, types: tuple[str, ...]) -> list[Unit]:
    """Subscribable units with this loose name (a former commune stands for what it became)."""
    named = gaz.by_loose.get(key, ())
    found = [u for u in named if subscribable(u)]
    if not found or (types and not any(_fits(u, types) for u in found)):  # a former commune: what it became
        found += [s for u in named if u.level == COMMUNE and not subscribable(u) for s in _now(u, gaz)]
    if not types:
        return found
    fitting = [u for u in found if u.type in types] or [u for u in found if _fits(u, types)]
    if not fitting:  # the type word is part of the name: "Quận 1", "phường 1"
        for word in types:
            fitting = [u for u in gaz.by_loose.get(f"{loose_key(word)} {key}", ()) if subscribable(u)]
            if fitting:
                break
    if not fitting:  # a type the data do not have yet: "TP Khánh Hòa" is still the province
        fitting = [u for u in found if u.level == PROVINCE] if "thành phố" in types else []
    return fitting


def _now(unit: Unit, gaz: Gazetteer) -> list[Unit]:
    """The subscribable units a unit that ceased became (following later mergers too)."""
    found: list[Unit] = []
    for following in gaz.became(unit):
        found += [following] if subscribable(following) else _now(following, gaz)
    return found


def _fits(unit: Unit, types: tuple[str, ...]) -> bool:
    if unit.type in types:
        return True
    if unit.level == COMMUNE and set(types) & _COMMUNE_TYPES:
        return unit.type in _COMMUNE_TYPES  # a ward called a commune, or the other way round
    return unit.level == PROVINCE and "thành phố" in types and unit.type == "thành phố"


def _in_province(units: list[Unit], province: str, gaz: Gazetteer) -> list[Unit]:
    """The units in a province as typed after a comma: their own province, or today's."""
    key = loose_key(province).strip()
    key = key[m.end() :].strip() if (m := _TYPE_PREFIX_RE.match(key)) else key
    names = {loose_key(u.name) for u in gaz.by_loose.get(key, ()) if u.level == PROVINCE}
    own = [u for u in units if loose_key(u.province) in names]
    return own or [u for u in units if (now := gaz.province_now(u)) is not None and loose_key(now.name) in names]


def _rank(unit: Unit) -> tuple[int, str, str]:
    """Today's provinces, then today's communes, then former districts, then former provinces."""
    order = {(False, PROVINCE): 0, (False, COMMUNE): 1, (True, DISTRICT): 2, (True, PROVINCE): 3}
    return order.get((unit.era == BEFORE_2025, unit.level), 4), loose_key(unit.province), loose_key(unit.name)


def _suggestions(key: str, gaz: Gazetteer) -> tuple[Unit, ...]:
    names = _suggestion_names(gaz)
    close = difflib.get_close_matches(key, names, n=MAX_SUGGESTIONS, cutoff=0.75)
    found: list[Unit] = []
    for loose in close:
        found += sorted((u for u in gaz.by_loose[loose] if subscribable(u)), key=_rank)
    return tuple(dict.fromkeys(found))[:MAX_SUGGESTIONS]


_SUGGESTION_NAMES: dict[int, list[str]] = {}


def _suggestion_names(gaz: Gazetteer) -> list[str]:
    """The loose names one can subscribe to, built once per gazetteer."""
    names = _SUGGESTION_NAMES.get(id(gaz))
    if names is None:
        names = sorted({loose_key(u.name) for u in gaz.units.values() if subscribable(u)})
        _SUGGESTION_NAMES[id(gaz)] = names
    return names
