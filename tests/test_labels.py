"""Figure labels: the noun phrase each number measures, by the ways Vietnamese reports write it.

Each class has its own small cases (places, crops and sectors from across the country), written before the
rule: the measure before its verb, after a percentage or a count, a coordinated measure with commas inside,
a list sharing one head, comparisons and periods kept, changes measured as changes, long phrases cut only
between words, and never an empty label.
"""

from __future__ import annotations

import pytest

from digest.extract.figures import find_figures
from digest.models import Figure
from digest.render import figure_text
from tests.conftest import article


def _labels(text: str) -> list[str]:
    return [f.label for f in find_figures(article(text))]


def _figures(text: str) -> list[Figure]:
    return list(find_figures(article(text)))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.250 tỷ đồng.", "tổng thu ngân sách nhà nước trên địa bàn"),
        ("Thu nhập bình quân đầu người của tỉnh đạt 75 triệu đồng.", "thu nhập bình quân đầu người của tỉnh"),
        ("Kim ngạch xuất khẩu ước tính đạt 1,2 tỷ USD.", "kim ngạch xuất khẩu"),
        ("Tổng đàn gia súc hiện có 45.000 con.", "tổng đàn gia súc"),
        ("Tỷ lệ che phủ rừng đạt 58%.", "tỷ lệ che phủ rừng"),
        ("Hiện nay, tỷ lệ người dân tham gia bảo hiểm y tế đạt 93,5%.", "tỷ lệ người dân tham gia bảo hiểm y tế"),
        ("Sản lượng thủy sản khai thác là 48.500 tấn.", "sản lượng thủy sản khai thác"),
        ("Năng suất lúa bình quân ước thực hiện 62,4 tạ/ha.", "năng suất lúa bình quân"),
        ("Doanh thu du lịch đạt cao, trên 3.200 tỷ đồng.", "doanh thu du lịch"),
        ("Tổng vốn đầu tư toàn xã hội đã đạt được 5.600 tỷ đồng.", "tổng vốn đầu tư toàn xã hội"),
    ],
)
def test_the_measure_before_its_verb(text: str, label: str) -> None:
    assert _labels(text)[0] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Giá trị sản xuất nông, lâm nghiệp và thủy sản ước đạt 4.598 tỷ đồng.",
            "giá trị sản xuất nông, lâm nghiệp và thủy sản",
        ),
        (
            "Giá trị sản xuất ngành công nghiệp, xây dựng, dịch vụ đạt 3.120 tỷ đồng.",
            "giá trị sản xuất ngành công nghiệp, xây dựng, dịch vụ",
        ),
        (
            "Sau sáp nhập, doanh thu dịch vụ lưu trú, ăn uống và lữ hành đạt khoảng 980 tỷ đồng.",
            "doanh thu dịch vụ lưu trú, ăn uống và lữ hành",
        ),
        (
            "Diện tích sản xuất nông nghiệp công nghệ cao, chất lượng cao đạt khoảng 50ha.",
            "diện tích sản xuất nông nghiệp công nghệ cao, chất lượng cao",
        ),
    ],
)
def test_a_coordinated_measure_keeps_every_member(text: str, label: str) -> None:
    assert _labels(text)[0] == label


def test_a_clause_before_a_comma_is_not_part_of_the_measure() -> None:
    text = "Cơ cấu kinh tế chuyển dịch đúng hướng, thương mại - dịch vụ chiếm 61,3% tỷ trọng."
    assert _labels(text) == ["tỷ trọng thương mại - dịch vụ"]


