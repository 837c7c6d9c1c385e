"""Localities in the two-tier structure (since 1 July 2025), and the choice of structure."""

from __future__ import annotations

import pytest

from digest.extract.locality import find_localities
from digest.gazetteer import Gazetteer
from tests.conftest import article

AFTER = "2025-09-15"
BEFORE = "2023-05-10"


def _found(
    text: str, gaz: Gazetteer, day: str | None = AFTER, province: str | None = None
) -> list[tuple[str, str, str]]:
    body = f"date {day}\n{text}" if day else text
    return [(x.name, x.type, x.province) for x in find_localities(article(body), gaz, province)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng bộ xã Yên Phong, Bắc Ninh tổ chức Đại hội đại biểu lần thứ nhất.", ("Yên Phong", "xã", "Bắc Ninh")),
        ("Trong 2 ngày, Đảng bộ P.Cao Lãnh (Đồng Tháp) tổ chức Đại hội.", ("Cao Lãnh", "phường", "Đồng Tháp")),
        ("UBND P. Cao Lãnh (Đồng Tháp) ra quân dọn vệ sinh.", ("Cao Lãnh", "phường", "Đồng Tháp")),
        ("Đảng bộ Đặc khu Thổ Châu tổ chức Đại hội Đảng lần thứ nhất.", ("Thổ Châu", "đặc khu", "An Giang")),
        ("HĐND phường Hạc Thành tổ chức kỳ họp thứ 5.", ("Hạc Thành", "phường", "Thanh Hóa")),
        ("Xã A Lưới 2 tập trung phát triển kinh tế vùng cao.", ("A Lưới 2", "xã", "Huế")),
        ("Đại hội Đảng bộ xã Phúc Thọ Lâm Hà lần thứ nhất diễn ra sáng nay.", ("Phúc Thọ Lâm Hà", "xã", "Lâm Đồng")),
        ("Ngày 1-10, Đảng bộ phường Phú Mỹ (TPHCM) tổ chức hội nghị.", ("Phú Mỹ", "phường", "Hồ Chí Minh")),
        ("Ngày 1-10, Đảng bộ phường Phú Mỹ, TP.HCM tổ chức hội nghị.", ("Phú Mỹ", "phường", "Hồ Chí Minh")),
        ("Đảng ủy xã Hậu Nghĩa, tỉnh Tây Ninh triển khai nhiệm vụ.", ("Hậu Nghĩa", "xã", "Tây Ninh")),
        ("HĐND xã Thiệu Hoá thông qua nghị quyết.", ("Thiệu Hóa", "xã", "Thanh Hóa")),  # old tone placement
        ("UBND X. Thọ Xuân tổ chức hội nghị.", ("Thọ Xuân", "xã", "Thanh Hóa")),
    ],
)
def test_typed_communes_of_today(text: str, expected: tuple[str, str, str], gaz: Gazetteer) -> None:
    assert _found(text, gaz)[0] == expected


def test_a_commune_name_of_several_provinces_needs_its_province(gaz: Gazetteer) -> None:
    text = "Đảng bộ xã Tân Thành tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030."
    assert _found(text, gaz) == []  # seven xã Tân Thành: no guess
    assert _found(text, gaz, province="Lâm Đồng") == [("Tân Thành", "xã", "Lâm Đồng")]  # the feed's province
    assert _found(text + " Bí thư Tỉnh ủy Tây Ninh dự và chỉ đạo.", gaz) == [("Tân Thành", "xã", "Tây Ninh")]
    assert _found(text.replace("Tân Thành", "Tân Thành, Đồng Tháp"), gaz) == [("Tân Thành", "xã", "Đồng Tháp")]


def test_a_feed_s_former_province_means_its_province_of_today(gaz: Gazetteer) -> None:
    text = "Đảng bộ xã Tân Thành tổ chức Đại hội đại biểu lần thứ I."
    assert _found(text, gaz, province="Long An") == [("Tân Thành", "xã", "Tây Ninh")]


def test_a_former_district_named_as_history_picks_the_commune_formed_from_it(gaz: Gazetteer) -> None:
    # Two xã Yên Phong today: the one formed from huyện Yên Phong is in Bắc Ninh.
    text = "Đảng bộ xã Yên Phong tổ chức Đại hội. Lãnh đạo huyện Yên Phong (cũ) qua các thời kỳ tham dự."
    assert _found(text, gaz) == [("Yên Phong", "xã", "Bắc Ninh")]


