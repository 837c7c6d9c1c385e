"""Places as users type them, and subscription keys."""

from __future__ import annotations

import pytest

from digest.gazetteer import Gazetteer
from digest.models import Locality
from digest.places import find_places, locality_keys, place_name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tho xuan", "huyện Thọ Xuân (Thanh Hóa)"),
        ("Huyện Thọ Xuân", "huyện Thọ Xuân (Thanh Hóa)"),
        ("H. Thọ Xuân", "huyện Thọ Xuân (Thanh Hóa)"),
        ("  THỌ   XUÂN ", "huyện Thọ Xuân (Thanh Hóa)"),
        ("TP Thanh Hoá", "thành phố Thanh Hóa (Thanh Hóa)"),
        ("Thiệu Hoá", "huyện Thiệu Hóa (Thanh Hóa)"),
        ("thieu hoa", "huyện Thiệu Hóa (Thanh Hóa)"),
        ("tx nghi son", "thị xã Nghi Sơn (Thanh Hóa)"),
        ("Châu Thành, Tiền Giang", "huyện Châu Thành (Tiền Giang)"),
        ("Quận 1", "Quận 1 (Hồ Chí Minh)"),
        ("q.1", "Quận 1 (Hồ Chí Minh)"),
        ("TP.HCM", "thành phố Hồ Chí Minh"),
        ("tỉnh Quảng Ninh", "tỉnh Quảng Ninh"),
        ("Thanh Hóa", "tỉnh Thanh Hóa"),  # a province before its capital city of the same name
    ],
)
def test_typed_names(query: str, expected: str, gaz: Gazetteer) -> None:
    assert place_name(find_places(query, gaz).units[0]) == expected


def test_ambiguous_name_gives_every_unit(gaz: Gazetteer) -> None:
    units = find_places("chau thanh", gaz).units
    assert len(units) >= 10
    assert len({u.province for u in units}) == len(units)


def test_no_match_gives_close_suggestions(gaz: Gazetteer) -> None:
    match = find_places("Tho Xuaan", gaz)
    assert match.units == ()
    assert "huyện Thọ Xuân (Thanh Hóa)" in [place_name(u) for u in match.suggestions]


@pytest.mark.parametrize("query", ["", "   ", "huyện", "xyzxyz", "<b>Thọ</b>", "1" * 500])
def test_garbage_finds_nothing(query: str, gaz: Gazetteer) -> None:
    assert find_places(query, gaz).units == ()


def test_locality_keys_cover_the_province(gaz: Gazetteer) -> None:
    district = Locality("Thọ Xuân", "huyện", "Thanh Hóa", "395")
    province = Locality("Quảng Ninh", "tỉnh", "Quảng Ninh", "22")
    assert locality_keys([district, province], gaz) == ("D395", "P38", "P22")
