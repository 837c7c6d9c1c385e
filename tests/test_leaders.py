"""Leaders: both title-name orders, elided units, bylines and place names that are not people."""

from __future__ import annotations

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
