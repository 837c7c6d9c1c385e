"""The bot's operations without Telegram, on a real store: the weekly run at the scale of many chats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from pathlib import Path

from bot.service import DigestService
from digest.config import Config
from digest.gazetteer import Gazetteer
from digest.models import Article, Digest
from digest.records import Brief, StoredDigest
from digest.store import TinyStore
from digest.store.chats import ChatStore
from digest.timeutil import VN_TZ
from tests.conftest import Clock

MONDAY = dt.datetime(2026, 11, 30, 7, 0, tzinfo=VN_TZ)


class CountingStore(TinyStore):
    """The real store, counting the weeks it is asked for."""

    weeks = 0

    def briefs_between(
        self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None
    ) -> Iterator[Brief]:
        self.weeks += 1
        return super().briefs_between(start, end, units)


def _item(i: int, units: tuple[str, ...]) -> StoredDigest:
    when = MONDAY - dt.timedelta(hours=10 + i)
    digest = Digest(Article("t", f"Tin {i}", (), url=f"https://baothanhhoa.vn/{i}"), (), None, (), (), "Tóm tắt")
    return StoredDigest(f"d{i}", digest, "feed", when, when, (f"g:{i}",), units)


def test_each_distinct_weekly_summary_is_built_once_whatever_the_number_of_chats(
    tmp_path: Path, gaz: Gazetteer
) -> None:
    clock = Clock(MONDAY - dt.timedelta(days=1))
    store = CountingStore(tmp_path)
    store.add([_item(i, ("T38",)) for i in range(3)] + [_item(9, ("T22",))])
    chats = ChatStore(tmp_path)
    service = DigestService(Config(), store, chats, gaz, clock)
    thanh_hoa, quang_ninh = gaz.units["T38"], gaz.units["T22"]
    for chat_id in range(1, 301):
        service.subscribe(chat_id, thanh_hoa)
    for chat_id in range(301, 311):
        service.subscribe(chat_id, thanh_hoa)
        service.subscribe(chat_id, quang_ninh)
    clock.now = MONDAY + dt.timedelta(minutes=5)
    assert service.queue_due_weeklies() == 310
    assert store.weeks == 2  # Thanh Hóa's week and Quảng Ninh's, each read (and summarised) once
    pending = service.pending_deliveries()
    assert {d.chat_id for d in pending} == set(range(1, 311))
    assert len([d for d in pending if d.chat_id == 305]) == 2
    assert all("Tin 0" in d.text for d in pending if d.chat_id == 7)
    reopened = ChatStore(tmp_path)
    assert all(s.weekly_done_until == MONDAY.isoformat() for s in reopened.chats())
    assert service.queue_due_weeklies() == 0  # done: not queued twice
    assert len(service.pending_deliveries()) == len(pending)


def test_a_chat_s_own_slot_reads_its_own_week(tmp_path: Path, gaz: Gazetteer) -> None:
    clock = Clock(MONDAY - dt.timedelta(days=1))
    store = CountingStore(tmp_path)
    store.add([_item(1, ("T38",))])
    service = DigestService(Config(), store, ChatStore(tmp_path), gaz, clock)
    service.subscribe(1, gaz.units["T38"])
    service.subscribe(2, gaz.units["T38"])
    service.set_schedule(2, time="06:00")
    clock.now = MONDAY + dt.timedelta(minutes=5)
    assert service.queue_due_weeklies() == 2
    assert store.weeks == 2  # two slots (06:00 and 07:00): two different weeks
    assert {d.chat_id for d in service.pending_deliveries()} == {1, 2}
