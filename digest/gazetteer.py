"""The gazetteer: every Vietnamese administrative unit of both structures, and the succession between them.

Before 1 July 2025: 63 provinces, 696 districts (huyện, thị xã, thành phố, quận) and 10,040 communes
(xã, phường, thị trấn). Since: 34 provinces and 3,321 communes (xã, phường, đặc khu). Both come from
the data files of the `vietnamadminunits` package (read directly: importing the package pulls in
geocoding code the pipeline does not need), with the succession: each former commune to the new
ones it went into (wholly or in part), hence each former district to the new communes formed from
it and each former province to its new province.

Units are keyed by structure and code: "P38" (a province), "D395" (a district) and "W15499" (a
commune) before the reform; "T38" (a province) and "N15499" (a commune) after. What changed after
the package's data (communes merged again, a unit renamed or retyped) and the everyday names of
units ("TP.HCM", "Sài Gòn") are data too: `digest/data/places.toml`, which documents its format, and
an operator's own file of the same format (`[digest] places_file`).
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import json
import logging
import math
import re
import sqlite3
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from digest import diskcache, textnorm
from digest.textnorm import fold_tones, loose_key, match_key, strip_marks

log = logging.getLogger(__name__)

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
# Type words as papers and people write them before a name (lower case, no marks), abbreviations too:
# the unit types each admits ("tp" a city, "p" a ward). One table for the extractor and for subscriptions.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "tinh": ("tỉnh",),
    "thanh pho": ("thành phố",),
    "tp": ("thành phố",),
    "thi xa": ("thị xã",),
    "tx": ("thị xã",),
    "huyen": ("huyện",),
    "h": ("huyện",),
    "quan": ("quận",),
    "q": ("quận",),
    "xa": ("xã",),
    "x": ("xã",),
    "phuong": ("phường",),
    "p": ("phường",),
    "thi tran": ("thị trấn",),
    "tt": ("thị trấn",),
    "dac khu": ("đặc khu",),
}
TYPE_NAMES = frozenset(t for types in TYPE_WORDS.values() for t in types)  # "xã", "thị xã", "thành phố", ...
BEFORE_2025, SINCE_2025 = "before-2025", "2025"
REFORM_DAY = dt.date(2025, 7, 1)
# Key prefixes by structure and level; a later reform adds its structure here and its data beside it.
PREFIXES = {
    (BEFORE_2025, PROVINCE): "P",
    (BEFORE_2025, DISTRICT): "D",
    (BEFORE_2025, COMMUNE): "W",
    (SINCE_2025, PROVINCE): "T",
    (SINCE_2025, COMMUNE): "N",
}


class GazetteerError(RuntimeError):
    """The gazetteer data could not be found or read."""


@dataclass(frozen=True, slots=True)
class Structure:
    """One structure of local government, in force from `since` until the next one."""

    name: str
    since: dt.date | None
    levels: tuple[str, ...]  # from the top: ("province", "district", "commune")


STRUCTURES = (
    Structure(BEFORE_2025, None, (PROVINCE, DISTRICT, COMMUNE)),
    Structure(SINCE_2025, REFORM_DAY, (PROVINCE, COMMUNE)),
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit of one structure."""

    key: str  # "P38", "D395", "W15499", "T38", "N15499"
    code: str
    name: str  # short name as written: "Thọ Xuân", "Quận 1", "A Lưới 2"
    level: str  # PROVINCE, DISTRICT or COMMUNE
    type: str  # "tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn", "đặc khu"
    era: str  # BEFORE_2025 or SINCE_2025
    province_key: str  # its province in its own structure (its own key for a province)
    province: str  # that province's short name
    parent_key: str | None = None  # the district of a former commune, the province of a district or a new commune
    since: dt.date | None = None  # when it came into being, if after its structure began (a later merger)
    until: dt.date | None = None  # when it ceased, if before its structure ended

    def __reduce__(self) -> tuple[Callable[..., Unit], tuple[Any, ...]]:
        """Pickled as its fields and made again by `__init__`: a third faster to read back than the state
        a slotted dataclass pickles by default (the disk cache reads 14,000 units at every start)."""
        return Unit, tuple(getattr(self, f.name) for f in fields(Unit))

    @property
    def district_key(self) -> str | None:
        """The district of a commune before the reform (itself for a district)."""
        if self.level == DISTRICT:
            return self.key
        return self.parent_key if self.level == COMMUNE and self.era == BEFORE_2025 else None


