"""The tinydb store: batches, segments, restart, corruption, retention, feed state."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from digest.models import Article, Digest, Locality
from digest.records import FeedState, StoredDigest
from digest.store import StoreCorruptError, TinyStore
from digest.timeutil import now_vn
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
