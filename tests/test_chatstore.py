"""Chats, subscriptions and the outbox on disk: restart, migration, journal."""

from __future__ import annotations

from pathlib import Path

from digest.records import ChatSettings, Delivery
from digest.store.chats import ChatStore
from digest.timeutil import now_vn

NOW = now_vn()


def test_subscriptions_survive_a_restart(tmp_path: Path) -> None:
    store = ChatStore(tmp_path)
    assert store.subscribe(1, "D395")
    assert not store.subscribe(1, "D395")
    store.subscribe(2, "D395")
    store.subscribe(-1003, "P38")
    store.save_chat(ChatSettings(2, weekly_day="sun", weekly_only=True))
    reopened = ChatStore(tmp_path)
    assert reopened.subscribers(["D395", "P38"]) == {1: ["D395"], 2: ["D395"], -1003: ["P38"]}
    assert reopened.chat(2).weekly_only
    assert reopened.subscriptions(2) == ["D395"]  # settings saved after subscribing keep the subscription
    assert reopened.unsubscribe(1, "D395")
    assert not reopened.unsubscribe(1, "D395")
    assert ChatStore(tmp_path).subscribers(["D395"]) == {2: ["D395"]}


def test_migration_moves_settings_and_subscriptions(tmp_path: Path) -> None:
    store = ChatStore(tmp_path)
    store.subscribe(-5, "D395")
    store.save_chat(ChatSettings(-5, weekly_time="18:00"))
    store.migrate(-5, -1005)
    reopened = ChatStore(tmp_path)
    assert reopened.subscriptions(-5) == []
    assert reopened.subscriptions(-1005) == ["D395"]
    assert reopened.chat(-1005).weekly_time == "18:00"
    assert reopened.subscribers(["D395"]) == {-1005: ["D395"]}


def test_outbox_journal_and_compaction(tmp_path: Path) -> None:
    store = ChatStore(tmp_path)
    assert store.enqueue([Delivery("a", 1, "x", NOW), Delivery("b", 1, "y", NOW), Delivery("a", 1, "x", NOW)]) == 2
    store.mark_done("a")
    assert [d.id for d in ChatStore(tmp_path).pending()] == ["b"]
    assert store.enqueue([Delivery("a", 1, "x", NOW)]) == 0  # already delivered
    assert store.enqueue([Delivery("c", 2, "z", NOW)]) == 1  # this write also drops the delivered "a"
    reopened = ChatStore(tmp_path)
    assert [d.id for d in reopened.pending()] == ["b", "c"]
    assert (tmp_path / "outbox.done").read_text("utf-8") == ""


def test_named_values(tmp_path: Path) -> None:
    ChatStore(tmp_path).set_value("fanout_until", "2026-11-22T10:00:00+07:00")
    assert ChatStore(tmp_path).value("fanout_until") == "2026-11-22T10:00:00+07:00"
    assert ChatStore(tmp_path).value("other") is None