@dataclass(frozen=True, slots=True, eq=False)  # one per process: equal and hashed as itself
class Gazetteer:
    """Units of both structures, their names, and the succession between them."""

    units: dict[str, Unit]  # by key
    by_name: dict[str, tuple[Unit, ...]]  # match_key(name or alias) -> units
    by_loose: dict[str, tuple[Unit, ...]]  # loose_key(name or alias) -> units
    renamed: dict[str, tuple[Unit, ...]]  # compact loose key of a district's old name ("huyendongson") -> the unit
    initials: dict[str, Unit]  # "BĐ" -> the former province Bình Định, when unique
    compact_provinces: tuple[tuple[str, Unit], ...]  # ("binhdinh", Bình Định): matched inside web domains
    children: dict[str, tuple[str, ...]]  # key -> keys of the units directly inside it
    successors: Mapping[str, Mapping[str, None]]  # former unit -> the units it went into (ordered set of keys)
    predecessors: Mapping[str, Mapping[str, None]]  # unit -> the former units it was formed from
    former_districts: dict[str, tuple[str, ...]]  # new commune -> former districts, largest share first
    aliases_written: tuple[str, ...] = ()  # every everyday name, as written ("TPHCM", "Sài Gòn")
    structures: tuple[Structure, ...] = STRUCTURES
    version: str = ""  # the date of the newest data (package or file)
    _by_level: dict[tuple[str, str], tuple[Unit, ...]] = field(default_factory=dict)

    # -- names

    def named(self, name: str) -> tuple[Unit, ...]:
        """Units whose name (or an everyday name of theirs) is exactly this one, tone placement and case aside."""
        return self.by_name.get(match_key(name), ())

    def loosely_named(self, name: str) -> tuple[Unit, ...]:
        """Units whose name matches whatever the diacritics."""
        return self.by_loose.get(loose_key(name), ())

    def provinces_in_domain(self, domain: str) -> list[Unit]:
        """Former provinces whose name, without spaces or marks, occurs in a domain ("Baobinhdinh.vn")."""
        compact = loose_key(domain).replace(" ", "")
        return [unit for key, unit in self.compact_provinces if key in compact]

    # -- structure

    def unit(self, key: str) -> Unit | None:
        """The unit of a key, or None."""
        return self.units.get(key)

    def of_level(self, era: str, level: str) -> tuple[Unit, ...]:
        """Every unit of one level of one structure, in data order."""
        return self._by_level.get((era, level), ())

    def provinces(self, era: str = SINCE_2025) -> list[Unit]:
        """The provinces of a structure (the 34 of today by default)."""
        return list(self.of_level(era, PROVINCE))

    def inside(self, key: str, level: str | None = None) -> list[Unit]:
        """The units directly inside a unit (of one level, when given)."""
        units = [self.units[k] for k in self.children.get(key, ())]
        return [u for u in units if level is None or u.level == level]

    def parent(self, unit: Unit) -> Unit | None:
        """The unit directly containing this one in its own structure."""
        return self.units.get(unit.parent_key) if unit.parent_key else None

    def province_of(self, unit: Unit) -> Unit:
        """The province of a unit in its own structure."""
        return self.units[unit.province_key]

    def became(self, unit: Unit) -> tuple[Unit, ...]:
        """What a former unit is now: a former province its new province, a former district the new
        communes formed (wholly or in part) from its communes, a former commune the communes it went into."""
        return tuple(self.units[k] for k in self.successors.get(unit.key, ()))

    def came_from(self, unit: Unit) -> tuple[Unit, ...]:
        """What a unit was formed from: a new commune its former districts, a new province its former
        provinces, a unit merged after 2025 the units merged into it."""
        keys = self.former_districts.get(unit.key) or self.predecessors.get(unit.key, {})
        return tuple(self.units[k] for k in keys)

    def province_now(self, unit: Unit) -> Unit | None:
        """The province of today that holds a unit of any structure."""
        province = self.province_of(unit)
        while province.until is not None or province.era != self.structures[-1].name:
            following = self.became(province)
            if not following:
                return None
            province = self.province_of(following[0])
        return province

    def structure_at(self, day: dt.date) -> Structure:
        """The structure in force on a day."""
        current = self.structures[0]
        for structure in self.structures:
            if structure.since is not None and structure.since <= day:
                current = structure
        return current

    def in_force(self, unit: Unit, day: dt.date | None) -> bool:
        """Whether a unit existed on a day (None: today)."""
        structure = self.structure_at(day) if day else self.structures[-1]
        if unit.era != structure.name:
            return False
        if day is None:
            return unit.until is None
        return (unit.since is None or unit.since <= day) and (unit.until is None or day < unit.until)


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


