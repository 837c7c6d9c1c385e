"""Places as people type them, what each is called on a button, and what a subscription receives."""

from __future__ import annotations

import pytest

from digest.gazetteer import Gazetteer
from digest.models import Locality
from digest.places import coverage, find_places, label, locality_keys, place_name, reach, today


def _labels(query: str, gaz: Gazetteer) -> list[str]:
    return [label(u, gaz) for u in find_places(query, gaz).units]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # today's units, with or without type words, diacritics and abbreviations
        ("phường Vĩnh Yên", "phường Vĩnh Yên (Phú Thọ)"),
        ("phuong vinh yen", "phường Vĩnh Yên (Phú Thọ)"),
        ("P. Vĩnh Yên", "phường Vĩnh Yên (Phú Thọ)"),
        ("P.Vĩnh Yên", "phường Vĩnh Yên (Phú Thọ)"),
        ("xã Yên Phong, Bắc Ninh", "xã Yên Phong (Bắc Ninh)"),
        ("xa yen phong, bac ninh", "xã Yên Phong (Bắc Ninh)"),
        ("X. Yên Phong, Bắc Ninh", "xã Yên Phong (Bắc Ninh)"),
        ("đặc khu Thổ Châu", "đặc khu Thổ Châu (An Giang)"),
        ("Thổ Châu", "đặc khu Thổ Châu (An Giang)"),
        ("phường Hạc Thành", "phường Hạc Thành (Thanh Hóa)"),
        ("xã A Lưới 2", "xã A Lưới 2 (Huế)"),
        ("Phúc Thọ Lâm Hà", "xã Phúc Thọ Lâm Hà (Lâm Đồng)"),
        # a ward called a commune still finds the ward
        ("xã Vĩnh Yên, Phú Thọ", "phường Vĩnh Yên (Phú Thọ)"),
        # provinces of today and their everyday names
        ("Thanh Hóa", "tỉnh Thanh Hóa"),
        ("Thanh Hoá", "tỉnh Thanh Hóa"),
        ("tỉnh Phú Thọ", "tỉnh Phú Thọ"),
        ("TP.HCM", "thành phố Hồ Chí Minh"),
        ("TPHCM", "thành phố Hồ Chí Minh"),
        ("Sài Gòn", "thành phố Hồ Chí Minh"),
        ("Huế", "thành phố Huế"),
        ("Thừa Thiên Huế", "thành phố Huế"),
        ("TP Huế", "thành phố Huế"),
        # a type the data do not give the unit: still the unit
        ("TP Khánh Hòa", "tỉnh Khánh Hòa"),
        # former units, typed as such
        ("huyện Thọ Xuân", "huyện Thọ Xuân (cũ, Thanh Hóa)"),
        ("H. Thọ Xuân", "huyện Thọ Xuân (cũ, Thanh Hóa)"),
        ("TP Vĩnh Yên", "thành phố Vĩnh Yên (cũ, Vĩnh Phúc), nay thuộc Phú Thọ"),
        ("tx nghi son", "thị xã Nghi Sơn (cũ, Thanh Hóa)"),
        ("huyện Châu Thành, Tiền Giang", "huyện Châu Thành (cũ, Tiền Giang), nay thuộc Đồng Tháp"),
        ("Quận 1", "Quận 1 (cũ, Hồ Chí Minh)"),
        ("q.1", "Quận 1 (cũ, Hồ Chí Minh)"),
        ("tỉnh Vĩnh Phúc", "tỉnh Vĩnh Phúc (cũ), nay thuộc Phú Thọ"),
    ],
)
def test_one_unit(query: str, expected: str, gaz: Gazetteer) -> None:
    assert _labels(query, gaz)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a commune of today and a former province
        ("Quảng Bình", ["xã Quảng Bình (Thanh Hóa)", "tỉnh Quảng Bình (cũ), nay thuộc Quảng Trị"]),
        # a commune of today named like its former district
        ("Thọ Xuân", ["xã Thọ Xuân (Thanh Hóa)", "huyện Thọ Xuân (cũ, Thanh Hóa)"]),
        ("Yên Phong, Bắc Ninh", ["xã Yên Phong (Bắc Ninh)", "huyện Yên Phong (cũ, Bắc Ninh)"]),
        ("Vĩnh Phúc", ["phường Vĩnh Phúc (Phú Thọ)", "tỉnh Vĩnh Phúc (cũ), nay thuộc Phú Thọ"]),
        # one commune name in two provinces
        ("xã Yên Phong", ["xã Yên Phong (Bắc Ninh)", "xã Yên Phong (Thái Nguyên)"]),
        # a province of today and communes of its name elsewhere
        ("Quảng Ninh", ["tỉnh Quảng Ninh", "xã Quảng Ninh (Quảng Trị)", "xã Quảng Ninh (Thanh Hóa)"]),
        # a ward named like the city, and the city's everyday name
        ("Sài Gòn", ["thành phố Hồ Chí Minh", "phường Sài Gòn (Hồ Chí Minh)"]),
    ],
)
def test_names_shared_by_several_units(query: str, expected: list[str], gaz: Gazetteer) -> None:
    assert _labels(query, gaz) == expected


