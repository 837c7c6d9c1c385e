"""Cleaning: Unicode, chrome, datelines and the page clock, headers, titles, source tags, bylines, repeats."""

from __future__ import annotations

import unicodedata

import pytest

from digest.clean import dateline_date, split_articles
from digest.textnorm import match_key, strip_marks
from tests.conftest import article

BODY = "Sáng 5-4, UBND huyện Thọ Xuân tổ chức hội nghị tổng kết công tác năm 2022 và triển khai nhiệm vụ."


def test_nfd_input_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", f"Tiêu đề bài viết\n{BODY}")
    got = article(decomposed)
    assert got.title == "Tiêu đề bài viết"
    assert got.paragraphs[0] == BODY


def test_icelandic_eth_becomes_vietnamese_d_stroke() -> None:
    got = article(f"Ðồng chí dự họp\n{BODY.replace('Thọ', 'Ðông')}")
    assert got.title == "Đồng chí dự họp"
    assert "Đông" in got.paragraphs[0]


def test_invisible_characters_and_odd_spaces() -> None:
    got = article(f"Tin\u200b mới\u00a0nhất\n{BODY}")
    assert got.title == "Tin mới nhất"


@pytest.mark.parametrize(
    "chrome",
    [
        "Tất cả chuyên mục",
        "Ý kiến (3)",
        "{name} - {time}",
        "{body}",
        "Chia sẻ thông tin với bạn bè!",
        "Tin liên quan",
        "Ý kiến của bạn sẽ được biên tập trước khi đăng",
        "Vui lòng gõ tiếng Việt có dấu",
        "Theo dõi Báo Thanh Hóa trên Google News",
        "Từ khóa: Thọ Xuân, nông thôn mới",
        "Lên đầu trang",
    ],
)
def test_chrome_lines_are_removed(chrome: str) -> None:
    got = article(f"{chrome}\nTiêu đề bài viết\n{BODY}\n{chrome}")
    assert got.title == "Tiêu đề bài viết"
    assert got.paragraphs == (BODY,)


def test_long_line_starting_like_chrome_is_kept() -> None:
    line = "Xem thêm " + "các công trình đã hoàn thành trong năm nay " * 5 + "."
    assert line in article(f"Tiêu đề\n{BODY}\n{line}").paragraphs


def test_page_clock_is_not_the_publication_date() -> None:
    text = f"Thứ Hai, 25/11/2024 21:16\nTiêu đề bài viết\n{BODY}\nCập nhật: 09:02 12/03/2023"
    got = article(text)
    assert got.published == "2023-03-12"
    assert all("2024" not in p and "2023" not in p for p in got.paragraphs)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ 3, 24/05/2022 | 09:02:45 [GMT +7] A A", (2022, 5, 24)),
        ("Thứ Hai, 25/11/2024 21:16", (2024, 11, 25)),
        ("Ngày 7 tháng 3 năm 2021", (2021, 3, 7)),
        ("12.01.2023 - 08:30", (2023, 1, 12)),
    ],
)
def test_datelines(line: str, expected: tuple[int, int, int]) -> None:
    found = dateline_date(line)
    assert found is not None
    assert (found.year, found.month, found.day) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 24/5/2022, huyện Thọ Xuân tổ chức lễ phát động phong trào thi đua trong toàn huyện.",
        "31/02/2022",  # no such day
        "Kế hoạch 2021-2025",
    ],
)
def test_body_lines_are_not_datelines(line: str) -> None:
    assert dateline_date(line) is None


def test_marker_header_gives_date_and_title() -> None:
    got = article(f"Thu Hà date 2022-04 Huyện Thọ Xuân tổng kết năm\n{BODY}")
    assert got.published == "2022-04"
    assert got.title == "Huyện Thọ Xuân tổng kết năm"


def test_several_articles_in_one_file() -> None:
    text = f"date 2022-04 Bài thứ nhất\n{BODY}\ndate 2023-01-15 Bài thứ hai\n{BODY.replace('Thọ Xuân', 'Vĩnh Lộc')}"
    got = split_articles(text, "two.txt")
    assert [(a.title, a.published, a.source) for a in got] == [
        ("Bài thứ nhất", "2022-04", "two.txt"),
        ("Bài thứ hai", "2023-01-15", "two.txt"),
    ]


def test_title_from_repeated_caption_when_no_headline() -> None:
    caption = "Toàn cảnh hội nghị tổng kết năm 2022"
    got = article(f"{BODY}\n{caption}\nCác đại biểu thảo luận sôi nổi.\n{caption}")
    assert got.title == caption
    assert got.paragraphs.count(caption) == 0


@pytest.mark.parametrize(
    ("lead", "tag"),
    [("(Baothanhhoa.vn) - ", "Baothanhhoa.vn"), ("(BĐ) - ", "BĐ"), ("TTXVN - ", "TTXVN")],
)
def test_source_tags_are_taken_off_the_lead(lead: str, tag: str) -> None:
    got = article(f"Tiêu đề\n{lead}{BODY}")
    assert got.source_tags == (tag,)
    assert got.paragraphs[0] == BODY


@pytest.mark.parametrize(
    ("tail", "names"),
    [
        ("Tô Hà", ("Tô Hà",)),
        ("Lê Hải (CTV)", ("Lê Hải",)),
        ("Thu Hoài – Quốc Toản", ("Thu Hoài", "Quốc Toản")),
        ("HỒNG HÀ (Thực hiện)", ("Hồng Hà",)),
        ("Bài và ảnh: Minh Hiếu", ("Minh Hiếu",)),
    ],
)
def test_trailing_bylines(tail: str, names: tuple[str, ...]) -> None:
    got = article(f"Tiêu đề\n{BODY}\n{tail}")
    assert got.bylines == names
    assert got.paragraphs == (BODY,)


def test_photo_credit_is_a_byline_not_text() -> None:
    got = article(f"Tiêu đề\n{BODY}\nLãnh đạo huyện dự lễ khởi công. Ảnh: Lê Hợi")
    assert "Lê Hợi" in got.bylines
    assert got.paragraphs[-1] == "Lãnh đạo huyện dự lễ khởi công."


def test_repeated_lead_and_glued_caption_are_dropped() -> None:
    title = "Huyện Thọ Xuân tổng kết công tác năm 2022"
    got = article(f"{title}\n{BODY}\n{BODY}\nCác đại biểu dự hội nghị.{title}")
    assert got.paragraphs == (BODY, "Các đại biểu dự hội nghị.")


def test_text_of_chrome_only_has_no_article() -> None:
    assert split_articles("Tất cả chuyên mục\nÝ kiến\n{name} - {time}\n", "x.txt") == []


def test_reading_articles_does_not_fill_the_name_caches_with_their_text() -> None:
    # match_key's and strip_marks' caches are for names, which recur; a page's lines are each seen once, and a
    # bot reading thousands of articles a day would fill them (tens of megabytes) with text.
    before = (match_key.cache_info().currsize, strip_marks.cache_info().currsize)
    for i in range(200):
        lines = [f"Tin số {i}: hội nghị tổng kết năm {2000 + i}", "Thứ Hai, 25/11/2024 21:16", "Trang chủ"]
        lines += [f"Đoạn {j} của bài {i}, huyện Thọ Xuân đạt {i * j} tỷ đồng, tăng {j}% so với kỳ." for j in range(8)]
        assert split_articles("\n".join(lines), f"test/{i}.txt")
    after = (match_key.cache_info().currsize, strip_marks.cache_info().currsize)
    assert after[0] - before[0] < 20
    assert after[1] - before[1] < 20
