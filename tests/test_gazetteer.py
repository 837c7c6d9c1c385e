"""The place graph: both structures, their succession, and the file of later changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.extract.locality import find_localities
from digest.gazetteer import COMMUNE, DISTRICT, PROVINCE, Gazetteer, PlacesFileError, load
from digest.places import find_places, label, locality_keys, reach, unit_of_key
from tests.conftest import article


def test_both_structures_are_whole(gaz: Gazetteer) -> None:
    assert len(gaz.provinces("before-2025")) == 63
    assert len(gaz.of_level("before-2025", DISTRICT)) == 696
    assert len(gaz.of_level("before-2025", COMMUNE)) > 10_000
    assert len(gaz.provinces()) == 34
    assert len(gaz.of_level("2025", COMMUNE)) == 3321
    types = {u.type for u in gaz.of_level("2025", COMMUNE)}
    assert types == {"xã", "phường", "đặc khu"}


def test_succession(gaz: Gazetteer) -> None:
    ward = next(u for u in gaz.named("Vĩnh Yên") if u.era == "2025")
    assert [u.key for u in gaz.came_from(ward)] == ["D243"]  # the former city Vĩnh Yên
    assert ward in gaz.became(gaz.units["D243"])
    assert gaz.became(gaz.units["P26"]) == (gaz.units["T25"],)  # Vĩnh Phúc went into Phú Thọ
    assert {u.name for u in gaz.came_from(gaz.units["T25"])} == {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"}
    assert gaz.province_now(gaz.units["D395"]) == gaz.units["T38"]
    hong_ha = next(u for u in gaz.named("Hồng Hà") if u.era == "2025" and u.province == "Hà Nội")
    assert len(gaz.came_from(hong_ha)) == 5  # parts of wards of five former quận


def test_either_tone_placement_and_no_diacritics(gaz: Gazetteer) -> None:
    assert gaz.named("Thiệu Hoá") == gaz.named("Thiệu Hóa")
    assert set(gaz.loosely_named("thieu hoa")) >= set(gaz.named("Thiệu Hóa"))


def test_the_bundled_file_gives_everyday_names(gaz: Gazetteer) -> None:
    assert {u.key for u in gaz.named("TPHCM")} == {"P79", "T79"}
    assert {u.key for u in gaz.named("Thừa Thiên Huế")} == {"P46", "T46"}


CHANGES = """
version = "2026-07-01"

[[alias]]
unit = "phường Hạc Thành, Thanh Hóa"
names = ["TP Thanh Hóa mới"]

[[change]]
date = 2026-07-01
kind = "merge"
province = "Thanh Hóa"
from = ["xã Thọ Xuân", "xã Sao Vàng"]
into = "xã Xuân Thọ"

[[change]]
date = 2026-01-01
kind = "rename"
unit = "tỉnh Khánh Hòa"
to = "thành phố Khánh Hòa"
"""


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("places") / "changes.toml"
    path.write_text(CHANGES, "utf-8")
    return load(str(path))


def test_a_later_merger_is_data(changed: Gazetteer) -> None:
    (merged,) = [u for u in changed.named("Xuân Thọ") if u.era == "2025" and u.province == "Thanh Hóa"]
    assert merged.since == dt.date(2026, 7, 1)
    old = next(u for u in changed.named("Thọ Xuân") if u.era == "2025")
    assert old.until == dt.date(2026, 7, 1)
    assert changed.became(old) == (merged,)
    assert "D395" in {u.key for u in changed.came_from(merged)}  # and so what those came from
    assert changed.version == "2026-07-01"
    # An article after the merger about the new commune reaches the former district's subscribers.
    text = "date 2026-08-01\nĐảng bộ xã Xuân Thọ, tỉnh Thanh Hóa tổ chức hội nghị."
    (locality,) = find_localities(article(text), changed)
    assert locality.key == merged.key
    assert {"D395", "T38"} <= set(locality_keys([locality], changed))
    # Before it, the commune that existed then.
    before = find_localities(article("date 2026-03-01\nĐảng bộ xã Thọ Xuân, tỉnh Thanh Hóa họp."), changed)
    assert [x.key for x in before] == [old.key]


def test_a_province_that_becomes_a_city(changed: Gazetteer) -> None:
    (province,) = [u for u in changed.named("Khánh Hòa") if u.level == PROVINCE and u.era == "2025"]
    assert province.type == "thành phố"
    assert label(province, changed) == "thành phố Khánh Hòa"
    assert find_places("TP Khánh Hòa", changed).units[0] == province


def test_the_operator_s_everyday_names(changed: Gazetteer) -> None:
    assert [label(u, changed) for u in find_places("TP Thanh Hóa mới", changed).units] == [
        "phường Hạc Thành (Thanh Hóa)"
    ]


def test_a_merged_commune_stands_for_what_it_became(changed: Gazetteer) -> None:
    assert [label(u, changed) for u in find_places("xã Sao Vàng", changed).units] == ["xã Xuân Thọ (Thanh Hóa)"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[change]]\nkind = 'merge'\n", "needs a date"),
        ("[[change]]\ndate = 2026-01-01\nkind = 'split'\n", "unknown kind"),
        ("[[alias]]\nunit = 'xã Không Có'\nnames = ['x']\n", "no unit called"),
        ("[[alias]]\nunit = 'xã Tân Thành'\nnames = ['x']\n", "7 units called"),
        ("not toml = = =", "places"),
    ],
)
def test_a_bad_places_file_names_its_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(PlacesFileError, match=message):
        load(str(path))


def test_a_subscription_to_a_merged_commune_receives_what_it_became(changed: Gazetteer) -> None:
    old = next(u for u in changed.named("Thọ Xuân") if u.era == "2025")
    merged = next(u for u in changed.named("Xuân Thọ") if u.era == "2025" and u.province == "Thanh Hóa")
    assert unit_of_key(old.key, changed) == old  # still the chat's subscription
    assert label(old, changed) == "xã Thọ Xuân (Thanh Hóa), từ 01/07/2026 là xã Xuân Thọ"
    assert old.key in reach(merged, changed)