def test_a_province_of_today_is_not_confused_with_its_former_namesakes(gaz: Gazetteer) -> None:
    assert _labels("Thanh Hóa", gaz) == ["tỉnh Thanh Hóa"]  # not the former province, nor the former city
    assert _labels("tỉnh Phú Thọ", gaz) == ["tỉnh Phú Thọ"]
    assert _labels("TP Thanh Hóa", gaz) == ["thành phố Thanh Hóa (cũ, Thanh Hóa)"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tỉnh Phú Thọ cũ", ["tỉnh Phú Thọ (cũ)"]),
        ("Phú Thọ (cũ)", ["thị xã Phú Thọ (cũ, Phú Thọ)", "tỉnh Phú Thọ (cũ)"]),
        ("Thọ Xuân cũ", ["huyện Thọ Xuân (cũ, Thanh Hóa)"]),
    ],
)
def test_cu_asks_for_what_was(query: str, expected: list[str], gaz: Gazetteer) -> None:
    assert _labels(query, gaz) == expected


def test_a_former_commune_finds_what_it_became(gaz: Gazetteer) -> None:
    gone = next(
        u
        for u in gaz.inside("D395")
        if not [x for x in gaz.named(u.name) if x.era == "2025" or x.level != "commune"] and len(gaz.named(u.name)) == 1
    )
    (became,) = gaz.became(gone)
    assert find_places(f"xã {gone.name}", gaz).units == (became,)


def test_every_choice_is_told_apart(gaz: Gazetteer) -> None:
    labels = _labels("Châu Thành", gaz)  # communes of today, and ten former districts
    assert len(labels) >= 15
    assert len(set(labels)) == len(labels)
    assert "huyện Châu Thành (cũ, Kiên Giang), nay thuộc An Giang" in labels


def test_many_communes_share_a_name(gaz: Gazetteer) -> None:
    units = find_places("xã Tân Thành", gaz).units  # seven xã of that name, in seven provinces
    assert len(units) == 7
    assert len({u.province for u in units}) == len(units)


def test_no_match_gives_close_suggestions(gaz: Gazetteer) -> None:
    match = find_places("Tho Xuaan", gaz)
    assert match.units == ()
    assert "xã Thọ Xuân (Thanh Hóa)" in [place_name(u) for u in match.suggestions]


@pytest.mark.parametrize("query", ["", "   ", "huyện", "xã", "xyzxyz", "<b>Thọ</b>", "1" * 500, "p.", ","])
def test_garbage_finds_nothing(query: str, gaz: Gazetteer) -> None:
    assert find_places(query, gaz).units == ()


def test_what_a_former_unit_covers_today(gaz: Gazetteer) -> None:
    line = today(gaz.units["D395"], gaz)
    assert line is not None
    assert line.startswith("huyện Thọ Xuân (cũ) nay là các xã ")
    assert "Thọ Xuân" in line
    assert line.endswith("(Thanh Hóa).")
    assert today(gaz.units["P26"], gaz) == "tỉnh Vĩnh Phúc (cũ) nay thuộc tỉnh Phú Thọ."
    assert today(gaz.units["N08707"], gaz) is None


# -- what a subscription receives


def _reached(gaz: Gazetteer, key: str) -> set[str]:
    return set(reach(gaz.units[key], gaz))


def _receives(gaz: Gazetteer, subscription: str, digest_keys: set[str]) -> bool:
    return bool(set(coverage(subscription, gaz)) & digest_keys)


def test_subscriptions_across_the_reform(gaz: Gazetteer) -> None:
    ward = gaz.named("Vĩnh Yên")
    ward_key = next(u.key for u in ward if u.era == "2025")
    city, former_province, province = "D243", "P26", "T25"
    about_ward = _reached(gaz, ward_key)
    assert _receives(gaz, ward_key, about_ward)
    assert _receives(gaz, province, about_ward)  # today's Phú Thọ
    assert _receives(gaz, city, about_ward)  # the former city Vĩnh Yên
    assert _receives(gaz, former_province, about_ward)  # the former province Vĩnh Phúc
    assert not _receives(gaz, "T38", about_ward)
    about_city_before = _reached(gaz, city)  # a pre-reform article about the city
    assert _receives(gaz, city, about_city_before)
    assert _receives(gaz, province, about_city_before)
    assert not _receives(gaz, ward_key, about_city_before)
    elsewhere_in_phu_tho = _reached(gaz, next(u.key for u in gaz.named("Yên Kỳ") if u.era == "2025"))
    assert _receives(gaz, province, elsewhere_in_phu_tho)
    assert not _receives(gaz, former_province, elsewhere_in_phu_tho)  # former Phú Thọ, not Vĩnh Phúc
    assert not _receives(gaz, ward_key, elsewhere_in_phu_tho)
    whole_province = _reached(gaz, province)
    assert _receives(gaz, province, whole_province)
    assert not _receives(gaz, former_province, whole_province)


def test_digests_stored_before_keys_crossed_the_reform_reach_today_s_province(gaz: Gazetteer) -> None:
    old_digest_keys = {"D243", "P26"}  # how this version stored a digest about the city Vĩnh Yên
    assert _receives(gaz, "T25", old_digest_keys)
    assert _receives(gaz, "D243", old_digest_keys)


def test_locality_keys(gaz: Gazetteer) -> None:
    district = Locality("Thọ Xuân", "huyện", "Thanh Hóa", "395", key="D395")
    province = Locality("Quảng Ninh", "tỉnh", "Quảng Ninh", "22", level="province", key="P22")
    assert locality_keys([district, province], gaz) == ("D395", "P38", "T38", "P22", "T22")
    legacy = Locality("Quảng Ninh", "tỉnh", "Quảng Ninh", "22")  # written before localities had keys
    assert locality_keys([legacy], gaz) == ("P22", "T22")
