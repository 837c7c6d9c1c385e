"""Localities: typed and untyped mentions, abbreviations, organisations, ambiguity and traps."""

from __future__ import annotations

import dataclasses

import pytest

from digest.extract.locality import find_localities
from digest.extract.mentions import _names_re
from digest.gazetteer import Gazetteer
from tests.conftest import article


def _names(text: str, gaz: Gazetteer, default_province: str | None = None) -> list[tuple[str, str, str]]:
    return [(x.name, x.type, x.province) for x in find_localities(article(text), gaz, default_province)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện uỷ Thọ Xuân tổ chức hội nghị sơ kết.", ("Thọ Xuân", "huyện", "Thanh Hóa")),
        ("UBND huyện Thiệu Hoá triển khai kế hoạch.", ("Thiệu Hóa", "huyện", "Thanh Hóa")),
        ("Thành ủy Cẩm Phả quyết tâm hoàn thành chỉ tiêu.", ("Cẩm Phả", "thành phố", "Quảng Ninh")),
        ("Hội nghị diễn ra tại TP. Hội An sáng nay.", ("Hội An", "thành phố", "Quảng Nam")),
        ("Hội nghị diễn ra tại TP.Thanh Hóa sáng nay.", ("Thanh Hóa", "thành phố", "Thanh Hóa")),
        ("Đô thị thông minh tại TX An Nhơn được đầu tư.", ("An Nhơn", "thị xã", "Bình Định")),
        ("HĐND huyệnĐak Đoa khóa XIII bầu các chức danh.", ("Đak Đoa", "huyện", "Gia Lai")),
        ("Hùỵện ủý Phú Lương tổ chức hội nghị.", ("Phú Lương", "huyện", "Thái Nguyên")),
        ("Quận 1 triển khai chỉnh trang đô thị.", ("Quận 1", "quận", "Hồ Chí Minh")),
        ("Người dân quận 3 hưởng ứng phong trào.", ("Quận 3", "quận", "Hồ Chí Minh")),
        ("Mô hình mới ở H.Thọ Xuân được nhân rộng.", ("Thọ Xuân", "huyện", "Thanh Hóa")),
        ("HUYỆN THỌ XUÂN ĐÓN NHẬN HUÂN CHƯƠNG. Huyện Thọ Xuân tổ chức lễ.", ("Thọ Xuân", "huyện", "Thanh Hóa")),
        ("Thị xã Nghi Sơn thu hút đầu tư.", ("Nghi Sơn", "thị xã", "Thanh Hóa")),
    ],
)
def test_typed_mentions(text: str, expected: tuple[str, str, str], gaz: Gazetteer) -> None:
    assert _names(text, gaz)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ông Nguyễn Văn H. cho biết gia đình đã nhận hỗ trợ.",  # an initial, not "H." for huyện
        "Anh Quang và chị Tịnh tham gia hiến máu.",  # type words inside other words
        "Số nhà 12 đường số 1 được sửa chữa.",
        "Tinh thần đoàn kết được phát huy ở khắp nơi.",
    ],
)
def test_no_locality_in_ordinary_words(text: str, gaz: Gazetteer) -> None:
    assert _names(text, gaz) == []


def test_ambiguous_name_is_resolved_by_the_province(gaz: Gazetteer) -> None:
    assert _names("UBND huyện Châu Thành, tỉnh Tiền Giang ra quân làm thủy lợi.", gaz)[0] == (
        "Châu Thành",
        "huyện",
        "Tiền Giang",
    )


def test_ambiguous_name_without_context_is_left_out(gaz: Gazetteer) -> None:
    assert _names("UBND huyện Châu Thành ra quân làm thủy lợi nội đồng.", gaz) == []


def test_person_name_holding_a_province_name_is_not_a_place(gaz: Gazetteer) -> None:
    assert _names("Đồng chí Hà Hải Dương phát biểu ý kiến tại hội nghị.", gaz) == []


def test_school_named_after_a_city_elsewhere_is_not_a_place(gaz: Gazetteer) -> None:
    names = _names("Huyện Vĩnh Lộc xây dựng 1 trường đạt chuẩn (trường Mầm non Vĩnh Yên).", gaz)
    assert names == [("Vĩnh Lộc", "huyện", "Thanh Hóa")]


def test_province_level_article(gaz: Gazetteer) -> None:
    text = (
        "Tỉnh Bình Định đạt nhiều kết quả. Bình Định sẽ dẫn đầu khu vực. Đến năm 2030 Bình Định phát triển. "
        "Đô thị thông minh tại TP Quy Nhơn."
    )
    assert _names(text, gaz)[0] == ("Bình Định", "tỉnh", "Bình Định")
    assert ("Quy Nhơn", "thành phố", "Bình Định") not in _names(text, gaz)


def test_district_level_article_does_not_list_its_province(gaz: Gazetteer) -> None:
    text = "Cụm thi đua tỉnh Quảng Nam họp tại TP. Hội An. Năng suất lúa cao như Hội An, Duy Xuyên, Đại Lộc."
    assert [n for n, _, _ in _names(text, gaz)] == ["Hội An", "Duy Xuyên", "Đại Lộc"]


def test_source_tag_gives_the_province(gaz: Gazetteer) -> None:
    text = "(BĐ) - Sáng 22.4, Ban Tuyên giáo Tỉnh ủy tổ chức gặp mặt nguyên cán bộ của tỉnh."
    assert _names(text, gaz) == [("Bình Định", "tỉnh", "Bình Định")]