def test_the_words_after_a_figure_belong_to_it_not_to_the_next() -> None:
    text = "Chỉ số PCI xếp thứ 12/63 tỉnh, thành phố, thu nhập bình quân đầu người đạt 80 triệu đồng."
    assert _labels(text)[1] == "thu nhập bình quân đầu người"


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "Giá trị sản xuất nông, lâm nghiệp và thủy sản ước đạt 4.598 tỷ đồng, tăng 5,2% so với cùng kỳ.",
            [
                "giá trị sản xuất nông, lâm nghiệp và thủy sản",
                "tốc độ tăng giá trị sản xuất nông, lâm nghiệp và thủy sản (so với cùng kỳ)",
            ],
        ),
        (
            "Sản lượng chè búp tươi đạt 47.400 tấn, bằng 100% kế hoạch và bằng 105% cùng kỳ.",
            [
                "sản lượng chè búp tươi",
                "sản lượng chè búp tươi (so với kế hoạch)",
                "sản lượng chè búp tươi (so với cùng kỳ)",
            ],
        ),
        (
            "Tổng giá trị sản xuất đạt 14.759 tỷ đồng; trong đó, ngành nông nghiệp đạt 4.598 tỷ đồng, "
            "ngành công nghiệp - xây dựng đạt 5.395 tỷ đồng.",
            [
                "tổng giá trị sản xuất",
                "tổng giá trị sản xuất ngành nông nghiệp",
                "tổng giá trị sản xuất ngành công nghiệp - xây dựng",
            ],
        ),
        (
            "Sản lượng lúa đạt 42.000 tấn, ngô 5.300 tấn, khoai lang 1.200 tấn.",
            ["sản lượng lúa", "sản lượng ngô", "sản lượng khoai lang"],
        ),
        (
            "Độ bao phủ mũi 1 đạt 99,5%, mũi 2 đạt 98,7%, mũi 3 đạt 90,1%.",
            ["độ bao phủ mũi 1", "độ bao phủ mũi 2", "độ bao phủ mũi 3"],
        ),
        (
            "Một số địa phương có năng suất lúa bình quân cao như Yên Thành (68 tạ/ha), Diễn Châu (65,5 tạ/ha).",
            ["năng suất lúa bình quân Yên Thành", "năng suất lúa bình quân Diễn Châu"],
        ),
        (
            "Các cây trồng chủ lực được mở rộng: cà phê đạt 12.400ha, hồ tiêu 3.100ha, cao su 850ha.",
            ["diện tích cà phê", "diện tích hồ tiêu", "diện tích cao su"],
        ),
        (
            "Toàn xã có hơn 310ha chè. Trong đó, 175ha đã cho thu hoạch.",
            ["diện tích chè toàn xã", "diện tích chè đã cho thu hoạch"],
        ),
        (
            "Công nghiệp – xây dựng đạt gần 88 tỷ đồng; thương mại – dịch vụ đạt 120 tỷ đồng.",
            ["giá trị công nghiệp – xây dựng", "giá trị thương mại – dịch vụ"],
        ),
    ],
)
def test_a_list_shares_its_head(text: str, labels: list[str]) -> None:
    assert _labels(text) == labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Toàn huyện có 100% xã đạt chuẩn nông thôn mới.", "tỷ lệ xã đạt chuẩn nông thôn mới toàn huyện"),
        (
            "Toàn đặc khu có 96,1% hộ đạt danh hiệu gia đình văn hóa.",
            "tỷ lệ hộ đạt danh hiệu gia đình văn hóa toàn đặc khu",
        ),
        ("Năm nay 100% gia đình, thôn đạt danh hiệu văn hóa.", "tỷ lệ gia đình, thôn đạt danh hiệu văn hóa"),
        (
            "Sản lượng lương thực đạt 136.000 tấn, trên 95% diện tích lúa chất lượng cao.",
            "tỷ lệ diện tích lúa chất lượng cao",
        ),
        ("Thu ngân sách đạt 100% kế hoạch thu ngân sách năm.", "thu ngân sách (so với kế hoạch)"),
        ("Khu vực dịch vụ chiếm 45,2% tỷ trọng nền kinh tế.", "tỷ trọng nền kinh tế khu vực dịch vụ"),
    ],
)
def test_what_a_percentage_is_of(text: str, label: str) -> None:
    assert _labels(text)[-1] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Năm nay xây dựng 1 xã đạt chuẩn nông thôn mới nâng cao (xã Hưng Lộc).",
            "xã đạt chuẩn nông thôn mới nâng cao (xã Hưng Lộc)",
        ),
        ("Trong năm, xã đã thành lập mới 25 doanh nghiệp.", "doanh nghiệp thành lập mới"),
        ("Đại hội đã thông qua 15 chỉ tiêu chủ yếu và ba đột phá chiến lược.", "chỉ tiêu chủ yếu thông qua"),
        ("Về giáo dục, vẫn còn thiếu 3 trường đạt chuẩn quốc gia.", "trường đạt chuẩn quốc gia còn thiếu (giáo dục)"),
        ("Huyện có 21/26 chỉ tiêu chủ yếu đạt và vượt kế hoạch.", "chỉ tiêu chủ yếu đạt và vượt kế hoạch"),
        ("Xã có 12/19 tiêu chí đạt chuẩn.", "tiêu chí đạt chuẩn"),
        ("Với mục tiêu đào tạo được 7.500 nhân lực chất lượng cao.", "mục tiêu đào tạo nhân lực chất lượng cao"),
        ("Toàn phường có 1.868 doanh nghiệp và 1.821 hộ kinh doanh.", "doanh nghiệp toàn phường"),
        ("Tỉnh đã hoàn thiện hồ sơ sáp nhập 43 thôn, khu phố.", "thôn, khu phố hoàn thiện hồ sơ sáp nhập"),
    ],
)
def test_what_a_count_counts(text: str, label: str) -> None:
    assert _labels(text)[0] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Thu ngân sách đạt 320 tỷ đồng, bằng 132% dự toán tỉnh giao.", "thu ngân sách (so với dự toán tỉnh giao)"),
        (
            "Tổng thu ngân sách đạt 540 tỷ đồng, bằng 292,9% kế hoạch tỉnh giao.",
            "tổng thu ngân sách (so với kế hoạch tỉnh giao)",
        ),
        (
            "Chỉ số sản xuất công nghiệp tăng 5% so với năm 2024.",
            "tốc độ tăng chỉ số sản xuất công nghiệp (so với năm 2024)",
        ),
        ("Thu ngân sách đạt 84 tỷ đồng (đạt 100% chỉ tiêu nghị quyết).", "thu ngân sách (so với chỉ tiêu nghị quyết)"),
        (
            "Giải ngân vốn đầu tư công đạt 1.850 tỷ đồng, đạt 98,2% kế hoạch vốn giao.",
            "giải ngân vốn đầu tư công (so với kế hoạch vốn giao)",
        ),
    ],
)
def test_the_comparison_is_kept(text: str, label: str) -> None:
    assert _labels(text)[-1] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "6 tháng đầu năm 2024, tổng mức bán lẻ hàng hóa đạt 12.500 tỷ đồng.",
            "tổng mức bán lẻ hàng hóa (6 tháng đầu năm 2024)",
        ),
        ("Năm 2025, thu nhập bình quân đầu người ước đạt 68 triệu đồng.", "thu nhập bình quân đầu người (năm 2025)"),
        ("Đến năm 2030, tỷ lệ đô thị hóa đạt 45%.", "tỷ lệ đô thị hóa (đến năm 2030)"),
        ("Tổng thu ngân sách 4 tháng đầu năm 2022 đạt 300 tỷ đồng.", "tổng thu ngân sách 4 tháng đầu năm 2022"),
        (
            "GRDP bình quân đầu người tăng từ 58 triệu đồng năm 2020 lên 68 triệu đồng năm 2025.",
            "GRDP bình quân đầu người (năm 2025)",
        ),
    ],
)
def test_the_period_is_kept(text: str, label: str) -> None:
    assert _labels(text)[-1] == label