_TYPE_SUFFIX_RE = re.compile(r"\s*\((?:Xã|Thị trấn|Phường|Huyện|Thị xã|Thành phố|Quận)\)$")


def _short(name: str) -> str:
    """A unit's name without the type the data add to tell namesakes apart ("Kỳ Anh (Thị xã)")."""
    return _TYPE_SUFFIX_RE.sub("", name) if name.endswith(")") else name


def _province_type(full_name: str | None) -> str:
    return "thành phố" if full_name and full_name.startswith("Thành phố") else "tỉnh"


@dataclass
class _Builder:
    """The gazetteer under construction."""

    units: dict[str, Unit] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # key -> everyday names
    renamed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # compact old name -> keys
    successors: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))  # ordered sets
    predecessors: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    former_districts: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[Unit]] | None = None  # by name, for places files (built when first needed)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)  # former commune -> (lat, lon)
    province_keys: list[str] = field(default_factory=list)  # of both structures

    def add(self, unit: Unit) -> Unit:
        self.units.setdefault(unit.key, unit)
        return self.units[unit.key]

    def link(self, former: str, new: str) -> None:
        self.successors[former][new] = None
        self.predecessors[new][former] = None


@cache
def load(extra_file: str = "") -> Gazetteer:
    """Read the gazetteer once per process (with an operator's file of changes, when given): from the disk
    cache when it was built from the same data and code, else from the data (then kept in the cache)."""
    data = _data_dir()
    key = _cache_key(data, extra_file)
    gazetteer = diskcache.read("gazetteer", key) if key else None
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = _build(data, extra_file)
        if key:
            diskcache.write("gazetteer", key, gazetteer)
    log.debug("gazetteer: %d units", len(gazetteer.units))
    # Kept for the life of the process: the cyclic collector need not walk its millions of objects at every
    # full collection (each one took tens of milliseconds, in the middle of whatever was running).
    gc.freeze()
    return gazetteer


_PLACES_FILE = resources.files("digest") / "data" / "places.toml"


def _cache_key(data: Path, extra_file: str) -> str:
    """What a built gazetteer depends on: the package's data files, the places files, and the code that
    builds it and makes its keys (this module and `textnorm`). Empty when one of them cannot be read: the
    gazetteer is then built without the cache (and building says what is wrong with a data or places file)."""
    try:
        code = [Path(__file__).read_bytes(), Path(textnorm.__file__).read_bytes()]
        places = [_PLACES_FILE.read_bytes(), *([Path(extra_file).read_bytes()] if extra_file else [])]
        return diskcache.key_of([data / "dataset.db", data / "converter_2025.json"], [*code, *places])
    except OSError:
        return ""