def test_two_communes_agreeing_name_their_district(gaz: Gazetteer) -> None:
    text = "Trên địa bàn có xã Cường Lợi đạt chuẩn nông thôn mới; xã Kim Lư đạt chuẩn nâng cao."
    assert _names(text, gaz) == [("Na Rì", "huyện", "Bắc Kạn")]


def test_unique_untyped_name_repeated(gaz: Gazetteer) -> None:
    assert _names("Thọ Xuân triển khai kế hoạch. Thọ Xuân phấn đấu hoàn thành.", gaz)[0][0] == "Thọ Xuân"


def test_post_reform_commune_keeps_its_old_district_and_province(gaz: Gazetteer) -> None:
    localities = find_localities(article("Xã Kim Lư và xã Cường Lợi tổ chức đại hội đảng bộ nhiệm kỳ mới."), gaz)
    assert localities[0].province == "Bắc Kạn"
    assert localities[0].province_2025 == "Thái Nguyên"


# A neighbour named in passing is not a locality, typed or not, in a list or alone.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sáng 5-4, huyện Mường Lát tổ chức hội nghị về biên giới. Huyện giáp tỉnh Sơn La và nước bạn Lào.",
            ["Mường Lát"],
        ),
        ("Sáng 5-4, tỉnh Thanh Hóa cùng với tỉnh bạn Nghệ An tổ chức hội nghị hợp tác du lịch.", ["Thanh Hóa"]),
        ("Sáng 5-4, huyện Thọ Xuân tiếp giáp với huyện Triệu Sơn tổ chức hội nghị về giao thông.", ["Thọ Xuân"]),
        ("Hội nghị của tỉnh Quảng Trị có các tỉnh giáp ranh Quảng Bình, Thừa Thiên Huế tham gia.", ["Quảng Trị"]),
        ("Tỉnh Cao Bằng giáp Lạng Sơn và Hà Giang, phát triển kinh tế cửa khẩu năm 2023.", ["Cao Bằng"]),
        ("Huyện Kỳ Sơn phối hợp với các huyện lân cận như Tương Dương tổ chức hội nghị năm 2023.", ["Kỳ Sơn"]),
    ],
)
def test_neighbour_in_passing(text: str, expected: list[str], gaz: Gazetteer) -> None:
    assert [name for name, _, _ in _names(f"date 2023-05-10\n{text}", gaz)] == expected


# The source's province, when the text names a province only inside an organisation or an abbreviation.
@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (
            "Sáng 5-4, Tỉnh ủy tổ chức hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15 về kinh tế - xã hội.",
            "https://baothanhhoa.vn/thoi-su/hoi-nghi-bch-dang-bo-tinh-123.htm",
            ["Thanh Hóa"],
        ),
        (
            "Chiều 5-4, HĐND TP tổ chức kỳ họp thứ 10 khóa X, xem xét các nghị quyết về kinh tế của thành phố.",
            "https://hochiminhcity.gov.vn/-/ky-hop-thu-10",
            ["Hồ Chí Minh"],
        ),
        (
            "(Cổng TTĐT TP) - Sáng 5-4, Thường trực Thành ủy làm việc với các sở, ngành về kinh tế - xã hội.",
            "https://hanoi.gov.vn/tin-tuc/thuong-truc-thanh-uy-lam-viec",
            ["Hà Nội"],
        ),
        (
            "Sáng 5-4, Tỉnh ủy tổ chức hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15 về kinh tế - xã hội.",
            "https://vnexpress.net/hoi-nghi-123.html",
            [],
        ),
    ],
)
def test_source_province_from_the_address(text: str, url: str, expected: list[str], gaz: Gazetteer) -> None:
    found = find_localities(dataclasses.replace(article(f"date 2023-05-10\n{text}"), url=url), gaz)
    assert [x.name for x in found] == expected


def test_named_province_wins_over_the_address(gaz: Gazetteer) -> None:
    text = "date 2023-05-10\nSáng 5-4, huyện Thọ Xuân tổ chức hội nghị tổng kết công tác năm 2022 của huyện."
    found = find_localities(dataclasses.replace(article(text), url="https://baonghean.vn/a-1.html"), gaz)
    assert [(x.name, x.province) for x in found] == [("Thọ Xuân", "Thanh Hóa")]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Sở Công Thương TPHCM báo cáo tình hình sản xuất.", True),
        ("Tại TP.HCM, hội nghị diễn ra sáng nay.", True),
        ("Hội nghị ở BR-VT bàn về du lịch biển.", True),
        ("Đoàn công tác tỉnh TT-Huế làm việc với huyện.", True),
        ("Mã hồ sơ XTPHCM-2024 được cấp trong ngày làm việc.", False),  # glued to a letter
        ("Trang web abc.TPHCM hiện đang bảo trì hệ thống.", False),  # after a dot
        ("Hệ thống TPHCMX hiện đang bảo trì toàn bộ dữ liệu.", False),  # a longer word
    ],
)
def test_an_everyday_name_is_found_only_as_a_whole_word(gaz: Gazetteer, *, text: str, named: bool) -> None:
    provinces = {loc.province for loc in find_localities(article(f"Tin tỉnh\n\n{text}"), gaz)}
    assert (bool(provinces & {"Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế", "Huế"})) is named


def test_an_everyday_name_may_start_with_a_sign() -> None:
    # An operator's places file may give any spelling: the regex takes each name literally.
    pattern = _names_re(("(HCM)", "TP.HCM", "BR-VT"))
    assert [m.group() for m in pattern.finditer("Tại (HCM), TP.HCM và BR-VT; xTP.HCM")] == ["(HCM)", "TP.HCM", "BR-VT"]
