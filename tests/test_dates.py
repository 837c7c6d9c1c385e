"""Event dates: each Vietnamese date style, year inference, and what is not an event date."""

from __future__ import annotations

import pytest

from digest.extract.dates import context_year, find_event_date
from tests.conftest import article


def _date(text: str) -> str | None:
    found = find_event_date(article(text))
    return found.day.isoformat() if found else None


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Sáng 5-4, Huyện ủy tổ chức hội nghị đánh giá tình hình quý I năm 2022.", "2022-04-05"),
        ("Chiều 29/12, UBND huyện tổ chức hội nghị triển khai nhiệm vụ năm 2023.", "2023-12-29"),
        ("Ngày 22-12, Huyện ủy tổ chức hội nghị tổng kết công tác năm 2021.", "2021-12-22"),
        ("Ngày 9/3/2021, đoàn công tác của tỉnh làm việc với huyện.", "2021-03-09"),
        ("Ngày 17.2.2025, Ban Thường vụ Tỉnh ủy ban hành chương trình hành động.", "2025-02-17"),
        ("Tối 1-5, tại quảng trường trung tâm diễn ra chương trình nghệ thuật năm 2023.", "2023-05-01"),
        ("Sáng ngày 14/8, tại TP. Hội An, cụm thi đua sơ kết 6 tháng đầu năm 2024.", "2024-08-14"),
        ("Sáng thứ Hai (5/4), tỉnh tổ chức hội nghị sơ kết quý I/2021.", "2021-04-05"),
        ("Ngày 24 tháng 3 năm 2023, UBND huyện tổ chức lễ ra quân.", "2023-03-24"),
        (
            "(BĐ) - Nhân kỷ niệm 50 năm (30.4.1975 - 30.4.2025), sáng 22.4, Ban Tuyên giáo tổ chức gặp mặt.",
            "2025-04-22",
        ),
        ("Ngàỳ 6-12, Hùỵện ủý tổ chức hội nghị tổng kết năm 2024.", "2024-12-06"),
    ],
)
def test_lead_day_styles(lead: str, expected: str) -> None:
    assert _date(lead) == expected


def test_year_comes_from_the_published_month() -> None:
    assert (
        _date(" date 2024-01 Tiêu đề bài\n\nChiều 29/12, huyện tổng kết năm qua và triển khai năm mới.") == "2023-12-29"
    )
    assert _date(" date 2021-12 Tiêu đề bài\n\nNgày 22-12, huyện tổng kết năm 2020 và kế hoạch 2022.") == "2021-12-22"


def test_year_never_follows_publication() -> None:
    found = find_event_date(article(" date 2023-02 Tiêu đề\n\nNgày 10-3, hội nghị diễn ra, theo kế hoạch năm 2023."))
    assert found is not None
    assert found.day.year == 2022


def test_page_clock_is_not_the_event_date() -> None:
    text = (
        "Tất cả chuyên mục\nThứ Hai, 25/11/2024 21:16 (GMT +7)\nTiêu đề bài viết về huyện\n"
        "Thứ 3, 24/05/2022 | 09:02:45 [GMT +7] A A\nCác địa phương trong tỉnh triển khai nghị quyết năm 2022."
    )
    a = article(text)
    assert a.published == "2022-05-24"
    assert find_event_date(a) is None


@pytest.mark.parametrize(
    "lead",
    [
        "Huyện vừa tổ chức thành công kỳ họp thứ 16 để đánh giá kết quả năm 2023.",
        "6 tháng đầu năm 2023, kinh tế - xã hội của huyện tiếp tục phát triển ổn định.",
        "Tính đến tháng 6/2024, các địa phương có 100% xã đạt chuẩn nông thôn mới.",
        "Nghị quyết số 57-NQ/TW ngày 22.12.2024 của Bộ Chính trị được quán triệt sâu rộng trong toàn tỉnh hôm nay.",
    ],
)
def test_no_event_date_without_a_lead_day(lead: str) -> None:
    assert _date(lead) is None


def test_no_year_anywhere_gives_no_date() -> None:
    assert _date("Ngày 6.10, BCH Đảng bộ huyện tổ chức hội nghị đánh giá 9 tháng đầu năm.") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Kết quả năm 2020 và những tháng đầu năm 2021; nhiệm kỳ 2021 - 2026. Năm 2020 tăng trưởng khá.", 2021),
        ("Quý I năm 2022 đạt khá; phát triển huyện đến năm 2030, tầm nhìn đến năm 2045.", 2022),
        ("Theo phát biểu tại phiên họp ngày 13/3/2024, nhiệm kỳ 2020-2025.", 2024),
        ("Không có năm nào ở đây.", None),
    ],
)
def test_context_year(text: str, year: int | None) -> None:
    assert context_year(article(text + " Thêm vài chữ cho đủ dài để là một đoạn văn.")) == year
