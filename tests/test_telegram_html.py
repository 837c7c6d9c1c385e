"""The fake Bot API's HTML check refuses what Telegram refuses; everything the bot says passes it."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest

from bot import texts
from bot.offline.telegram_html import EntityError, check_message, parse_html, utf16_length
from digest.cli import bundled_samples
from digest.gazetteer import Gazetteer
from digest.pipeline import digest_file
from digest.records import StoredDigest
from digest.render import render
from digest.timeutil import VN_TZ
from digest.weekly import weekly_messages


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("plain text", "plain text"),
        ("<b>đậm</b> <strong>x</strong> <i>y</i> <em>z</em> <u>u</u> <ins>i</ins>", "đậm x y z u i"),
        ("<s>a</s><strike>b</strike><del>c</del>", "abc"),
        ('<span class="tg-spoiler">bí mật</span> <tg-spoiler>x</tg-spoiler>', "bí mật x"),
        ('<a href="https://baothanhhoa.vn/a?b=1&amp;c=2">Đọc bài gốc</a>', "Đọc bài gốc"),
        ('<code>x &lt; y</code> <pre>a</pre> <pre><code class="language-python">p</code></pre>', "x < y a p"),
        ("<blockquote>trích</blockquote><blockquote expandable>dài</blockquote>", "tríchdài"),
        ("<b>in <i>nested</i></b>", "in nested"),
        ("&lt;tên&gt; &amp; &quot;x&quot; &#39; &#x27; &#128205;", "<tên> & \"x\" ' ' 📍"),
        ("a > b", "a > b"),
        ("<B>upper</B>", "upper"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
    ],
)
def test_what_telegram_accepts(html: str, shown: str) -> None:
    assert parse_html(html) == shown


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("Cách dùng: /subscribe <tên địa phương>", 'Unsupported start tag "tên"'),
        ("<thứ> <giờ>", 'Unsupported start tag "thứ"'),
        ("<p>đoạn</p>", 'Unsupported start tag "p"'),
        ("<br>", 'Unsupported start tag "br"'),
        ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
        ("<b>không đóng", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("</b>", "Unexpected end tag"),
        ("<b", "Unclosed start tag"),
        ("<b>x</b", "Unclosed end tag"),
        ("Tom & Jerry", 'Unescaped "&"'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("&#0;", "Invalid character reference"),
        ("&#xD800;", "Invalid character reference"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ('<a href="javascript:alert(1)">x</a>', "Wrong URL"),
        ("<a>x</a>", "Wrong URL"),
        ('<a href="https://a.vn"><a href="https://b.vn">x</a></a>', "Nested links"),
        ("<code><b>x</b></code>", "can't be inside"),
        ('<a href="https://a.vn?x=1&y=2">x</a>', 'Unescaped "&" in an attribute'),
        ("<b class>x</b>", "Expected equal sign"),
        ('<a href="https://a.vn>x</a>', "Unclosed start tag"),
        ("<tg-emoji>x</tg-emoji>", 'must have a numeric "emoji-id"'),
    ],
)
def test_what_telegram_refuses(html: str, reason: str) -> None:
    with pytest.raises(EntityError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_html(html)


def test_byte_offsets_are_counted_in_utf8() -> None:
    with pytest.raises(EntityError, match=r"at byte offset 4$"):
        parse_html("ừ <x>")  # "ừ" takes three bytes
    with pytest.raises(EntityError, match=r"at byte offset 13$"):
        parse_html("Cách dùng: <tên>")


def test_lengths_are_counted_as_telegram_does() -> None:
    assert utf16_length("📍") == 2
    check_message("a" * 4096)
    check_message(f"<b>{'a' * 4096}</b>")  # markup does not count
    with pytest.raises(EntityError, match="message is too long"):
        check_message("📍" * 2049)  # 2,049 characters, 4,098 UTF-16 code units
    with pytest.raises(EntityError, match="message text is empty"):
        check_message("<b> </b>")


def _formatted(template: str) -> str:
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(fields, "huyện Thọ Xuân (Thanh Hóa)"))


MESSAGE_TEXTS = sorted(
    name for name, value in vars(texts).items() if name.isupper() and isinstance(value, str) and "BUTTON" not in name
)


@pytest.mark.parametrize("name", MESSAGE_TEXTS)
def test_every_sentence_of_the_bot_is_valid_telegram_html(name: str) -> None:
    check_message(_formatted(getattr(texts, name)))


def test_usage_lines_show_their_placeholders() -> None:
    assert "/subscribe <tên địa phương>" in parse_html(texts.SUBSCRIBE_USAGE)
    assert "/schedule <thứ> <giờ>" in parse_html(texts.SCHEDULE_USAGE)


def test_every_kind_of_digest_message_is_valid_telegram_html(gaz: Gazetteer) -> None:
    digests = [d for path in bundled_samples() for d in digest_file(Path(path))]
    assert digests
    end = dt.datetime(2026, 11, 23, 7, tzinfo=VN_TZ)
    stored = [
        StoredDigest(str(i), d, "mẫu", end, end - dt.timedelta(days=1), (f"k{i}",), ("P38",))
        for i, d in enumerate(digests * 30)  # long enough to be split into several messages
    ]
    messages = [render(d) for d in digests]
    messages += weekly_messages("tỉnh Thanh Hóa", stored, end - dt.timedelta(days=7), end)
    messages += weekly_messages("huyện Thọ Xuân (Thanh Hóa)", [], end - dt.timedelta(days=7), end)
    assert len(messages) > len(digests) + 2
    for message in messages:
        check_message(message)