def _build(data: Path, extra_file: str) -> Gazetteer:
    try:
        with sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True) as conn:
            legacy = conn.execute(
                "SELECT province, provinceShort, provinceCode, districtShort, districtType, districtCode,"
                " districtAlias, wardShort, wardType, wardCode, provinceKey, districtKey, wardKey, wardLat, wardLon"
                " FROM admin_units_legacy"
            ).fetchall()
            current = conn.execute(
                "SELECT province, provinceShort, provinceCode, wardShort, wardType, wardCode, provinceKey, wardKey"
                " FROM admin_units"
            ).fetchall()
        reform = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    except (OSError, sqlite3.Error, ValueError) as exc:
        raise GazetteerError(f"cannot read the gazetteer in {data}: {exc}") from exc
    build = _Builder()
    divided = {old for wards in reform["DICT_PROVINCE_WARD_DIVIDED"].values() for old in wards}
    old_keys = _legacy(build, legacy, divided)
    _current(build, current, reform, old_keys)
    versions = []
    for place_file in [_PLACES_FILE, *([Path(extra_file)] if extra_file else [])]:
        versions.append(_apply_file(build, place_file))
    return _finish(build, max((v for v in versions if v), default="2025-07-01"))


def _legacy(build: _Builder, rows: Iterable[tuple[Any, ...]], divided: set[str]) -> dict[str, str]:
    """Units before the reform; returns their package keys ("tinhthanhhoa_huyenthoxuan_xaxuanhoa") -> unit keys.
    The position of a commune is kept when it was divided (`divided`: their package keys)."""
    package_keys: dict[str, str] = {}
    units = build.units
    for (
        prov_full, prov, prov_code, dist, dist_type, dist_code, dist_alias, ward, ward_type, ward_code,
        prov_key, dist_key, ward_key, lat, lon,
    ) in rows:  # fmt: skip
        province_key, district_key = f"P{prov_code}", f"D{dist_code}"
        if province_key not in units:
            units[province_key] = Unit(
                province_key, prov_code, prov, PROVINCE, _province_type(prov_full), BEFORE_2025, province_key, prov
            )
            package_keys[prov_key] = province_key
            build.province_keys.append(province_key)
        if district_key not in units:
            dist_type = (dist_type or "").lower()
            units[district_key] = Unit(
                district_key,
                dist_code,
                _short(dist),
                DISTRICT,
                dist_type,
                BEFORE_2025,
                province_key,
                prov,
                province_key,
            )
            for alias in json.loads(dist_alias or "[]"):
                build.renamed[alias].append(district_key)
        if ward and ward_code:
            commune_key = f"W{ward_code}"
            units[commune_key] = Unit(
                commune_key,
                ward_code,
                _short(ward) if ward[-1] == ")" else ward,
                COMMUNE,
                ward_type.lower() if ward_type else "",
                BEFORE_2025,
                province_key,
                prov,
                district_key,
            )
            package_key = f"{prov_key}_{dist_key}_{ward_key}"
            package_keys[package_key] = commune_key
            if package_key in divided and lat is not None and lon is not None:
                build.positions[commune_key] = (lat, lon)
    return package_keys


def _current(
    build: _Builder, rows: Iterable[tuple[Any, ...]], reform: dict[str, Any], old_keys: dict[str, str]
) -> None:
    """Units since the reform, and where each came from."""
    units = build.units
    new_keys: dict[tuple[str, str], str] = {}
    for prov_full, prov, prov_code, ward, ward_type, ward_code, prov_key, ward_key in rows:
        province_key, commune_key = f"T{prov_code}", f"N{ward_code}"
        if province_key not in units:
            units[province_key] = Unit(
                province_key, prov_code, prov, PROVINCE, _province_type(prov_full), SINCE_2025, province_key, prov
            )
            new_keys[(prov_key, "")] = province_key
            build.province_keys.append(province_key)
        units[commune_key] = Unit(
            commune_key,
            ward_code,
            ward,
            COMMUNE,
            (ward_type or "").lower(),
            SINCE_2025,
            province_key,
            prov,
            province_key,
        )
        new_keys[(prov_key, ward_key)] = commune_key
    _succession(build, reform, old_keys, new_keys)


