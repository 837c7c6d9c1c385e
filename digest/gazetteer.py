"""The gazetteer of Vietnamese administrative units, before and after the July 2025 reform.

Data comes from the `vietnamadminunits` package (63 provinces, 696 districts and
10,040 communes before the reform; 34 provinces and 3,321 communes after; and the
mapping between them). Only its data files are read: importing the package itself
pulls in geocoding code that the pipeline does not need.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from digest.textnorm import loose_key, match_key

log = logging.getLogger(__name__)

PROVINCE, DISTRICT, WARD = "province", "district", "ward"


class GazetteerError(RuntimeError):
    """The gazetteer data could not be found or read."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit. Communes of the 2025 structure carry the districts they came from."""

    code: str
    name: str  # short name as the gazetteer spells it: "Thọ Xuân", "Quận 1"
    level: str  # PROVINCE, DISTRICT or WARD
    type: str  # "tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn", "đặc khu"
    province_code: str
    province: str  # short province name before the reform
    district_code: str | None = None  # for a commune: its district (before the reform)
    province_2025: str | None = None
    reform_2025: bool = False  # a commune of the 2025 structure


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Units indexed by name, with and without diacritics."""

    units: dict[str, Unit]  # by code; districts "D<code>", provinces "P<code>", communes "W<code>"/"N<code>"
    by_name: dict[str, tuple[Unit, ...]]  # match_key(name) -> units
    by_loose: dict[str, tuple[Unit, ...]]  # loose_key(name) -> units
    former: dict[str, tuple[Unit, ...]]  # compact loose key of a former unit ("huyendongson") -> successors
    initials: dict[str, Unit]  # "BĐ" -> province Bình Định, when unique
    all_provinces: tuple[Unit, ...]
    compact_provinces: tuple[tuple[str, Unit], ...]  # ("binhdinh", Bình Định): matched inside web domains

    def named(self, name: str) -> tuple[Unit, ...]:
        """Units whose name is exactly this one (tone placement and case aside)."""
        return self.by_name.get(match_key(name), ())

    def loosely_named(self, name: str) -> tuple[Unit, ...]:
        """Units whose name matches whatever the diacritics."""
        return self.by_loose.get(loose_key(name), ())

    def provinces_in_domain(self, domain: str) -> list[Unit]:
        """Provinces whose name, without spaces or marks, occurs in a domain ("Baobinhdinh.vn")."""
        compact = loose_key(domain).replace(" ", "")
        return [unit for key, unit in self.compact_provinces if key in compact]

    def province(self, code: str) -> Unit:
        """The province with this code."""
        return self.units["P" + code]

    def district(self, code: str) -> Unit:
        """The district with this code."""
        return self.units["D" + code]

    def provinces(self) -> list[Unit]:
        """All provinces before the reform, in gazetteer order."""
        return list(self.all_provinces)

    def districts_of(self, province_code: str) -> list[Unit]:
        """The districts of one province."""
        return [u for u in self.units.values() if u.level == DISTRICT and u.province_code == province_code]


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _type(raw: str | None, level: str) -> str:
    if level == PROVINCE:
        return "thành phố" if raw and raw.startswith("Thành phố") else "tỉnh"
    return (raw or "").lower()


def _index(units: Iterable[Unit]) -> tuple[dict[str, tuple[Unit, ...]], dict[str, tuple[Unit, ...]]]:
    exact: dict[str, list[Unit]] = defaultdict(list)
    loose: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        exact[match_key(unit.name)].append(unit)
        loose[loose_key(unit.name)].append(unit)
    return {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in loose.items()}


def _province_initials(provinces: Iterable[Unit]) -> dict[str, Unit]:
    counts: Counter[str] = Counter()
    first: dict[str, Unit] = {}
    for unit in provinces:
        letters = "".join(word[0] for word in unit.name.replace("-", " ").split()).upper()
        counts[letters] += 1
        first[letters] = unit
    return {k: first[k] for k, n in counts.items() if n == 1 and len(k) >= 2}


@cache
def load() -> Gazetteer:
    """Read the gazetteer once per process."""
    data = _data_dir()
    try:
        with sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True) as conn:
            legacy = conn.execute(
                "SELECT province, provinceShort, provinceCode, district, districtShort, districtType, districtCode,"
                " districtAlias, wardShort, wardType, wardCode, provinceKey, districtKey, wardKey"
                " FROM admin_units_legacy"
            ).fetchall()
            current = conn.execute(
                "SELECT province, provinceShort, provinceCode, wardShort, wardType, wardCode, provinceKey, wardKey"
                " FROM admin_units"
            ).fetchall()
        reform = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    except (OSError, sqlite3.Error, ValueError) as exc:
        raise GazetteerError(f"cannot read the gazetteer in {data}: {exc}") from exc

    new_province_of_old: dict[str, str] = {}
    new_province_names = {row[6]: row[1] for row in current}
    for new_key, old_keys in reform["DICT_PROVINCE"].items():
        for old_key in old_keys:
            new_province_of_old[old_key] = new_province_names.get(new_key, "")

    units: dict[str, Unit] = {}
    former: dict[str, list[Unit]] = defaultdict(list)
    district_of_ward_key: dict[str, str] = {}
    for (
        prov_full,
        prov,
        prov_code,
        _dist_full,
        dist,
        dist_type,
        dist_code,
        dist_alias,
        ward,
        ward_type,
        ward_code,
        prov_key,
        dist_key,
        ward_key,
    ) in legacy:
        prov_2025 = new_province_of_old.get(prov_key)
        if "P" + prov_code not in units:
            units["P" + prov_code] = Unit(
                prov_code, prov, PROVINCE, _type(prov_full, PROVINCE), prov_code, prov, province_2025=prov_2025
            )
        if "D" + dist_code not in units:
            district = Unit(
                dist_code,
                dist,
                DISTRICT,
                _type(dist_type, DISTRICT),
                prov_code,
                prov,
                district_code=dist_code,
                province_2025=prov_2025,
            )
            units["D" + dist_code] = district
            for alias in json.loads(dist_alias or "[]"):
                former[alias].append(district)
        if ward and ward_code:
            units["W" + ward_code] = Unit(
                ward_code,
                ward,
                WARD,
                _type(ward_type, WARD),
                prov_code,
                prov,
                district_code=dist_code,
                province_2025=prov_2025,
            )
            district_of_ward_key[f"{prov_key}_{dist_key}_{ward_key}"] = dist_code

    # Communes of the 2025 structure, attributed to the district most of their territory came from.
    current_wards = {(row[6], row[7]): row for row in current}
    for new_prov_key, wards in reform["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            row = current_wards.get((new_prov_key, new_ward_key))
            districts = Counter(district_of_ward_key[k] for k in old_keys if k in district_of_ward_key)
            if row is None or not districts:
                continue
            old = units["D" + districts.most_common(1)[0][0]]
            units["N" + row[5]] = Unit(
                row[5],
                row[3],
                WARD,
                (row[4] or "").lower(),
                old.province_code,
                old.province,
                district_code=old.code,
                province_2025=row[1],
                reform_2025=True,
            )

    by_name, by_loose = _index(units.values())
    # Province aliases people write: "TP.HCM", "Thừa Thiên Huế" (renamed Huế in 2025).
    for alias, prov_name in (
        ("tp.hcm", "Hồ Chí Minh"),
        ("tphcm", "Hồ Chí Minh"),
        ("tp hcm", "Hồ Chí Minh"),
        ("sài gòn", "Hồ Chí Minh"),
        ("thừa thiên huế", "Huế"),
        ("thừa thiên - huế", "Huế"),
    ):
        prov_units = tuple(u for u in by_name.get(match_key(prov_name), ()) if u.level == PROVINCE)
        by_name.setdefault(match_key(alias), prov_units)
    log.debug("gazetteer: %d units", len(units))
    provinces = tuple(u for u in units.values() if u.level == PROVINCE)
    compact = tuple((loose_key(u.name).replace(" ", ""), u) for u in provinces)
    return Gazetteer(
        units,
        by_name,
        by_loose,
        {k: tuple(v) for k, v in former.items()},
        _province_initials(provinces),
        provinces,
        compact,
    )
