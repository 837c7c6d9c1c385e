"""The weekly summary: content, and splitting into messages that never cut a tag."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re

import pytest

from digest.models import Article, Digest, EventDate, Figure, Leader, Locality
from digest.records import Brief, StoredDigest
from digest.render import TELEGRAM_LIMIT
from digest.timeutil import now_vn
from digest.weekly import MAX_HEADLINES, brief_messages, split_messages, weekly_messages

END = now_vn()
START = END - dt.timedelta(days=7)


def _item(i: int, title: str = "Tin {i}") -> StoredDigest:
    article = Article("t", title.format(i=i), (), url=f"https://baothanhhoa.vn/{i}?a=1&b=2")
    digest = Digest(
        article,
        (Locality("Thọ Xuân", "huyện", "Thanh Hóa", "395"),),
        None,
        (Figure(f"{i}.000 tấn", i * 1000, "tấn", "sản lượng lúa"),),
        (Leader("Lê Đình Hải", ("Bí thư Huyện ủy Thọ Xuân",)),) if i % 2 else (),
        "Tóm tắt",
    )
    when = START + dt.timedelta(hours=i)
    return StoredDigest(str(i), digest, "feed", when, when, (f"g:{i}",), ("D395", "P38"))


def test_summary_content() -> None:
    (message,) = weekly_messages("huyện Thọ Xuân (Thanh Hóa)", [_item(1), _item(2), _item(3)], START, END)
    assert message.startswith("<b>🗞 Tổng hợp tuần: huyện Thọ Xuân (Thanh Hóa)</b>")
    assert "· 3 bài" in message
    assert message.index("Tin 3") < message.index("Tin 1")  # newest first
    assert '<a href="https://baothanhhoa.vn/1?a=1&amp;b=2">Tin 1</a>' in message
    assert "📊 Sản lượng lúa: 3.000 tấn" in message
    assert "👤 Lê Đình Hải — Bí thư Huyện ủy Thọ Xuân (2 bài)" in message


def test_empty_week() -> None:
    (message,) = weekly_messages("tỉnh Thanh Hóa", [], START, END)
    assert "Chưa có bài nào" in message


def test_long_week_is_split_between_lines_and_html_is_escaped() -> None:
    items = [_item(i, "Tin <b>{i}</b> & " + "rất dài " * 20) for i in range(MAX_HEADLINES)]
    messages = weekly_messages("huyện Thọ Xuân (Thanh Hóa)", items, START, END)
    assert len(messages) >= 3
    for message in messages:
        assert len(message) <= TELEGRAM_LIMIT
        tags = re.findall(r"</?([a-z]+)", message)
        assert tags.count("b") % 2 == 0
        assert message.count("<a ") == message.count("</a>")
        assert "<b>0</b>" not in message
    assert sum(m.count("• ") for m in messages) == MAX_HEADLINES


def test_a_busy_week_lists_the_newest_headlines_and_counts_the_rest() -> None:
    """A province's week can hold thousands of articles: the summary stays a few messages long."""
    items = [_item(i % 160) for i in range(2_500)]
    messages = weekly_messages("tỉnh Thanh Hóa", items, START, END)
    text = "\n".join(messages)
    assert "· 2.500 bài" in text
    assert text.count("• ") == MAX_HEADLINES
    assert f"… và {2_500 - MAX_HEADLINES:,} bài khác".replace(",", ".") in text
    assert len(messages) <= 3


def test_split_refuses_a_line_that_cannot_fit() -> None:
    with pytest.raises(ValueError, match="cannot fit"):
        split_messages(["x" * (TELEGRAM_LIMIT + 1)])
    assert split_messages(["a", "", "b"], limit=3) == ["a", "b"]


def test_a_province_s_summary_says_which_place_each_figure_is_about() -> None:
    ward = Locality("Vĩnh Yên", "phường", "Phú Thọ", "08707", level="commune", era="2025", key="N08707")
    digest = Digest(
        Article("t", "Phường Vĩnh Yên tổng kết năm", ()),
        (ward,),
        None,
        (Figure("55,9 triệu đồng", 55_900_000, "đồng", "Thu nhập bình quân đầu người"),),
        (),
        "Tóm tắt",
    )
    item = StoredDigest("w", digest, "feed", START, START + dt.timedelta(hours=1), ("g:w",), ("N08707", "T25"))
    (province,) = weekly_messages("tỉnh Phú Thọ", [item], START, END, own_key="T25")
    assert "📊 Thu nhập bình quân đầu người: 55,9 triệu đồng · phường Vĩnh Yên (Phú Thọ)" in province
    (own,) = weekly_messages("phường Vĩnh Yên (Phú Thọ)", [item], START, END, own_key="N08707")
    assert "📊 Thu nhập bình quân đầu người: 55,9 triệu đồng\n" in own + "\n"


