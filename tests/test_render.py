"""The Telegram message of a digest: escaped, capped, with the pieces a reader needs."""

from __future__ import annotations

import html
import re

from digest.gazetteer import Gazetteer
from digest.pipeline import digest_article
from digest.render import TELEGRAM_LIMIT, render
from tests.conftest import article

TEXT = """Huyện Thọ Xuân <b>vượt</b> chỉ tiêu & về đích sớm
Sáng 5-4, UBND huyện Thọ Xuân tổ chức hội nghị tổng kết.
Năm 2022, tổng sản lượng lương thực có hạt đạt trên 70.000 tấn; thu ngân sách đạt 6.500 tỷ đồng.
Đồng chí Lê Đình Hải, Bí thư Huyện ủy, Chủ tịch HĐND huyện Thọ Xuân phát biểu chỉ đạo.
Tô Hà"""

_ALLOWED_TAG_RE = re.compile(r"</?(?:b|a)(?: href=\"[^\"]*\")?>")


def test_message_has_locality_date_title_figures_and_leaders(gaz: Gazetteer) -> None:
    message = render(digest_article(article(TEXT), gaz), url="https://baothanhhoa.vn/a?b=1&c=2")
    assert "huyện Thọ Xuân (Thanh Hóa)" in message
    assert "Sáng 5/4" in message
    assert "trên 70.000 tấn" in message
    assert "6.500 tỷ đồng" in message
    assert "Lê Đình Hải" in message
    assert "Tô Hà" not in message
    assert 'href="https://baothanhhoa.vn/a?b=1&amp;c=2"' in message


def test_article_text_is_escaped(gaz: Gazetteer) -> None:
    message = render(digest_article(article(TEXT), gaz))
    assert "&lt;b&gt;vượt&lt;/b&gt; chỉ tiêu &amp; về đích" in message
    tags = re.findall(r"<[^>]*>", message)
    assert all(_ALLOWED_TAG_RE.fullmatch(tag) for tag in tags), tags


def test_huge_article_stays_under_the_telegram_limit(gaz: Gazetteer) -> None:
    long_title = "Tiêu đề <rất> dài " * 200
    body = ("Huyện Thọ Xuân đạt 1.000 tấn lúa & 2.000 ha ngô. " * 400).strip()
    message = render(digest_article(article(f"{long_title}\n{body}"), gaz), url="https://x.vn/" + "a" * 5000)
    assert len(message) < TELEGRAM_LIMIT
    assert "<rất>" not in message
    assert html.unescape(message).count("Tiêu đề") >= 1


def test_a_unit_of_today_shows_its_province_and_where_it_came_from(gaz: Gazetteer) -> None:
    text = "date 2025-09-20\nĐảng bộ phường Vĩnh Yên tổ chức Đại hội đại biểu lần thứ I, tỉnh Phú Thọ."
    message = render(digest_article(article(text), gaz))
    first, second = message.split("\n")[:2]
    assert first.startswith("📍 phường Vĩnh Yên (Phú Thọ)")
    assert second == "<i>trước đây thuộc TP Vĩnh Yên, Vĩnh Phúc</i>"


def test_where_a_commune_came_from_is_left_out_when_it_says_nothing(gaz: Gazetteer) -> None:
    text = "date 2025-09-20\nĐảng bộ xã Yên Phong, Bắc Ninh tổ chức Đại hội đại biểu lần thứ I."
    message = render(digest_article(article(text), gaz))
    assert message.startswith("📍 xã Yên Phong (Bắc Ninh)")
    assert "trước đây" not in message  # formed within huyện Yên Phong of the same province
