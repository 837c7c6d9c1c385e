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


def test_a_day_soon_after_publication_is_in_its_year() -> None:
    found = find_event_date(article(" date 2023-02 Tiêu đề\n\nNgày 10-3, hội nghị diễn ra, theo kế hoạch năm 2023."))
    assert found is not None
    assert found.day.year == 2023  # ten days after February, not a year before it
    found = find_event_date(article(" date 2023-02 Tiêu đề\n\nNgày 10-11, hội nghị diễn ra, theo kế hoạch năm 2023."))
    assert found is not None
    assert found.day.year == 2022  # nine months after: no, three months before


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


PUBLISHED = "date 2025-09-12\nTiêu đề của bài báo này\n"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # days relative to publication
        ("Chiều nay, UBND tỉnh tổ chức họp báo thông tin kết quả kinh tế quý III.", "2025-09-12"),
        ("Sáng nay (12/9), Đảng bộ xã Yên Phong tổ chức Đại hội đại biểu.", "2025-09-12"),
        ("Sáng nay (11/9), Đảng bộ xã Yên Phong tổ chức Đại hội đại biểu.", "2025-09-11"),
        ("Hôm qua, Sở Xây dựng kiểm tra tiến độ các công trình trọng điểm.", "2025-09-11"),
        ("Chiều qua (11-9), đoàn công tác làm việc với phường Hạc Thành.", "2025-09-11"),
        ("Tối 18/6, tại nhà văn hóa trung tâm diễn ra chương trình nghệ thuật.", "2025-06-18"),
        # separators and spelled forms
        ("Chiều 7.5, HĐND xã Thọ Xuân tổ chức kỳ họp chuyên đề.", "2025-05-07"),
        ("Ngày 9 tháng 9, Ban Thường vụ Tỉnh ủy làm việc với các sở, ngành.", "2025-09-09"),
        ("Ngày 12/6/2021, huyện tổ chức lễ ra quân.", "2021-06-12"),
        ("Sáng ngày 9 tháng 9 năm 2025, tỉnh tổ chức hội nghị.", "2025-09-09"),
        # ranges and several days: the first day
        ("Trong 2 ngày 15 - 16/8, Đảng bộ xã Yên Phong tổ chức Đại hội đại biểu lần thứ nhất.", "2025-08-15"),
        ("Trong 2 ngày 14 và 15.8, Đảng bộ P.Cao Lãnh tổ chức Đại hội.", "2025-08-14"),
        ("Trong hai ngày 11 và 12-8, Đảng bộ xã Hậu Nghĩa tổ chức Đại hội.", "2025-08-11"),
        ("Trong 2 ngày 10 và 11 tháng 9, Đảng bộ phường tổ chức Đại hội.", "2025-09-10"),
        ("Ngày 14-15/8, Đảng bộ phường Bạc Liêu tổ chức Đại hội đại biểu lần thứ I.", "2025-08-14"),
        ("Ngày 19-20/8, Đảng bộ đặc khu tổ chức Đại hội.", "2025-08-19"),
        ("Từ ngày 2 đến ngày 4/7/2019, đoàn công tác của tỉnh làm việc tại huyện.", "2019-07-02"),
        ("Từ ngày 8 - 10/9, tỉnh tổ chức hội chợ thương mại.", "2025-09-08"),
        # planned events
        ("Dự kiến vào ngày 20/9/2025, UBND tỉnh sẽ tổ chức hội nghị xúc tiến đầu tư.", "2025-09-20"),
        ("Dự kiến ngày 25-9, Đại hội Đảng bộ tỉnh lần thứ I sẽ khai mạc.", "2025-09-25"),
    ],
)
def test_more_lead_day_styles(lead: str, expected: str) -> None:
    assert _date(PUBLISHED + lead) == expected


def test_relative_days_need_the_day_of_publication() -> None:
    assert _date("date 2025-09\nTiêu đề của bài\nChiều nay, UBND tỉnh tổ chức họp báo thường kỳ.") is None


def test_the_lead_may_follow_a_short_summary() -> None:
    text = (
        "date 2025-09-11\nKhai mạc Đại hội Đảng bộ tỉnh\n(PLO)- Đại hội Đảng bộ tỉnh Quảng Ngãi lần thứ I là Đại hội "
        "Đảng bộ tỉnh đầu tiên trên cả nước.\nSáng 11-9, Đại hội đại biểu Đảng bộ tỉnh Quảng Ngãi lần thứ I khai mạc."
    )
    assert _date(text) == "2025-09-11"


@pytest.mark.parametrize(
    ("published", "lead", "expected"),
    [
        ("2024-01-05", "Chiều 29/12, huyện tổng kết năm qua và triển khai năm mới.", "2023-12-29"),
        (
            "2025-07-08",
            "Ngày 7/8, Đảng bộ xã Con Cuông tổ chức kỳ họp.",
            "2025-08-07",
        ),  # a marker with day and month swapped
        ("2025-12-30", "Sáng 2/1, tỉnh tổ chức lễ ra quân đầu năm.", "2026-01-02"),  # a plan for the new year
    ],
)
def test_the_year_puts_the_event_nearest_its_report(published: str, lead: str, expected: str) -> None:
    assert _date(f"date {published}\nTiêu đề bài báo\n{lead}") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year in the text near the date
        ("Sáng 2/9, tỉnh tổ chức lễ kỷ niệm 80 năm Quốc khánh (2/9/1945 - 2/9/2025).", "2025-09-02"),
        # a December meeting reviewing year X and planning X+1 is in year X; a January one in X+1
        ("Ngày 22-12, huyện tổ chức hội nghị tổng kết năm 2021, triển khai nhiệm vụ năm 2022.", "2021-12-22"),
        ("Ngày 9-1, xã Trị An tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026.", "2026-01-09"),
    ],
)
def test_the_year_without_a_publication_date(text: str, expected: str) -> None:
    assert _date(text) == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Đại hội đại biểu Đảng bộ xã Giồng Riềng lần thứ I diễn ra ngày 18/8.", "2025-08-18"),
        ("Hội nghị được tổ chức vào ngày 10/9 tại trụ sở UBND tỉnh.", "2025-09-10"),
        ("ĐBP - Trong 2 ngày (14 - 15/8), Đảng bộ xã Quài Tở tổ chức Đại hội Đại biểu lần thứ I.", "2025-08-14"),
    ],
)
def test_a_day_after_what_happened(lead: str, expected: str) -> None:
    assert _date(PUBLISHED + lead) == expected


def test_a_document_s_date_is_not_the_event_s() -> None:
    assert (
        _date(
            PUBLISHED
            + "Theo Nghị quyết số 57-NQ/TW ban hành ngày 22/12/2024 của Bộ Chính trị, các địa phương triển khai."
        )
        is None
    )


def test_a_review_and_a_plan_around_the_turn_of_the_year() -> None:
    text = (
        "Ngày 8/12, HĐND xã tổ chức kỳ họp. Trong năm 2025, thu ngân sách đạt cao. Trong năm 2026, xã đặt mục tiêu lớn."
    )
    assert _date(text) == "2025-12-08"