def test_a_commune_named_like_a_former_province(gaz: Gazetteer) -> None:
    assert _found("HĐND xã Quảng Bình, tỉnh Thanh Hóa tổ chức kỳ họp.", gaz) == [("Quảng Bình", "xã", "Thanh Hóa")]
    text = "Nhiều cán bộ tỉnh Quảng Bình (cũ) nay công tác tại xã Quảng Ninh, tỉnh Quảng Trị."
    assert _found(text, gaz) == [("Quảng Ninh", "xã", "Quảng Trị")]


@pytest.mark.parametrize(
    "text",
    [
        "Đại hội có sự tham dự của các đồng chí nguyên là lãnh đạo huyện Lâm Hà (cũ) qua các thời kỳ.",
        "Ông Nguyễn Văn A, nguyên Chủ tịch UBND huyện Thọ Xuân cũ, thăm hỏi gia đình chính sách.",
        "Nhiều tuyến đường của tỉnh Long An cũ được nâng cấp trong năm.",
        "Các xã Vĩnh Ninh, Võ Ninh, Hàm Ninh và thị trấn Quán Hàu (trước sáp nhập) đạt nhiều kết quả.",
    ],
)
def test_units_named_as_history_are_not_localities(text: str, gaz: Gazetteer) -> None:
    assert [t for _, t, _ in _found(text, gaz) if t not in ("tỉnh", "thành phố")] == []


def test_what_a_commune_was_formed_from_is_not_a_locality(gaz: Gazetteer) -> None:
    text = (
        "Xã Quảng Ninh, tỉnh Quảng Trị được thành lập trên cơ sở hợp nhất nguyên trạng 4 xã, thị trấn gồm "
        "Vĩnh Ninh, Võ Ninh, Hàm Ninh và Quán Hàu. Đại hội Đảng bộ xã Quảng Ninh lần thứ I thành công tốt đẹp."
    )
    assert _found(text, gaz) == [("Quảng Ninh", "xã", "Quảng Trị")]
    text = (
        "Phường Thái Bình được thành lập trên cơ sở sắp xếp các phường: Lê Hồng Phong, Bồ Xuyên thuộc thành phố "
        "Thái Bình (cũ) và các xã: Phúc Thành, Tân Phong thuộc huyện Vũ Thư, tỉnh Thái Bình (cũ). Đảng bộ phường "
        "Thái Bình, tỉnh Hưng Yên tổ chức Đại hội."
    )
    assert _found(text, gaz) == [("Thái Bình", "phường", "Hưng Yên")]


def test_a_provincial_leader_at_a_commune(gaz: Gazetteer) -> None:
    text = (
        "Ông Nguyễn Văn Quyết, Bí thư Tỉnh ủy Tây Ninh, dự Đại hội Đảng bộ xã Hậu Nghĩa. Bí thư Tỉnh ủy Tây Ninh "
        "đề nghị Đảng bộ xã phát huy truyền thống. Lãnh đạo tỉnh Tây Ninh tặng hoa chúc mừng."
    )
    assert _found(text, gaz) == [("Hậu Nghĩa", "xã", "Tây Ninh")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng 11-9, Đại hội đại biểu Đảng bộ tỉnh Quảng Ngãi lần thứ I khai mạc. Tỉnh Quảng Ngãi đặt mục tiêu lớn.",
         ("Quảng Ngãi", "tỉnh", "Quảng Ngãi")),
        ("HĐND tỉnh Quảng Ninh khai mạc kỳ họp cuối năm. Quảng Ninh dẫn đầu cả nước về tăng trưởng.",
         ("Quảng Ninh", "tỉnh", "Quảng Ninh")),
        ("UBND TP.HCM họp bàn kế hoạch năm 2026. TP.HCM đặt mục tiêu tăng trưởng hai con số.",
         ("Hồ Chí Minh", "thành phố", "Hồ Chí Minh")),
    ],
)  # fmt: skip
def test_an_article_about_a_province_of_today(text: str, expected: tuple[str, str, str], gaz: Gazetteer) -> None:
    found = find_localities(article(f"date {AFTER}\n{text}"), gaz)
    assert (found[0].name, found[0].type, found[0].province) == expected
    assert (found[0].level, found[0].era, found[0].former) == ("province", "2025", ())


def test_a_unit_of_today_says_where_it_came_from(gaz: Gazetteer) -> None:
    (ward,) = find_localities(article(f"date {AFTER}\nĐảng bộ phường Vĩnh Yên tổ chức Đại hội."), gaz, "Phú Thọ")
    assert (ward.level, ward.era, ward.province, ward.province_2025) == ("commune", "2025", "Phú Thọ", "Phú Thọ")
    assert [(r.name, r.type, r.province) for r in ward.former] == [("Vĩnh Yên", "thành phố", "Vĩnh Phúc")]


