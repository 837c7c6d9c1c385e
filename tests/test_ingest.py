"""Ingestion through real httpx and feedparser against a loopback HTTP server, into a real store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.config import FeedSettings
from digest.ingest import Ingestor
from tests.conftest import Clock, encode_cp1258
from tests.feedserver import FeedServer, Item, Route, rss, sample_articles, sample_items


async def test_poll_stores_digests_then_conditional_get(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    feed_server.routes["/rss"] = Route(rss(sample_items(feed_server)).encode(), etag='"v1"')
    ingestor = make(FeedSettings(url=feed_server.url("/rss"), name="Báo thử"))
    (first,) = await ingestor.poll()
    assert (first.status, first.entries, len(first.stored)) == ("stored", 5, 5)
    assert any(s.digest.localities and s.digest.localities[0].name == "Thọ Xuân" for s in first.stored)
    assert all(s.feed == "Báo thử" and s.units for s in first.stored)
    (second,) = await ingestor.poll(force=True)
    assert second.status == "not modified"
    assert feed_server.hits("/rss")[-1]["If-None-Match"] == '"v1"'
    assert len(ingestor.store.latest(limit=100)) == 5


async def test_summary_only_entries_get_their_article_page(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    title, body = sample_articles()[0]
    page = f"<html><head><title>{title}</title></head><body><nav>Tất cả chuyên mục</nav><article><h1>{title}</h1>"
    page += "".join(f"<p>{p}</p>" for p in body.split("\n")) + "</article></body></html>"
    feed_server.routes["/p/1.html"] = Route(page.encode(), content_type="text/html; charset=utf-8")
    lead = body.split("\n")[0][:150]
    feed_server.routes["/rss"] = Route(rss([Item(title, feed_server.url("/p/1.html"), lead)]).encode())
    (report,) = await make(FeedSettings(url=feed_server.url("/rss"))).poll()
    (stored,) = report.stored
    assert feed_server.hits("/p/1.html")
    assert stored.text is not None
    assert len(stored.text) > len(lead) * 3
    assert stored.digest.figures


async def test_same_story_in_two_feeds_and_changed_guids_are_stored_once(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    items = sample_items(feed_server)
    feed_server.routes["/one"] = Route(rss(items).encode())
    moved = [dataclasses.replace(i, link=i.link.replace("/a/", "/b/"), guid="other-" + str(i.guid)) for i in items]
    feed_server.routes["/two"] = Route(rss(moved).encode())
    renamed = [dataclasses.replace(i, guid="new-" + str(i.guid)) for i in items]
    feed_server.routes["/three"] = Route(rss(renamed).encode())
    ingestor = make(*(FeedSettings(url=feed_server.url(p)) for p in ("/one", "/two", "/three")))
    reports = await ingestor.poll()
    assert sum(len(r.stored) for r in reports) == 5
    assert len(ingestor.store.latest(limit=100)) == 5


async def test_failing_feed_backs_off_and_recovers(
    feed_server: FeedServer, make: Callable[..., Ingestor], clock: Clock
) -> None:
    feed_server.routes["/rss"] = Route(b"oops", status=500)
    feed_server.routes["/ok"] = Route(rss(sample_items(feed_server)[:1]).encode())
    ingestor = make(FeedSettings(url=feed_server.url("/rss")), FeedSettings(url=feed_server.url("/ok")))
    failed, ok = await ingestor.poll()
    assert (failed.status, failed.error) == ("failed", "HTTP 500")
    assert ok.status == "stored"
    assert failed.retry_at == clock.now + dt.timedelta(seconds=900)
    (waiting, _) = await ingestor.poll()
    assert waiting.status == "waiting"
    clock.now += dt.timedelta(seconds=901)
    (again, _) = await ingestor.poll()
    assert again.retry_at == clock.now + dt.timedelta(seconds=1800)
    feed_server.routes["/rss"] = Route(rss(sample_items(feed_server, "/c")[1:3]).encode())
    clock.now += dt.timedelta(seconds=1801)
    (recovered, _) = await ingestor.poll()
    assert (recovered.status, len(recovered.stored)) == ("stored", 2)
    assert ingestor.store.feed_state(feed_server.url("/rss")).failures == 0


async def test_retry_after_is_respected(feed_server: FeedServer, make: Callable[..., Ingestor], clock: Clock) -> None:
    feed_server.routes["/rss"] = Route(b"", status=429, retry_after="7200")
    (report,) = await make(FeedSettings(url=feed_server.url("/rss"))).poll()
    assert report.retry_at is not None
    assert report.retry_at >= clock.now + dt.timedelta(seconds=7200)


async def test_server_that_never_answers_times_out_without_holding_others(
    feed_server: FeedServer, make: Callable[..., Ingestor]
) -> None:
    feed_server.routes["/hang"] = Route(hang=True)
    feed_server.routes["/ok"] = Route(rss(sample_items(feed_server)[:2]).encode())
    hung, ok = await make(FeedSettings(url=feed_server.url("/hang")), FeedSettings(url=feed_server.url("/ok"))).poll()
    assert hung.status == "failed"
    assert "timed out" in str(hung.error) or "no complete answer" in str(hung.error)
    assert len(ok.stored) == 2


async def test_huge_response_is_abandoned(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    feed_server.routes["/big"] = Route(b"<rss>" + b" " * 1_000_000 + b"</rss>")
    (report,) = await make(FeedSettings(url=feed_server.url("/big"))).poll()
    assert report.status == "failed"
    assert "cap" in str(report.error)


async def test_malformed_feeds(
    feed_server: FeedServer, make: Callable[..., Ingestor], caplog: pytest.LogCaptureFixture
) -> None:
    feed_server.routes["/garbage"] = Route(b"\x00\x01 this is not XML <<<")
    feed_server.routes["/html"] = Route("<html><body>Trang lỗi</body></html>".encode(), content_type="text/html")
    broken = rss(sample_items(feed_server)[:2]).replace("</channel></rss>", "<item><title>cut")  # truncated
    feed_server.routes["/cut"] = Route(broken.encode())
    empty_item = rss(sample_items(feed_server, "/e")[4:]).replace("<item>", "<item></item><item>", 1)
    feed_server.routes["/empty-item"] = Route(empty_item.encode())
    paths = ("/garbage", "/html", "/cut", "/empty-item")
    with caplog.at_level(logging.WARNING):
        reports = await make(*(FeedSettings(url=feed_server.url(p)) for p in paths)).poll()
    assert [r.status for r in reports[:2]] == ["failed", "failed"]
    assert "not" in str(reports[0].error)
    assert len(reports[2].stored) == 2  # the well-formed entries before the cut are kept
    assert len(reports[3].stored) == 1
    assert "no text, title or link, skipped" in caplog.text


async def test_encoding_declared_in_the_xml_prolog(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    items = sample_items(feed_server)[:2]
    feed_server.routes["/cp1258"] = Route(encode_cp1258(rss(items, "windows-1258")), content_type="application/xml")
    (report,) = await make(FeedSettings(url=feed_server.url("/cp1258"))).poll()
    assert [s.digest.article.title for s in report.stored] == [i.title for i in items]


async def test_local_feed_file_and_folder(tmp_path: Path, make: Callable[..., Ingestor]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([Item(t, f"https://x.vn/{i}", b) for i, (t, b) in enumerate(sample_articles()[:2])]), "utf-8")
    folder = tmp_path / "archive"
    folder.mkdir()
    for i, (title, body) in enumerate(sample_articles()[2:]):
        (folder / f"{i}.txt").write_text(f"{title}\n{body}", "utf-8")
    ingestor = make(FeedSettings(url=str(feed)), FeedSettings(url=str(folder)))
    from_feed, from_folder = await ingestor.poll()
    assert (len(from_feed.stored), len(from_folder.stored)) == (2, 3)
    again = await ingestor.poll(force=True)
    assert [r.status for r in again] == ["not modified", "stored"]
    assert sum(len(r.stored) for r in again) == 0


async def test_redirects_are_followed(feed_server: FeedServer, make: Callable[..., Ingestor]) -> None:
    feed_server.routes["/old"] = Route(status=301, location=feed_server.url("/new"))
    feed_server.routes["/new"] = Route(rss(sample_items(feed_server)[:1]).encode())
    feed_server.routes["/loop"] = Route(status=302, location=feed_server.url("/loop"))
    moved, looping = await make(
        FeedSettings(url=feed_server.url("/old")), FeedSettings(url=feed_server.url("/loop"))
    ).poll()
    assert len(moved.stored) == 1
    assert (looping.status, looping.error) == ("failed", "more than 5 redirects")
