"""Leaders: both title-name orders, elided units, bylines and place names that are not people."""

from __future__ import annotations

import pytest

from digest.extract.leaders import find_leaders
from digest.extract.locality import find_localities
from digest.gazetteer import Gazetteer
from tests.conftest import article


def _leaders(text: str, gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    a = article(text)
    return {leader.name: leader.titles for leader in find_leaders(a, gaz, find_localities(a, gaz))}


def test_name_then_titles(gaz: Gazetteer) -> None:
    found = _leaders(
        "Phát biểu tại hội nghị, đồng chí Lê Đình Hải, Bí thư Huyện ủy, Chủ tịch HĐND huyện Thọ Xuân"
        " nhấn mạnh nhiệm vụ năm 2024.",
        gaz,
    )
    assert found == {"Lê Đình Hải": ("Bí thư Huyện ủy Thọ Xuân", "Chủ tịch HĐND huyện Thọ Xuân")}


def test_title_then_name_without_comma(gaz: Gazetteer) -> None:
    found = _leaders("Chủ tịch UBND huyện Lê Văn Tiến phát biểu tại hội nghị của huyện Vĩnh Lộc năm 2021.", gaz)
    assert found == {"Lê Văn Tiến": ("Chủ tịch UBND huyện Vĩnh Lộc",)}


def test_several_titles_before_the_name(gaz: Gazetteer) -> None:
    found = _leaders("Đồng chí Bí thư Tỉnh uỷ, Chủ tịch HĐND tỉnh Trịnh Văn Chiến nhấn mạnh hai nội dung lớn.", gaz)
    assert list(found) == ["Trịnh Văn Chiến"]
    assert len(found["Trịnh Văn Chiến"]) == 2


def test_dash_separated_list(gaz: Gazetteer) -> None:
    found = _leaders(
        "Dự có các đồng chí: Hồ Quốc Dũng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy; "
        "Huỳnh Thúy Vân - Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh.",
        gaz,
    )
    assert set(found) == {"Hồ Quốc Dũng", "Huỳnh Thúy Vân"}
    assert found["Hồ Quốc Dũng"][0] == "Ủy viên Trung ương Đảng"


def test_place_name_before_the_person_is_split_off(gaz: Gazetteer) -> None:
    found = _leaders("Bí thư Huyện ủy Thọ Xuân Lê Đình Hải kết luận hội nghị tổng kết năm 2023.", gaz)
    assert list(found) == ["Lê Đình Hải"]


def test_surname_that_is_a_place_syllable(gaz: Gazetteer) -> None:
    found = _leaders("Đồng chí Hà Hải Dương, Bí thư Huyện ủy Tiên Yên, nhấn mạnh việc sáp nhập thôn.", gaz)
    assert list(found) == ["Hà Hải Dương"]


def test_byline_is_never_a_leader(gaz: Gazetteer) -> None:
    text = "Chiều 29/12, đồng chí Lê Đình Hải, Bí thư Huyện ủy Thọ Xuân dự hội nghị năm 2023.\n\nLê Hải (CTV)"
    assert list(_leaders(text, gaz)) == ["Lê Đình Hải"]


def test_people_without_office_are_not_leaders(gaz: Gazetteer) -> None:
    text = "Lãnh đạo huyện trao Huy hiệu 30 năm tuổi Đảng cho các đồng chí: Sùng Mí Thề, Chi bộ Văn phòng UBND huyện."
    assert _leaders(text, gaz) == {}


def test_coreference_without_a_name_is_not_a_leader(gaz: Gazetteer) -> None:
    assert _leaders("Bí thư Huyện uỷ đề nghị UBND huyện rà soát, đối chiếu các chỉ tiêu được giao năm 2024.", gaz) == {}


# Lists of those present: "Dự ... có các đồng chí:", "Về dự có:", each title after its name.
def test_list_with_glued_dashes(gaz: Gazetteer) -> None:
    found = _leaders(
        "Dự hội nghị có các đồng chí: Nguyễn Văn Bình-Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy;"
        " Lê Thị Hoa-Tỉnh ủy viên, Giám đốc Sở Tài chính.",
        gaz,
    )
    assert found["Nguyễn Văn Bình"] == ("Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tuyên giáo Tỉnh ủy")
    assert found["Lê Thị Hoa"] == ("Tỉnh ủy viên", "Giám đốc Sở Tài chính")


def test_list_after_ve_du_co(gaz: Gazetteer) -> None:
    found = _leaders(
        "Về dự có: đồng chí Trần Văn Nam, Phó Bí thư Thường trực Tỉnh ủy; đồng chí Phạm Thị Lan, Phó Chủ tịch UBND"
        " tỉnh Thanh Hóa.",
        gaz,
    )
    assert found == {
        "Trần Văn Nam": ("Phó Bí thư Thường trực Tỉnh ủy Thanh Hóa",),
        "Phạm Thị Lan": ("Phó Chủ tịch UBND tỉnh Thanh Hóa",),
    }


def test_list_with_spaced_dashes(gaz: Gazetteer) -> None:
    found = _leaders(
        "Các đại biểu dự hội nghị: Nguyễn Văn Thi – Phó Bí thư Tỉnh ủy; Lê Tiến Lam – Phó Chủ tịch UBND tỉnh"
        " Thanh Hóa.",
        gaz,
    )
    assert set(found) == {"Nguyễn Văn Thi", "Lê Tiến Lam"}


def test_list_of_names_joined_by_va(gaz: Gazetteer) -> None:
    found = _leaders(
        "Ông Lò Văn Mừng, Chủ tịch UBND tỉnh Điện Biên, và ông Mùa A Sơn, Phó Chủ tịch UBND tỉnh tham dự.", gaz
    )
    assert found == {
        "Lò Văn Mừng": ("Chủ tịch UBND tỉnh Điện Biên",),
        "Mùa A Sơn": ("Phó Chủ tịch UBND tỉnh Điện Biên",),
    }


# Names outside the Kinh pattern, with apostrophes, of four or five words.
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Đồng chí Y Khoa Niê, Phó Chủ tịch UBND tỉnh Đắk Lắk phát biểu tại hội nghị.", "Y Khoa Niê"),
        ("Bà H’Linh Mlô, Phó Chủ tịch HĐND tỉnh Đắk Lắk chủ trì hội nghị.", "H’Linh Mlô"),
        ("Phó Chủ tịch HĐND tỉnh H'Yim Kđoh phát biểu tại kỳ họp ở tỉnh Đắk Lắk.", "H'Yim Kđoh"),
        ("Bí thư Huyện ủy Y Thanh Hà Niê Kđăm kiểm tra tiến độ tại huyện Krông Pắc.", "Y Thanh Hà Niê Kđăm"),
        ("Ông Ksor Hơ, Bí thư Huyện ủy Ia Pa cho biết huyện đã hoàn thành chỉ tiêu.", "Ksor Hơ"),
        ("Đồng chí Rơ Lan Hia, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện Ia Grai phát biểu.", "Rơ Lan Hia"),
        ("Chủ tịch UBND huyện Rah Lan Chung kiểm tra công trình ở huyện Chư Prông.", "Rah Lan Chung"),
        ("Đồng chí Sùng A Dìa, Chủ tịch UBND huyện Mù Cang Chải kiểm tra tiến độ.", "Sùng A Dìa"),
        ("Chủ tịch UBND xã Giàng A Chu cho biết xã Mường Nhé, tỉnh Điện Biên đã hoàn thành.", "Giàng A Chu"),
        ("Ông A Pổ, Chủ tịch UBND xã Mường Nhé phát biểu tại tỉnh Điện Biên.", "A Pổ"),
        ("Bà Tôn Nữ Thị Hoa, Phó Chủ tịch UBND thành phố Huế phát biểu.", "Tôn Nữ Thị Hoa"),
        ("Chị Nguyễn Hoàng Anh Thư, Bí thư Huyện đoàn Thọ Xuân phát biểu.", "Nguyễn Hoàng Anh Thư"),
        ("Phó Chủ tịch UBND tỉnh Đầu Thanh Tùng phát biểu tại hội nghị ở Thanh Hóa.", "Đầu Thanh Tùng"),
        ("Giám đốc Sở Nội vụ Khuất Văn Thành báo cáo tại hội nghị ở Thanh Hóa.", "Khuất Văn Thành"),
        ("Chủ tịch UBND huyện Chau Sóc Khăm làm việc với xã ở tỉnh An Giang.", "Chau Sóc Khăm"),
    ],
)
def test_names_of_every_people(gaz: Gazetteer, text: str, name: str) -> None:
    assert list(_leaders(text, gaz)) == [name]


