"""The tinydb store: batches, segments, restart, corruption, retention, feed state."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from digest import news
from digest.gazetteer import Gazetteer
from digest.models import Article, Digest, EventDate, Figure, Leader, Locality
from digest.places import label
from digest.records import Brief, FeedState, StoredDigest
from digest.store import StoreCorruptError, TinyStore
from digest.store import tiny as tiny_module
from digest.store.format import decode
from digest.timeutil import now_vn
from digest.weekly import MAX_FIGURES, MAX_HEADLINES, weekly_messages
from tests.conftest import Clock

START = now_vn()


def item(i: int, units: tuple[str, ...] = ("D395", "P38"), hours: int = 0) -> StoredDigest:
    """A stored digest published `hours` after START."""
    article = Article(source="t", title=f"Bài {i}", paragraphs=(), url=f"https://x.vn/{i}")
    digest = Digest(article, (Locality("Thọ Xuân", "huyện", "Thanh Hóa", "395"),), None, (), (), f"Tóm tắt {i}")
    when = START + dt.timedelta(hours=hours)
    return StoredDigest(f"id{i}", digest, "feed", when, when, (f"g:{i}",), units, text=f"Toàn văn {i}")


def test_batches_survive_a_restart(tmp_path: Path) -> None:
    store = TinyStore(tmp_path, segment_size=3)
    store.add([item(i, hours=i) for i in range(10)])
    reopened = TinyStore(tmp_path, segment_size=3)
    assert [s.id for s in reopened.latest(limit=3)] == ["id9", "id8", "id7"]
    assert reopened.has_any_key(["g:4"])
    assert not reopened.has_any_key(["g:10"])
    assert len(list((tmp_path / "digests").glob("*.json"))) == 4
    assert reopened.latest(limit=1)[0].digest.article.title == "Bài 9"


def test_latest_and_between_filter_by_units(tmp_path: Path) -> None:
    store = TinyStore(tmp_path)
    store.add([item(1, ("D395", "P38"), hours=1), item(2, ("D393", "P38"), hours=2), item(3, ("P22",), hours=3)])
    assert [s.id for s in store.latest(["D395"])] == ["id1"]
    assert [s.id for s in store.latest(["P38"], limit=5)] == ["id2", "id1"]
    assert store.latest(["D999"]) == []
    window = store.between(START + dt.timedelta(hours=2), START + dt.timedelta(hours=4))
    assert [s.id for s in window] == ["id2", "id3"]


def test_corrupt_file_is_restored_from_its_backup(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = TinyStore(tmp_path)
    store.add([item(1)])
    store.add([item(2, hours=1)])
    (segment,) = (tmp_path / "digests").glob("*.json")
    segment.write_bytes(segment.read_bytes()[:40])  # truncated
    with caplog.at_level(logging.ERROR):
        reopened = TinyStore(tmp_path)
    assert "corrupt" in caplog.text
    assert [s.id for s in reopened.latest(limit=5)] == ["id1"]  # the last good copy
    assert list((tmp_path / "digests").glob("*.corrupt-*"))


def test_corrupt_file_without_backup_stops_start_up(tmp_path: Path) -> None:
    TinyStore(tmp_path).add([item(1)])
    (segment,) = (tmp_path / "digests").glob("*.json")
    segment.with_name(segment.name + ".bak").unlink(missing_ok=True)
    segment.write_text("{not json", "utf-8")
    with pytest.raises(StoreCorruptError, match="no readable backup"):
        TinyStore(tmp_path)
    assert segment.read_text("utf-8") == "{not json"  # never replaced by an empty store


def test_no_temporary_file_is_left_and_files_are_plain_json(tmp_path: Path) -> None:
    store = TinyStore(tmp_path)
    store.add([item(1)])
    store.save_feed_states([FeedState("https://x.vn/rss", etag='"e"', failures=2, next_poll_at=START)])
    assert not list(tmp_path.rglob("*.tmp"))
    state = json.loads((tmp_path / "state.json").read_text("utf-8"))
    assert state["feeds"]["1"]["etag"] == '"e"'


def test_feed_state_round_trip(tmp_path: Path) -> None:
    state = FeedState("https://x.vn/rss", '"e"', "Mon, 01 Jan 2024 00:00:00 GMT", 3, START, "HTTP 500", START)
    TinyStore(tmp_path).save_feed_states([state])
    assert TinyStore(tmp_path).feed_state("https://x.vn/rss") == state
    later = dataclasses.replace(state, failures=0, etag='"f"')
    TinyStore(tmp_path).save_feed_states([later, FeedState("https://y.vn/rss")])
    assert TinyStore(tmp_path).feed_states() == [later, FeedState("https://y.vn/rss")]
    assert TinyStore(tmp_path).feed_state("https://other") == FeedState("https://other")


def test_old_texts_are_dropped_and_digests_kept(tmp_path: Path) -> None:
    clock = Clock(START)
    store = TinyStore(tmp_path, segment_size=2, text_retention_days=30, clock=clock)
    store.add([item(1), item(2)])
    clock.now += dt.timedelta(days=10)
    store.add([item(3), item(4)])
    clock.now += dt.timedelta(days=35)  # the first segment ended (the second began) 35 days ago
    store.add([item(5)])
    assert store.prune_texts() >= 1
    assert len(list((tmp_path / "texts").glob("*.json"))) == 2
    assert len(store.latest(limit=10)) == 5


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_only_the_newest_segment_is_written_and_opening_reads_no_sealed_one(tmp_path: Path) -> None:
    store = TinyStore(tmp_path, segment_size=3)
    store.add([item(i, hours=i) for i in range(9)])  # three full segments
    store.add([item(9, ("D393",), hours=9)])  # a fourth: the third is sealed now
    sealed = _files(tmp_path / "digests")
    newest = max(sealed)
    store.add([item(10, hours=10)])
    after = _files(tmp_path / "digests")
    assert {n: b for n, b in after.items() if n != newest} == {n: b for n, b in sealed.items() if n != newest}
    assert after[newest] != sealed[newest]
    # Damage every sealed segment (and its backup): opening, the keys, the count and the newest digests
    # must not need them, so the index is not rebuilt from the segments.
    for name in sealed:
        if name != newest:
            (tmp_path / "digests" / name).write_text("{damaged", "utf-8")
            (tmp_path / "digests" / f"{name}.bak").unlink(missing_ok=True)
    reopened = TinyStore(tmp_path, segment_size=3)
    assert reopened.count() == 11
    assert reopened.has_any_key(["g:0"])
    assert not reopened.has_any_key(["g:11"])
    assert [s.id for s in reopened.latest(["D395"])] == ["id10"]
    with pytest.raises(StoreCorruptError):
        reopened.between(START, START + dt.timedelta(hours=2))  # that one reads a sealed segment


def test_latest_finds_a_rare_place_in_an_old_segment(tmp_path: Path) -> None:
    store = TinyStore(tmp_path, segment_size=4)
    store.add([item(0, ("D100",), hours=0)] + [item(i, ("D395",), hours=i) for i in range(1, 40)])
    reopened = TinyStore(tmp_path, segment_size=4)
    assert [s.id for s in reopened.latest(["D100"])] == ["id0"]
    assert [s.id for s in reopened.latest(["D100", "D395"], limit=1)] == ["id39"]
    assert [s.id for s in reopened.latest(["D395"], limit=5)] == ["id39", "id38", "id37", "id36", "id35"]
    assert [s.id for s in reopened.latest(limit=3)] == ["id39", "id38", "id37"]
    assert [s.id for s in reopened.latest(limit=12)][-1] == "id28"  # past what the catalog remembers


def test_a_digest_published_long_before_it_was_stored_is_found_by_its_day(tmp_path: Path) -> None:
    store = TinyStore(tmp_path, segment_size=2)
    store.add([item(i, hours=100 + i) for i in range(6)])
    store.add([item(6, hours=-500), item(7, hours=200)])  # an old article stored late
    store.add([item(8, hours=300)])
    reopened = TinyStore(tmp_path, segment_size=2)
    window = reopened.between(START - dt.timedelta(hours=501), START)
    assert [s.id for s in window] == ["id6"]
    assert [s.id for s in reopened.between(START, START + dt.timedelta(hours=1000))][:2] == ["id0", "id1"]


def test_a_lost_catalog_or_index_is_rebuilt_from_the_segments(tmp_path: Path) -> None:
    store = TinyStore(tmp_path, segment_size=3)
    store.add([item(i, (f"D{i % 4}",), hours=i) for i in range(14)])
    before = [[s.id for s in store.latest([f"D{k}"])] for k in range(4)]
    week = [s.id for s in store.between(START, START + dt.timedelta(hours=14), ["D1"])]
    (tmp_path / "catalog.json").unlink()  # a crash after a segment's index, before the catalog
    next(iter((tmp_path / "index").glob("*.keys.json"))).unlink()
    sorted((tmp_path / "index").glob("*Z.json"))[1].write_text("[", "utf-8")
    reopened = TinyStore(tmp_path, segment_size=3)
    assert [[s.id for s in reopened.latest([f"D{k}"])] for k in range(4)] == before
    assert [s.id for s in reopened.between(START, START + dt.timedelta(hours=14), ["D1"])] == week
    assert all(reopened.has_any_key([f"g:{i}"]) for i in range(14))
    assert reopened.count() == 14


def _rich(i: int) -> StoredDigest:
    """A digest of Thọ Xuân with figures, a leader, and every third one an event day or no publication time."""
    base = item(i, hours=i)
    figures = (
        Figure(f"{i} tấn", float(i), "tấn", "sản lượng" if i % 2 else ""),
        Figure(f"{i}%", float(i), "%", "tỷ lệ"),
    )
    event = EventDate((START + dt.timedelta(days=i % 5)).date(), None, "Ngày") if i % 3 == 0 else None
    leaders = (Leader(f"Lê Văn {'ABC'[i % 3]}", (f"Chủ tịch UBND xã {i}",)),)
    digest = dataclasses.replace(base.digest, figures=figures, event_date=event, leaders=leaders)
    stored_at = base.when if i % 3 == 1 else base.when + dt.timedelta(minutes=5)  # the storing time stands in
    return dataclasses.replace(base, digest=digest, stored_at=stored_at)


def test_briefs_are_the_briefs_of_the_digests_sealed_open_or_damaged(tmp_path: Path) -> None:
    store = TinyStore(tmp_path, segment_size=4)
    store.add([_rich(i) for i in range(10)])  # two sealed segments and an open one
    window = (START, START + dt.timedelta(hours=20))
    whole = sorted(store.each_between(*window), key=lambda d: d.id)
    briefs = sorted(store.briefs_between(*window), key=lambda b: b.id)
    assert [b[:-1] for b in briefs] == [Brief.of(d)[:-1] for d in whole]
    assert [b.whole() for b in briefs] == whole
    # Shift a sealed segment's bytes: what the index points at is no longer a document of its own.
    sealed = min((tmp_path / "digests").glob("*.json"))
    sealed.write_text(" " + sealed.read_text("utf-8"), "utf-8")
    reopened = TinyStore(tmp_path, segment_size=4)
    again = sorted(reopened.briefs_between(*window), key=lambda b: b.id)
    assert [b[:-1] for b in again] == [b[:-1] for b in briefs]
    assert [b.whole() for b in again] == whole


def test_a_weeks_summary_reads_whole_only_the_digests_it_shows(
    tmp_path: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TinyStore(tmp_path, segment_size=50)
    items = [_rich(i) for i in range(160)]
    store.add(items)
    decoded: list[str] = []

    def counting(doc: dict[str, Any]) -> StoredDigest:
        found = decode(doc)
        decoded.append(found.id)
        return found

    monkeypatch.setattr(tiny_module, "decode", counting)
    end = START + dt.timedelta(days=7)
    unit = gaz.units["D395"]
    messages = news.week_summary(TinyStore(tmp_path, segment_size=50), unit, gaz, end)
    assert len(decoded) <= MAX_HEADLINES + MAX_FIGURES
    assert len(set(decoded)) == len(decoded)  # a digest shown twice (headline and figure) is read once
    assert messages == weekly_messages(label(unit, gaz), items, end - news.WEEK, end, "D395")