@pytest.mark.parametrize(
    ("text", "label", "change"),
    [
        ("Tỷ lệ hộ nghèo giảm 1,2%.", "mức giảm tỷ lệ hộ nghèo", "giảm"),
        ("Tỷ lệ hộ nghèo đa chiều giảm còn 2,4%.", "tỷ lệ hộ nghèo đa chiều", "giảm còn"),
        ("Hộ cận nghèo còn 2,22%.", "tỷ lệ hộ cận nghèo", None),
        ("Tổng mức bán lẻ tăng 15% so với cùng kỳ.", "tốc độ tăng tổng mức bán lẻ (so với cùng kỳ)", "tăng"),
        ("Giá trị sản xuất tăng bình quân 12%/năm.", "tốc độ tăng giá trị sản xuất", "tăng"),
        ("Thu nhập tăng 6 triệu đồng so với năm 2024.", "mức tăng thu nhập (so với năm 2024)", "tăng"),
        ("Thu ngân sách đạt 209 tỷ đồng, vượt 32% kế hoạch.", "thu ngân sách (so với kế hoạch)", "vượt"),
        ("Thu ngân sách tăng 133,3% dự toán tỉnh giao.", "thu ngân sách (so với dự toán tỉnh giao)", "tăng"),
        ("Số hộ nghèo giảm còn 1.205 hộ.", "số hộ nghèo", "giảm còn"),
        ("Kinh tế tăng trưởng 8,2%.", "tốc độ tăng trưởng kinh tế", "tăng trưởng"),
    ],
)
def test_a_change_keeps_its_direction(text: str, label: str, change: str | None) -> None:
    figure = _figures(text)[-1]
    assert (figure.label, figure.change) == (label, change)