# A name in the headline, with its office after a verb.
@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Ông Trần Văn Nam tái cử chức Bí thư Huyện ủy Thọ Xuân", "Trần Văn Nam", "Bí thư Huyện ủy Thọ Xuân"),
        ("Bà Lê Thị Hoa được bầu giữ chức Chủ tịch UBND huyện Vĩnh Lộc", "Lê Thị Hoa", "Chủ tịch UBND huyện Vĩnh Lộc"),
        (
            "Đồng chí Phạm Văn Hùng được bầu làm Bí thư Đảng ủy xã Yên Phong",
            "Phạm Văn Hùng",
            "Bí thư Đảng ủy xã Yên Phong",
        ),
        (
            "Ông Đỗ Minh Tuấn giữ chức Giám đốc Sở Tài chính Thanh Hóa",
            "Đỗ Minh Tuấn",
            "Giám đốc Sở Tài chính Thanh Hóa",
        ),
    ],
)
def test_name_in_the_headline(gaz: Gazetteer, text: str, name: str, title: str) -> None:
    found = _leaders(f"{text}\n\nHội nghị diễn ra tại hội trường, với sự tham dự của nhiều đại biểu năm 2024.", gaz)
    assert found == {name: (title,)}


# Former officials are leaders, with "nguyên" as written.
def test_former_official_after_the_name(gaz: Gazetteer) -> None:
    found = _leaders(
        "Tham dự có đồng chí Nguyễn Xuân Phúc, nguyên Thủ tướng Chính phủ; đồng chí Lê Văn Bình, nguyên Bí thư Tỉnh"
        " ủy Thanh Hóa.",
        gaz,
    )
    assert found == {
        "Nguyễn Xuân Phúc": ("nguyên Thủ tướng Chính phủ",),
        "Lê Văn Bình": ("nguyên Bí thư Tỉnh ủy Thanh Hóa",),
    }