@pytest.mark.parametrize(
    "text",
    [
        "Hành khách qua sân bay Chu Lai tăng mạnh.",
        "Lưu lượng xe qua cầu Cần Thơ tăng trong dịp lễ.",
        "Nhà máy lọc dầu Dung Quất vận hành ổn định.",
        "Tổng công ty Sông Đà ký hợp đồng mới.",
        "Kết quả xổ số đài Vĩnh Long hôm nay.",
        "Câu lạc bộ Hoàng Anh Gia Lai thắng trận thứ ba.",
        "Cảng Hải Phòng đón tàu lớn nhất từ trước đến nay.",
        "Bệnh viện Bạch Mai tiếp nhận bệnh nhân.",
        "Trường THPT Thọ Xuân đạt chuẩn quốc gia.",
        "Khu công nghiệp Vĩnh Lộc thu hút nhà đầu tư.",
    ],
)
def test_a_place_name_inside_the_name_of_something_else(text: str, gaz: Gazetteer) -> None:
    assert _found(text, gaz) == []


def test_a_pre_reform_article_that_names_communes(gaz: Gazetteer) -> None:
    text = "Năm 2023, xã Cường Lợi đạt chuẩn nông thôn mới; xã Kim Lư đạt chuẩn nâng cao."
    (district,) = find_localities(article(f"date {BEFORE}\n{text}"), gaz)
    assert (district.name, district.type, district.province, district.era) == (
        "Na Rì",
        "huyện",
        "Bắc Kạn",
        "before-2025",
    )
    assert district.province_2025 == "Thái Nguyên"
    assert district.now_province == "Thái Nguyên"
    assert district.now_communes  # the communes of today that the named ones became


def test_the_article_s_date_picks_the_structure(gaz: Gazetteer) -> None:
    commune = "Đảng bộ xã Yên Phong, Bắc Ninh tổ chức hội nghị tổng kết."
    assert _found(commune, gaz, day=AFTER) == [("Yên Phong", "xã", "Bắc Ninh")]
    assert _found(commune, gaz, day=BEFORE) == []  # no xã Yên Phong in Bắc Ninh before the reform
    district = "Đoàn công tác làm việc tại huyện Yên Phong, tỉnh Bắc Ninh về chuyển đổi số."
    assert _found(district, gaz, day=BEFORE) == [("Yên Phong", "huyện", "Bắc Ninh")]
    assert ("Yên Phong", "huyện", "Bắc Ninh") not in _found(district, gaz, day=AFTER)  # no district since


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sau hơn một tháng vận hành chính quyền địa phương hai cấp, xã Yên Phong, Bắc Ninh ổn định.",
         ("Yên Phong", "xã", "Bắc Ninh")),
        ("Đặc khu Côn Đảo đón nhiều khách du lịch.", ("Côn Đảo", "đặc khu", "Hồ Chí Minh")),
        ("Huyện ủy Thọ Xuân tổ chức hội nghị. UBND huyện Thọ Xuân triển khai kế hoạch.",
         ("Thọ Xuân", "huyện", "Thanh Hóa")),
    ],
)  # fmt: skip
def test_without_a_date_the_evidence_picks_the_structure(
    text: str, expected: tuple[str, str, str], gaz: Gazetteer
) -> None:
    assert _found(text, gaz, day=None)[0] == expected


def test_an_old_text_served_with_a_new_date_is_read_as_old(gaz: Gazetteer) -> None:
    text = "Sáng 5-4, Huyện ủy Thọ Xuân tổ chức hội nghị. UBND huyện Thọ Xuân triển khai kế hoạch năm."
    assert _found(text, gaz, day="2026-04-06") == [("Thọ Xuân", "huyện", "Thanh Hóa")]


def test_an_office_held_before_does_not_make_an_article_old(gaz: Gazetteer) -> None:
    text = (
        "Ông Nguyễn Văn A, nguyên Chủ tịch UBND huyện Thọ Xuân, thăm các gia đình chính sách tỉnh Thanh Hóa. "
        "Ông là nguyên Bí thư Huyện ủy Thọ Xuân."
    )
    assert ("Thọ Xuân", "huyện", "Thanh Hóa") not in _found(text, gaz)  # a 2025 article: no district
    text = "Nguyên lãnh đạo Đặc khu Côn Đảo qua các thời kỳ dự Đại hội Đảng bộ đặc khu Côn Đảo."
    assert _found(text, gaz) == [("Côn Đảo", "đặc khu", "Hồ Chí Minh")]  # the unit of today is no history
