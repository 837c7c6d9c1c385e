"""Places as users type them, and the subscription keys that digests and subscriptions share.

A subscription key is "D<district code>" for a district, town or city, and "P<province code>" for a
province (codes before the 2025 reform). A digest carries the keys of its localities and of their
provinces, so a province subscriber gets every district's news; a post-2025 commune is already
attributed to its old district by the locality extractor.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from digest.gazetteer import DISTRICT, PROVINCE, Gazetteer, Unit
from digest.models import Locality
from digest.render import typed_name
from digest.textnorm import clean_input, loose_key, match_key

MAX_SUGGESTIONS = 5

# Type words a user may put before a name, on the loose key: "huyen tho xuan", "tp. hoi an", "h.tho xuan".
_TYPE_PREFIX_RE = re.compile(r"^(?P<type>tinh|thanh pho|tp|thi xa|tx|huyen|h|quan|q)\b\.?\s*")
_PREFIX_TYPES = {
    "tinh": ("tỉnh",),
    "thanh pho": ("thành phố",),
    "tp": ("thành phố",),
    "thi xa": ("thị xã",),
    "tx": ("thị xã",),
    "huyen": ("huyện",),
    "h": ("huyện",),
    "quan": ("quận",),
    "q": ("quận",),
}
# Names in everyday use that are not the gazetteer's.
_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "sai gon": "ho chi minh", "saigon": "ho chi minh"}


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """What a typed name refers to: the units it names, or the closest names when it names none."""

    units: tuple[Unit, ...]
    suggestions: tuple[Unit, ...] = ()


def unit_key(unit: Unit) -> str:
    """The subscription key of a province or district."""
    return ("P" if unit.level == PROVINCE else "D") + unit.code


def locality_keys(localities: Iterable[Locality], gazetteer: Gazetteer) -> tuple[str, ...]:
    """The subscription keys a digest with these localities matches."""
    keys: list[str] = []
    for loc in localities:
        if "P" + loc.code in gazetteer.units:
            keys.append("P" + loc.code)
        elif "D" + loc.code in gazetteer.units:
            keys += ["D" + loc.code, "P" + gazetteer.district(loc.code).province_code]
    return tuple(dict.fromkeys(keys))


def unit_of_key(key: str, gazetteer: Gazetteer) -> Unit | None:
    """The unit of a subscription key, or None for an unknown key."""
    return gazetteer.units.get(key)


def place_name(unit: Unit) -> str:
    """ "huyện Thọ Xuân (Thanh Hóa)" or "tỉnh Thanh Hóa"."""
    typed = typed_name(unit.name, unit.type)
    return typed if unit.level == PROVINCE else f"{typed} ({unit.province})"


def find_places(query: str, gazetteer: Gazetteer) -> PlaceMatch:
    """Provinces and districts named by `query`, whatever its diacritics, tone placement and type word.

    "tho xuan", "Huyện Thọ Xuân", "TP Thanh Hoá", "Châu Thành, Tiền Giang" and "thanh hoa" all work;
    an ambiguous name gives every unit it names.
    """
    name, _, province = clean_input(query).partition(",")
    key = loose_key(name).strip()
    prefix = _TYPE_PREFIX_RE.match(key)
    types = _PREFIX_TYPES[prefix.group("type")] if prefix and prefix.end() < len(key) else ()
    key = key[prefix.end() :] if types and prefix else key
    if not key:
        return PlaceMatch(())
    key = _ALIASES.get(key.replace(".", " ").replace("  ", " "), key)
    candidates = [u for u in gazetteer.by_loose.get(key, ()) if u.level in (PROVINCE, DISTRICT)]
    if types:
        candidates = [u for u in candidates if u.type in types]
    if not candidates and types:  # the type word is part of the name: "Quận 1", "q.1"
        candidates = [u for u in gazetteer.by_loose.get(f"{loose_key(types[0])} {key}", ()) if u.level == DISTRICT]
    if province.strip():
        province_key = loose_key(province).removeprefix("tinh ").strip()
        candidates = [u for u in candidates if loose_key(u.province) == province_key]
    written = match_key(name)
    units = [u for u in candidates if written.endswith(match_key(u.name))] or candidates
    if not types and any(u.level == PROVINCE for u in units):  # "Thanh Hóa" is the province, "TP Thanh Hóa" the city
        units = [u for u in units if u.level == PROVINCE]
    # A province and its capital city share the name ("Thanh Hóa"): the province first.
    units.sort(key=lambda u: (u.level != PROVINCE, u.province, u.name))
    if units:
        return PlaceMatch(tuple(dict.fromkeys(units)))
    return PlaceMatch((), _suggestions(key, gazetteer))


def _suggestions(key: str, gazetteer: Gazetteer) -> tuple[Unit, ...]:
    names = {loose_key(u.name): u.name for u in gazetteer.units.values() if u.level in (PROVINCE, DISTRICT)}
    close = difflib.get_close_matches(key, names, n=MAX_SUGGESTIONS, cutoff=0.75)
    found: list[Unit] = []
    for loose in close:
        found += [u for u in gazetteer.by_loose[loose] if u.level in (PROVINCE, DISTRICT)]
    return tuple(dict.fromkeys(found))[:MAX_SUGGESTIONS]