def _succession(
    build: _Builder, reform: dict[str, Any], old_keys: dict[str, str], new_keys: dict[tuple[str, str], str]
) -> None:
    """Which former units each unit of today was formed from (provinces, communes whole and divided)."""
    for new_prov, olds in reform["DICT_PROVINCE"].items():
        for old in olds:
            if old in old_keys and (new_prov, "") in new_keys:
                build.link(old_keys[old], new_keys[(new_prov, "")])
    shares: dict[str, dict[str, int]] = defaultdict(dict)  # new commune -> former districts, by communes given
    for new_prov, wards in reform["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():
            new = new_keys.get((new_prov, new_ward))
            if new is not None:
                _succeed(build, new, [k for o in olds if (k := old_keys.get(o)) is not None], shares[new])
    for new_prov, divided in reform["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in divided.items():
            former = old_keys.get(old)
            for part in parts:
                new = new_keys.get((new_prov, part["newWardKey"]))
                if new is not None and former is not None and _adjoins(build, former, new, part, shares):
                    _succeed(build, new, [former], shares[new])
    for key, counts in shares.items():
        build.former_districts[key] = sorted(counts, key=lambda d: -counts[d])  # largest share first
    _islands(build)


def _adjoins(build: _Builder, former: str, new: str, part: dict[str, Any], shares: dict[str, dict[str, int]]) -> bool:
    """Whether a part of a divided former commune can lie in a new one. The data hold a few parts that
    cannot (numbered wards of towns 20 to 80 km apart, matched by name): a part is kept when its commune's
    district gave the new one whole communes, or when it lies within reach of the new one's centre."""
    if build.units[former].parent_key in shares.get(new, {}):
        return True
    here, lat, lon = build.positions.get(former), part.get("newWardLat"), part.get("newWardLon")
    if here is None or lat is None or lon is None:
        return True
    km = math.hypot((here[0] - lat) * 111.0, (here[1] - lon) * 111.0 * math.cos(math.radians(lat)))
    return km <= 6.0 + 1.2 * math.sqrt(float(part.get("newWardAreaKm2") or 0.0))


def _islands(build: _Builder) -> None:
    """Island districts had no communes (Côn Đảo, Lý Sơn, ...): each became the special zone of its name."""
    formed = {key for key, districts in build.former_districts.items() if districts}
    bare = [u for key, u in build.units.items() if key[0] == "D" and key not in build.successors]  # no communes
    for unit in list(build.units.values()):
        if unit.era != SINCE_2025 or unit.level != COMMUNE or unit.key in formed:
            continue
        olds = {build.units[k].province_key for k in build.predecessors.get(unit.province_key, {})}
        for district in bare:
            if district.name == unit.name and district.province_key in olds:
                build.link(district.key, unit.key)
                build.former_districts[unit.key] = [district.key]


def _succeed(build: _Builder, new: str, olds: list[str], shares: dict[str, int]) -> None:
    units, successors, predecessors = build.units, build.successors, build.predecessors
    for old in olds:
        successors[old][new] = None
        predecessors[new][old] = None
        district = units[old].parent_key
        if district is not None:
            shares[district] = shares.get(district, 0) + 1
            successors[district][new] = None


def _finish(build: _Builder, version: str) -> Gazetteer:
    by_name: dict[str, list[Unit]] = defaultdict(list)
    by_loose: dict[str, list[Unit]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    by_level: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    plain_marks = strip_marks.__wrapped__  # thousands of names, each once: its cache would only churn
    keys = {}  # name -> (exact key, loose key), each name keyed once: many units share a name
    for name in {u.name for u in build.units.values()}:
        exact = match_key(name)
        keys[name] = (exact, plain_marks(exact))
    for unit in build.units.values():
        exact, loose = keys[unit.name]
        by_name[exact].append(unit)
        by_loose[loose].append(unit)
        if unit.parent_key:
            children[unit.parent_key].append(unit.key)
        by_level[(unit.era, unit.level)].append(unit)
    for key, aliases in build.aliases.items():
        unit = build.units[key]
        for alias in aliases:
            exact = match_key(alias)
            for index, index_key in ((by_name, exact), (by_loose, plain_marks(exact))):
                if unit not in index[index_key]:
                    index[index_key].append(unit)
    former_provinces = by_level[(BEFORE_2025, PROVINCE)]
    return Gazetteer(
        units=build.units,
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_loose={k: tuple(v) for k, v in by_loose.items()},
        renamed={k: tuple(build.units[x] for x in v) for k, v in build.renamed.items()},
        initials=_province_initials(former_provinces),
        compact_provinces=tuple((loose_key(u.name).replace(" ", ""), u) for u in former_provinces),
        children={k: tuple(v) for k, v in children.items()},
        successors=dict(build.successors),
        predecessors=dict(build.predecessors),
        former_districts={k: tuple(v) for k, v in build.former_districts.items()},
        aliases_written=tuple(sorted({n for names in build.aliases.values() for n in names})),
        version=version,
        _by_level={k: tuple(v) for k, v in by_level.items()},
    )


def _province_initials(provinces: Iterable[Unit]) -> dict[str, Unit]:
    counts: Counter[str] = Counter()
    first: dict[str, Unit] = {}
    for unit in provinces:
        letters = "".join(word[0] for word in unit.name.replace("-", " ").split()).upper()
        counts[letters] += 1
        first[letters] = unit
    return {k: first[k] for k, n in counts.items() if n == 1 and len(k) >= 2}


# -- the file of changes and everyday names


class PlacesFileError(GazetteerError):
    """A places file that cannot be read, or that names a unit the gazetteer does not know."""


def _apply_file(build: _Builder, path: Any) -> str:
    """Apply one places file (see digest/data/places.toml); returns its version."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PlacesFileError(f"{path}: {exc}") from exc
    where = str(path)
    for entry in data.get("alias", []):
        unit = _find(build, entry.get("unit"), entry.get("era", SINCE_2025), where)
        build.aliases[unit.key] += [str(n) for n in entry.get("names", [])]
        for era_unit in _same_place_in(build, unit):
            build.aliases[era_unit.key] += [str(n) for n in entry.get("names", [])]
    for entry in sorted(data.get("change", []), key=lambda e: str(e.get("date", ""))):
        day = entry.get("date")
        if not isinstance(day, dt.date):
            raise PlacesFileError(f"{where}: a change needs a date (YYYY-MM-DD), not {day!r}")
        kind = entry.get("kind")
        if kind == "merge":
            _merge(build, entry, day, where)
        elif kind == "rename":
            _rename(build, entry, day, where)
        else:
            raise PlacesFileError(f"{where}: unknown kind of change {kind!r} (merge, rename)")
    return str(data.get("version", ""))


def _same_place_in(build: _Builder, unit: Unit) -> list[Unit]:
    """A province's namesake in the other structure (an everyday name holds for both): "TP.HCM"."""
    if unit.level != PROVINCE:
        return []
    return [u for u in _provinces_of(build) if u.name == unit.name and u.key != unit.key]


def _find(build: _Builder, reference: object, era: str, where: str) -> Unit:
    """The unit a file names: "tỉnh Huế", "xã Thọ Xuân, Thanh Hóa", "thành phố Hồ Chí Minh"."""
    if not isinstance(reference, str) or not reference.strip():
        raise PlacesFileError(f'{where}: a unit must be named, e.g. "xã Thọ Xuân, Thanh Hóa"')
    name, _, province = (part.strip() for part in reference.partition(","))
    written = match_key(name)

    def fitting(units: Iterable[Unit]) -> list[Unit]:
        return [
            u
            for u in units
            if u.era == era
            and u.until is None
            and written in (match_key(u.name), match_key(f"{u.type} {u.name}"))
            and (not province or match_key(u.province) == match_key(province))
        ]

    # A province among the provinces (most entries: no index of every name needed); any unit by the lower-case
    # name (cheap); a name the data write otherwise ("Bà Rịa - Vũng Tàu") by its key.
    plain = " ".join(fold_tones(name.lower()).split())
    provincial = plain.startswith(("tỉnh ", "thành phố ")) and (found := fitting(_provinces_of(build)))
    found = (
        provincial
        or fitting(_named_in(build, plain))
        or fitting(u for u in build.units.values() if written.endswith(match_key(u.name)))
    )
    if len(found) != 1:
        problem = "no unit" if not found else f"{len(found)} units"
        raise PlacesFileError(f"{where}: {problem} called {reference!r} in the {era} structure")
    return found[0]


def _provinces_of(build: _Builder) -> list[Unit]:
    return [build.units[key] for key in build.province_keys]


def _named_in(build: _Builder, written: str) -> list[Unit]:
    """Units whose lower-case name is the last words of `written` ("xã thọ xuân" -> those called "Thọ Xuân")."""
    if build.names is None:
        build.names = defaultdict(list)
        for unit in build.units.values():  # by the lower-case name: cheap, and the data write marks the new way
            build.names[unit.name.lower()].append(unit)
    words = written.split()
    found: list[Unit] = []
    for start in range(len(words)):
        found += [build.units[u.key] for u in build.names.get(" ".join(words[start:]), ())]
    return found


def _merge(build: _Builder, entry: dict[str, Any], day: dt.date, where: str) -> None:
    """Communes (or provinces) merged into a new unit on a day; the merged ones cease that day."""
    province = str(entry.get("province", ""))
    merged = [
        _find(build, f"{name}, {province}" if province else name, SINCE_2025, where) for name in entry.get("from", [])
    ]
    if len(merged) < 2 or len({(u.level, u.province_key) for u in merged}) != 1:
        raise PlacesFileError(f"{where}: a merger on {day} needs two or more units of one level and province")
    type_, _, name = str(entry.get("into", "")).strip().partition(" ")
    for known in ("đặc khu", "thành phố"):
        if str(entry.get("into", "")).lower().startswith(known):
            type_, name = known, str(entry["into"])[len(known) :].strip()
    if not name:
        raise PlacesFileError(f'{where}: a merger on {day} needs the new unit, e.g. into = "xã Thọ Xuân"')
    first = merged[0]
    code = str(entry.get("code") or f"{day:%Y%m%d}{loose_key(name).replace(' ', '')}")
    new = build.add(replace(first, key=first.key[0] + code, code=code, name=name, type=type_.lower(), since=day))
    build.names = None  # units changed: the name index is built again when next needed
    if new.level == PROVINCE:
        build.province_keys.append(new.key)
    districts: Counter[str] = Counter()
    for old in merged:
        build.units[old.key] = replace(old, until=day)
        build.link(old.key, new.key)
        districts.update(build.former_districts.get(old.key, []))
    if districts:
        build.former_districts[new.key] = [d for d, _ in districts.most_common()]


def _rename(build: _Builder, entry: dict[str, Any], day: dt.date, where: str) -> None:
    """A unit renamed or retyped on a day ("tỉnh X" becoming "thành phố X"); its old name stays an alias."""
    unit = _find(build, entry.get("unit"), SINCE_2025, where)
    to = str(entry.get("to", "")).strip()
    type_, name = unit.type, unit.name
    for known in ("thành phố", "đặc khu", "tỉnh", "xã", "phường"):
        if to.lower().startswith(known + " "):
            type_, name = known, to[len(known) :].strip()
            break
    else:
        name = to or unit.name
    build.units[unit.key] = replace(unit, name=name, type=type_)
    build.names = None
    if name != unit.name:
        build.aliases[unit.key].append(unit.name)
        if unit.level == PROVINCE:  # its units carry its name
            for key, inner in list(build.units.items()):
                if inner.province_key == unit.key and inner.key != unit.key:
                    build.units[key] = replace(inner, province=name)
    log.debug("%s: %s %s is %s %s since %s", where, unit.type, unit.name, type_, name, day)