def test_growth_of_the_economy_is_a_rate() -> None:
    assert _labels("Mục tiêu GRDP trên 12,5% được đặt lên hàng đầu.") == ["mục tiêu tốc độ tăng trưởng GRDP"]


@pytest.mark.parametrize(
    "text",
    [
        "Theo báo cáo của Ban Chấp hành Đảng bộ tỉnh tại kỳ họp thường lệ cuối năm của Hội đồng nhân dân tỉnh khóa "
        "mới, tổng giá trị sản phẩm trên địa bàn theo giá so sánh của toàn tỉnh trong năm qua đạt 39.000 tỷ đồng.",
        "Đại hội xác định mục tiêu nâng cao tốc độ tăng tổng giá trị sản phẩm trên địa bàn bình quân hằng năm "
        "của thành phố trong cả nhiệm kỳ tới đạt từ 20% trở lên.",
    ],
)
def test_a_long_measure_is_cut_between_words_before_a_preposition(text: str) -> None:
    (label,) = _labels(text)
    assert label.split()[-1] not in {"của", "trên", "trong", "và", "bình", "giá"}
    assert len(label.split()) <= 14
    assert label in text.lower() or label in text


@pytest.mark.parametrize(
    "text",
    [
        "Đạt 1.200 tỷ đồng.",
        "Có 45 hộ.",
        "Đạt 95%.",
        "Trên 300ha.",
        "(50 tấn)",
    ],
)
def test_a_key_figure_always_has_a_label(text: str) -> None:
    assert all(label.strip() for label in _labels(text))


def test_an_abbreviation_in_parentheses_stays_in_the_measure() -> None:
    text = "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2024 xếp thứ 12/63 tỉnh, thành phố."
    assert _labels(text) == ["chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2024"]


def test_a_paragraph_s_capital_is_not_the_label_s() -> None:
    assert _labels("Sản lượng lúa đạt 42.000 tấn.") == ["sản lượng lúa"]
    assert _labels("Hà Tĩnh có 1.200 doanh nghiệp mới.")[0] == "doanh nghiệp mới Hà Tĩnh"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "Giá trị sản xuất nông, lâm nghiệp và thủy sản đạt 4.598,03 tỷ đồng.",
            "Giá trị sản xuất nông, lâm nghiệp và thủy sản: 4.598,03 tỷ đồng",
        ),
        ("Tỷ lệ hộ nghèo đa chiều giảm còn 2,4%.", "Tỷ lệ hộ nghèo đa chiều: giảm còn 2,4%"),
        ("Tỷ lệ hộ nghèo giảm 0,5%.", "Mức giảm tỷ lệ hộ nghèo: 0,5%"),
        ("Thu ngân sách vượt 32% kế hoạch.", "Thu ngân sách (so với kế hoạch): vượt 32%"),
    ],
)
def test_the_digest_reads_label_then_figure(text: str, shown: str) -> None:
    assert figure_text(_figures(text)[-1]) == shown
