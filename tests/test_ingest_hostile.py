"""Feeds from the real world, and hostile ones: broken bytes, broken entries, junk, floods, internal links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.cli_store import describe
from digest.config import FeedSettings
from digest.ingest import Ingestor
from tests.conftest import FAST, Clock
from tests.feedserver import FeedServer, Item, Route, rss, sample_articles, sample_items


async def test_utf8_feed_with_a_few_bad_bytes_stays_vietnamese(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    items = sample_items(feed_server)
    raw = rss(items).encode("utf-8")
    first_body = raw.index(b"<description>") + 40
    damaged = raw[:first_body] + b"\xff\xfe\x80" + raw[first_body:]
    feed_server.routes["/damaged"] = Route(damaged)
    clean_copy = [dataclasses.replace(i, link=i.link.replace("/a/", "/b/"), guid=f"b{i.guid}") for i in items]
    feed_server.routes["/clean"] = Route(rss(clean_copy).encode("utf-8"))
    damaged_feed, clean_feed = (
        FeedSettings(url=feed_server.url("/damaged")),
        FeedSettings(url=feed_server.url("/clean")),
    )
    ingestor = make(damaged_feed, clean_feed)
    (damaged_report,) = await ingestor.poll([damaged_feed])
    (clean_report,) = await ingestor.poll([clean_feed])
    assert len(damaged_report.stored) == 5
    titles = {s.digest.article.title for s in damaged_report.stored}
    assert titles == {i.title for i in items}  # not "Huyáť‡n ..."
    assert all(s.digest.localities for s in damaged_report.stored)
    assert clean_report.stored == ()  # the same stories, already stored once


async def test_garbled_text_is_never_stored(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    title, body = sample_articles()[0]
    garbled = body.encode("utf-8").decode("cp1252", errors="replace")  # mojibake at the source
    feed_server.routes["/rss"] = Route(rss([Item(title, feed_server.url("/g.html"), garbled, guid="g")]).encode())
    (report,) = await make(FeedSettings(url=feed_server.url("/rss"))).poll()
    assert report.stored == ()
    assert report.skipped
    assert "lỗi mã hóa" in report.skipped[0]


async def test_a_control_character_in_one_entry_fails_only_that_entry(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    items = sample_items(feed_server)[:3]
    feed = rss(items).replace("</description>", "&lt;p&gt;thêm&lt;/p&gt;&amp;#1;</description>", 1)
    feed_server.routes["/rss"] = Route(feed.encode())
    (report,) = await make(FeedSettings(url=feed_server.url("/rss"))).poll()
    assert (report.status, len(report.stored)) == ("stored", 3)
    assert all("\x01" not in s.digest.summary for s in report.stored)


async def test_an_unexpected_error_is_a_failure_with_a_retry_time(
    feed_server: FeedServer, make: Callable[..., Ingestor], monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr("digest.ingest.parse_feed", broken)
    feed_server.routes["/rss"] = Route(rss(sample_items(feed_server)[:1]).encode())
    ingestor = make(FeedSettings(url=feed_server.url("/rss"), name="Báo thử"))
    (report,) = await ingestor.poll()
    assert report.status == "failed"
    assert report.retry_at == clock.now + dt.timedelta(seconds=900)
    assert describe(report, ingestor.config).startswith("Báo thử: lỗi (TypeError: a bug), thử lại lúc")


async def test_old_entries_are_reported(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    items = [dataclasses.replace(i, days_ago=120) for i in sample_items(feed_server)[:3]] + sample_items(feed_server)[
        3:
    ]
    feed_server.routes["/rss"] = Route(rss(items).encode())
    ingestor = make(FeedSettings(url=feed_server.url("/rss"), name="Báo thử"))
    (report,) = await ingestor.poll()
    assert (report.entries, len(report.stored), report.too_old) == (5, 2, 3)
    assert describe(report, ingestor.config) == "Báo thử: 5 mục, 2 bài mới, 3 mục cũ hơn 90 ngày, bỏ qua"


async def test_entries_without_real_text_are_skipped_with_a_reason(
    feed_server: FeedServer, make: Callable[..., Ingestor], caplog: pytest.LogCaptureFixture
) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol9 "&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><title>x</title>'
        "<item><title>&lol9;</title><link>https://x.vn/bomb</link><description>&lol9;</description></item>"
        "<item><title>!!! ??? ...</title><link>https://x.vn/junk</link><description>### 12 $$ @@</description></item>"
        "</channel></rss>"
    )
    feed_server.routes["/rss"] = Route(bomb.encode())
    with caplog.at_level(logging.WARNING):
        (report,) = await make(FeedSettings(url=feed_server.url("/rss"))).poll()
    assert report.stored == ()
    assert len(report.skipped) == 2
    assert "không có địa phương, ngày, số liệu hay câu chữ thật" in caplog.text


async def test_an_empty_feed_without_a_content_type_is_a_feed(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    empty = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Mới</title></channel></rss>'
    feed_server.routes["/rss"] = Route(empty.encode(), content_type="")
    ingestor = make(FeedSettings(url=feed_server.url("/rss")))
    (report,) = await ingestor.poll()
    assert (report.status, report.entries) == ("stored", 0)
    assert ingestor.store.feed_state(feed_server.url("/rss")).failures == 0


async def test_one_feed_s_work_per_poll_is_capped(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    title, body = sample_articles()[0]
    for i in range(40):
        feed_server.routes[f"/p/{i}.html"] = Route(
            f"<html><body><article><h1>{title} {i}</h1><p>{body}</p></article></body></html>".encode(),
            content_type="text/html; charset=utf-8",
        )
    links = [Item(f"{title} {i}", feed_server.url(f"/p/{i}.html"), "", guid=f"p{i}") for i in range(40)]
    feed_server.routes["/flood"] = Route(rss(links).encode(), etag='"v1"')
    capped = dataclasses.replace(FAST, max_entries_per_poll=10, max_pages_per_poll=4)
    ingestor = make(FeedSettings(url=feed_server.url("/flood"), name="Lũ"), ingest=capped)
    (first,) = await ingestor.poll()
    pages = [p for p, _ in feed_server.requests if p.startswith("/p/")]
    assert (len(first.stored), len(pages), first.left) == (4, 4, 36)
    assert describe(first, ingestor.config).endswith("còn 36 mục cho lần sau")
    (second,) = await ingestor.poll(force=True)  # not a 304: what was left is read again
    assert (len(second.stored), second.left) == (4, 32)


async def test_article_pages_only_from_public_addresses_or_the_feed_s_host(
    feed_server: FeedServer, make: Callable[..., Ingestor], caplog: pytest.LogCaptureFixture
) -> None:
    title, body = sample_articles()[0]
    secret = f"<html><body><article><h1>{title}</h1><p>BÍ MẬT NỘI BỘ. {body}</p></article></body></html>"
    feed_server.routes["/internal"] = Route(secret.encode(), content_type="text/html; charset=utf-8")
    port = feed_server.port
    feed_server.routes["/hop"] = Route(status=302, location=f"http://localhost:{port}/internal")
    lead = body.split("\n")[0][:200]
    links = [
        Item(f"{title} 1", f"http://localhost:{port}/internal", lead, guid="1"),  # loopback by another name
        Item(f"{title} 2", feed_server.url("/hop"), lead, guid="2"),  # the feed's host, redirecting away
        Item(f"{title} 3", f"http://[::ffff:127.0.0.1]:{port}/internal", lead, guid="3"),
        Item(f"{title} 4", "file:///etc/passwd", lead, guid="4"),
        Item(f"{title} 5", feed_server.url("/internal"), lead, guid="5"),  # the feed's own host: allowed
    ]
    feed_server.routes["/rss"] = Route(rss(links).encode())
    with caplog.at_level(logging.WARNING):
        (report,) = await make(FeedSettings(url=feed_server.url("/rss"))).poll()
    texts = {s.digest.article.title: s.text or "" for s in report.stored}
    assert [t for t, text in texts.items() if "BÍ MẬT" in text] == [f"{title} 5"]
    assert caplog.text.count("refused") >= 3
    assert [p for p, _ in feed_server.requests].count("/internal") == 1


async def test_private_addresses_when_the_operator_allows_them(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    title, body = sample_articles()[0]
    page = f"<html><body><article><h1>{title}</h1><p>NỘI BỘ. {body}</p></article></body></html>"
    feed_server.routes["/intranet"] = Route(page.encode(), content_type="text/html; charset=utf-8")
    link = f"http://localhost:{feed_server.port}/intranet"
    feed_server.routes["/rss"] = Route(rss([Item(title, link, body.split("\n")[0][:200], guid="i")]).encode())
    ingest = dataclasses.replace(FAST, allow_private_addresses=True)
    (report,) = await make(FeedSettings(url=feed_server.url("/rss")), ingest=ingest).poll()
    assert "NỘI BỘ" in (report.stored[0].text or "")


async def test_binary_and_utf16_files_in_a_folder(tmp_path: Path, make: Callable[..., Ingestor]) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    title, body = sample_articles()[0]
    (folder / "utf16.txt").write_bytes(f"{title}\n{body}".encode("utf-16"))
    (folder / "program.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (report,) = await make(FeedSettings(url=str(folder))).poll()
    assert [s.digest.article.title for s in report.stored] == [title]
    assert len(report.refused) == 2
    assert any("ELF executable" in r for r in report.refused)