def test_former_official_before_the_name(gaz: Gazetteer) -> None:
    found = _leaders("Nguyên Phó Thủ tướng Vũ Đức Đam dự lễ khai mạc tại tỉnh Thanh Hóa.", gaz)
    assert found == {"Vũ Đức Đam": ("nguyên Phó Thủ tướng",)}


# Traps: a fragment of a title, a photographer, a byline.
def test_fragment_of_a_title_is_not_a_name(gaz: Gazetteer) -> None:
    found = _leaders(
        "Đồng chí Lê Văn Bình, Chủ tịch UBND tỉnh, Phó Chủ tịch HĐND tỉnh Thanh Hóa phát biểu tại hội nghị.", gaz
    )
    assert list(found) == ["Lê Văn Bình"]


def test_photographer_is_not_a_leader(gaz: Gazetteer) -> None:
    text = (
        "Đồng chí Đỗ Minh Tuấn, Phó Chủ tịch UBND tỉnh Thanh Hóa phát biểu tại hội nghị năm 2023.\n\n"
        "Phó Chủ tịch UBND tỉnh phát biểu tại hội nghị. Ảnh: Hoàng Hải\n\nẢnh: H.H"
    )
    assert list(_leaders(text, gaz)) == ["Đỗ Minh Tuấn"]


