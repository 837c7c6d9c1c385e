"""Key figures: number formats, units, qualifiers, ratios, labels and the traps that are not figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.extract.figures import find_figures, parse_number
from tests.conftest import article


def _figures(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in find_figures(article(text))]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Tốc độ tăng giá trị sản xuất đạt 16,6%.", 16.6, "%"),
        ("Tổng sản lượng lương thực đạt trên 70.000 tấn.", 70000, "tấn"),
        ("Thu ngân sách đạt hơn 6.500 tỷ đồng.", 6.5e12, "đồng"),
        ("Thu nhập bình quân đầu người đạt 55,9 triệu đồng.", 55.9e6, "đồng"),
        ("Tổng thu ngân sách nhà nước 563 tỷ 859 triệu đồng.", 563.859e9, "đồng"),
        ("Giá trị hàng xuất khẩu hơn 4,5 triệu USD.", 4.5e6, "USD"),
        ("Toàn xã có hơn 310ha chè.", 310, "ha"),
        ("Tổng diện tích gieo trồng ước 38.040,76 ha.", 38040.76, "ha"),
        ("Năng suất bình quân 62,41 tạ/ha.", 62.41, "tạ/ha"),
        ("Lượng khách ước đạt 2.383 nghìn lượt.", 2383000, "lượt"),
        ("Khám chữa bệnh được 102.133 lượt người.", 102133, "lượt người"),
        ("Đã kết nạp được 77 quần chúng ưu tú vào Đảng.", 77, "người"),
        ("Hỗ trợ 1.250 hộ nghèo sửa nhà.", 1250, "hộ"),
        ("Tổng đàn gia cầm có hơn 602.000 con.", 602000, "con"),
        ("Tỷ lệ thu gom đạt ≥ 95%.", 95, "%"),
    ],
)
def test_units_and_values(text: str, value: float, unit: str) -> None:
    assert any(abs(v - value) <= 1e-9 * max(1.0, value) and u == unit for v, u in _figures(text))


def test_ratio_keeps_its_total() -> None:
    (fig,) = find_figures(article("Huyện có 21/26 chỉ tiêu chủ yếu đạt kế hoạch."))
    assert (fig.value, fig.total, fig.unit) == (21, 26, "chỉ tiêu")
    assert fig.label.startswith("chỉ tiêu chủ yếu")


def test_ranking_with_total() -> None:
    (fig,) = find_figures(article("Chỉ số đổi mới sáng tạo năm 2024 xếp thứ 22/63 tỉnh thành."))
    assert (fig.value, fig.total, fig.unit) == (22, 63, "thứ hạng")


@pytest.mark.parametrize(
    ("text", "qualifier", "shown"),
    [
        ("Sản lượng đạt trên 70.000 tấn.", "trên", "trên 70.000 tấn"),
        ("Thu ngân sách ước đạt hơn 84 tỷ đồng.", "ước đạt hơn", "ước đạt hơn 84 tỷ đồng"),
        ("Có gần 500 hộ tham gia.", "gần", "gần 500 hộ"),
        ("Tỷ lệ đạt từ 90% trở lên.", "từ", "từ 90%"),
    ],
)
def test_qualifiers(text: str, qualifier: str, shown: str) -> None:
    (fig,) = find_figures(article(text))
    assert fig.qualifier == qualifier
    assert fig.text == shown


def test_a_direction_is_not_a_qualifier() -> None:
    (fig,) = find_figures(article("Tỷ lệ hộ nghèo giảm 0,5%."))
    assert (fig.qualifier, fig.change, fig.text) == (None, "giảm", "0,5%")


def test_labels_say_what_was_measured() -> None:
    figs = find_figures(article("Tổng sản lượng lương thực có hạt đạt trên 70.000 tấn, cao nhất từ trước đến nay."))
    assert figs[0].label == "tổng sản lượng lương thực có hạt"


def test_a_percent_right_after_a_figure_inherits_its_label() -> None:
    figs = find_figures(article("Sản lượng chè ước đạt hơn 47.400 tấn, bằng 100% kế hoạch và bằng 105% cùng kỳ."))
    assert [f.value for f in figs] == [47400, 100, 105]
    assert figs[1].label == "sản lượng chè (so với kế hoạch)"
    assert figs[2].label == "sản lượng chè (so với cùng kỳ)"


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12, khoá XXVII, nhiệm kỳ 2020-2025.",
        "Thực hiện Nghị quyết số 10-NQ/TU của Ban Thường vụ Tỉnh ủy về phát triển huyện đến năm 2030.",
        "Dịch bệnh COVID-19 diễn biến phức tạp; tiêm vắc xin cho trẻ em từ 5-12 tuổi.",
        "Độ bao phủ mũi 3 tiếp tục tăng trong quý 2 năm 2022.",
        "Kỷ niệm 75 năm Ngày Bác Hồ về thăm; thi học sinh giỏi lớp 9.",
        "Tính đến tháng 6/2024, kỳ họp thứ 16 đã thông qua 13 nghị quyết.",
        "Ngày 5/12, ban hành chỉ thị 35 và NQ 11 ngày 7/12/2018.",
        "Mọi phản ánh xin gọi số 0237 3721150 của đường dây nóng.",
        "Huy hiệu 30 năm tuổi Đảng; 9 tháng đầu năm; 3 tháng cuối năm.",
        "Cụm thi đua 9 huyện, thị xã, thành phố đồng bằng.",
        "Phấn đấu hoàn thành vào tháng 12.2025 và quý III/2025.",
        "Trường hợp 1 trường hợp được xem xét.",
    ],
)
def test_things_that_are_not_figures(text: str) -> None:
    assert _figures(text) == []


def test_a_year_like_amount_is_still_money() -> None:
    assert _figures("Giá trị sản xuất nông nghiệp ước đạt 2.025 tỷ đồng.") == [(2_025_000_000_000.0, "đồng")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("70.000", 70000), ("16,6", 16.6), ("14.759,03", 14759.03), ("0,5", 0.5), ("1.234.567", 1234567), ("7", 7)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["12.2025", "30.4.1975", "1,234.5", "1.23", ""])
def test_parse_number_rejects_other_formats(text: str) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_parse_number_round_trips_vietnamese_format(whole: int, cents: int) -> None:
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert parse_number(text) == pytest.approx(whole + cents / 100)