def _dated(title: str, stored: dt.datetime, published: dt.datetime, event: dt.date | None) -> StoredDigest:
    digest = Digest(Article("t", title, ()), (), EventDate(event, None, "Sáng") if event else None, (), (), "Tóm tắt")
    return StoredDigest(title, digest, "feed", stored, published, (f"g:{title}",), ("D395",))


def test_headlines_dated_by_event_then_publication_never_by_storing() -> None:
    stored = END - dt.timedelta(hours=1)
    items = [
        _dated("Hội nghị", stored, END - dt.timedelta(days=2), (END - dt.timedelta(days=3)).date()),
        _dated("Bài đăng", stored, END - dt.timedelta(days=1), None),
        _dated("Không rõ ngày", stored, stored, None),  # no publication time: stored_at stood in for it
    ]
    (message,) = weekly_messages("huyện Thọ Xuân (Thanh Hóa)", items, START, END)
    assert f"• {END - dt.timedelta(days=3):%d/%m} Hội nghị" in message
    assert f"• {END - dt.timedelta(days=1):%d/%m} Bài đăng" in message
    assert "• Không rõ ngày" in message
    assert message.index("Bài đăng") < message.index("Hội nghị")  # the latest day first


@pytest.mark.parametrize(
    ("titles", "shown"),
    [
        (("Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy"), "Trưởng Ban Tổ chức Tỉnh ủy"),
        (("Tỉnh ủy viên", "Giám đốc Sở Tài chính"), "Giám đốc Sở Tài chính"),
        (("Phó Bí thư Huyện ủy", "Chủ tịch UBND huyện Thọ Xuân"), "Chủ tịch UBND huyện Thọ Xuân"),
        (("Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"), "Bí thư Tỉnh ủy"),
        (("Bí thư Huyện ủy Thọ Xuân", "Chủ tịch HĐND huyện Thọ Xuân"), "Bí thư Huyện ủy Thọ Xuân"),
        (("Phó Chủ tịch UBND tỉnh",), "Phó Chủ tịch UBND tỉnh"),
        (("nguyên Bí thư Tỉnh ủy",), "nguyên Bí thư Tỉnh ủy"),
    ],
)
def test_weekly_shows_a_leader_s_main_office(titles: tuple[str, ...], shown: str) -> None:
    digest = Digest(Article("t", "Tin", ()), (), None, (), (Leader("Lê Văn Bình", titles),), "Tóm tắt")
    item = StoredDigest("x", digest, "feed", START, START + dt.timedelta(hours=1), ("g:x",), ("D395",))
    (message,) = weekly_messages("huyện Thọ Xuân (Thanh Hóa)", [item], START, END)
    assert f"👤 Lê Văn Bình — {shown} (1 bài)" in message


def test_the_summary_is_the_same_whatever_order_the_digests_come_in() -> None:
    """The store hands a week over in storing order, one digest at a time: the summary must not depend on it."""
    items = [_item(i % 90) for i in range(180)]
    items = [dataclasses.replace(item, id=f"{n}") for n, item in enumerate(items)]
    shuffled = items[:]
    random.Random(4).shuffle(shuffled)
    assert weekly_messages("tỉnh Thanh Hóa", shuffled, START, END) == weekly_messages(
        "tỉnh Thanh Hóa", items, START, END
    )
    text = "\n".join(weekly_messages("tỉnh Thanh Hóa", reversed(items), START, END))
    assert text.count("📊") == 6  # six key figures, all equally telling: the first published
    assert "👤 Lê Đình Hải — Bí thư Huyện ủy Thọ Xuân (90 bài)" in text


def test_digests_that_tie_on_day_time_and_id_do_not_break_the_summary() -> None:
    """The summary orders headlines by day, time and id; two different records may still tie on all three
    (a caller's own list), and must never be compared themselves."""
    one = _item(1)
    other = dataclasses.replace(one, digest=dataclasses.replace(one.digest, summary="Khác"))
    messages = weekly_messages("tỉnh Thanh Hóa", [one, other] * (MAX_HEADLINES // 2 + 5), START, END)
    assert "\n".join(messages).count("• ") == MAX_HEADLINES


def test_a_digest_read_whole_without_the_figure_its_brief_had_is_shown_without_it() -> None:
    """After damage, the store may read a digest whole from its file again, and find less than its brief had."""
    item = _item(1)
    bare = dataclasses.replace(item, digest=dataclasses.replace(item.digest, figures=()))
    brief = Brief.of(item)._replace(whole=lambda: bare)
    (message,) = brief_messages("huyện Thọ Xuân (Thanh Hóa)", [brief], START, END)
    assert "Tin 1" in message
    assert "📊" not in message