# Post-reform units, completed from the article's locality.
@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "Phó Chủ tịch UBND phường Nguyễn Thị Mai cho biết, phường Vĩnh Yên, tỉnh Phú Thọ đã hoàn thành năm 2025.",
            "Nguyễn Thị Mai",
            "Phó Chủ tịch UBND phường Vĩnh Yên",
        ),
        (
            "Ngày 5-8-2025, xã Yên Phong, tỉnh Bắc Ninh tổ chức đại hội. Đồng chí Nguyễn Văn Hùng, Bí thư Đảng ủy xã"
            " phát biểu.",
            "Nguyễn Văn Hùng",
            "Bí thư Đảng ủy xã Yên Phong",
        ),
        (
            "Ngày 10-8-2025, đặc khu Phú Quốc, tỉnh An Giang tổ chức hội nghị. Đồng chí Lê Văn Sơn, Bí thư Đặc khu ủy"
            " chủ trì.",
            "Lê Văn Sơn",
            "Bí thư Đặc khu ủy Phú Quốc",
        ),
    ],
)
def test_post_reform_titles_completed(gaz: Gazetteer, text: str, name: str, title: str) -> None:
    assert _leaders(f"date 2025-09-15\n{text}", gaz) == {name: (title,)}


def test_person_a_commune_is_named_after(gaz: Gazetteer) -> None:
    """ "Nguyễn Văn Linh" is also a commune of Hưng Yên: after "Đồng chí", before an office, it is the person."""
    found = _leaders(
        "date 2025-12-20\nĐồng chí Nguyễn Văn Linh – Phó Bí thư Thường trực Đảng ủy xã thông qua báo cáo tại hội nghị"
        " của xã Sơn Hồng, tỉnh Hà Tĩnh.",
        gaz,
    )
    assert found == {"Nguyễn Văn Linh": ("Phó Bí thư Thường trực Đảng ủy xã Sơn Hồng",)}


def test_commune_named_after_a_person_is_a_place(gaz: Gazetteer) -> None:
    found = _leaders("date 2025-12-20\nUBND xã Nguyễn Văn Linh, Chủ tịch UBND tỉnh Hưng Yên dự lễ khởi công.", gaz)
    assert "Nguyễn Văn Linh" not in found


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Đồng chí Lê Thị Hoa, Trưởng Ban Văn hóa – xã hội HĐND tỉnh Thanh Hóa phát biểu.",
            "Trưởng Ban Văn hóa – xã hội HĐND tỉnh Thanh Hóa",
        ),
        (
            "Đồng chí Lê Thị Hoa, Giám đốc Sở Lao động – Thương binh và Xã hội tỉnh Thanh Hóa phát biểu.",
            "Giám đốc Sở Lao động – Thương binh và Xã hội tỉnh Thanh Hóa",
        ),
        (
            "Bà Lê Thị Hoa, Trưởng Ban Tiếp công dân tỉnh Thanh Hóa phát biểu.",
            "Trưởng Ban Tiếp công dân tỉnh Thanh Hóa",
        ),
        ("Ông Lê Văn Bình, Bí thư huyện đoàn Thọ Xuân phát biểu.", "Bí thư huyện đoàn Thọ Xuân"),
        (
            "Ông Lê Văn Bình, Chủ tịch UBND thị xã Bỉm Sơn cho biết thị xã đã hoàn thành.",
            "Chủ tịch UBND thị xã Bỉm Sơn",
        ),
    ],
)
def test_title_goes_on_over_a_body_name(gaz: Gazetteer, text: str, title: str) -> None:
    assert list(_leaders(text, gaz).values()) == [(title,)]


def test_dash_pairs_each_name_with_the_title_after_it(gaz: Gazetteer) -> None:
    found = _leaders("Dự có Hồ Quốc Dũng - Bí thư Tỉnh ủy - Nguyễn Văn Bình - Phó Bí thư Tỉnh ủy Bình Định.", gaz)
    assert found == {
        "Hồ Quốc Dũng": ("Bí thư Tỉnh ủy Bình Định",),
        "Nguyễn Văn Bình": ("Phó Bí thư Tỉnh ủy Bình Định",),
    }
