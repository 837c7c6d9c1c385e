"""The news of a place in the store: its newest digests and its week, for the bot and the command line alike."""

from __future__ import annotations

import datetime as dt

from digest.gazetteer import Gazetteer, Unit
from digest.gcpause import collector_paused
from digest.places import coverage, label
from digest.records import DigestRepository, StoredDigest
from digest.weekly import brief_messages

WEEK = dt.timedelta(days=7)


def newest(store: DigestRepository, unit: Unit, gaz: Gazetteer, limit: int = 1) -> list[StoredDigest]:
    """The newest digests a subscription to `unit` receives."""
    return store.latest(coverage(unit.key, gaz), limit=limit)


def week_of(store: DigestRepository, unit: Unit, gaz: Gazetteer, end: dt.datetime) -> list[StoredDigest]:
    """What a subscription to `unit` received in the seven days before `end`, oldest first."""
    return store.between(end - WEEK, end, coverage(unit.key, gaz))


def week_summary(store: DigestRepository, unit: Unit, gaz: Gazetteer, end: dt.datetime) -> list[str]:
    """The weekly summary of a place as messages: its week read and summarised (what the bot's weekly
    job, /weekly and `digest-bot weekly` send)."""
    briefs = store.briefs_between(end - WEEK, end, coverage(unit.key, gaz))  # one at a time: a week can be 10,000
    with collector_paused():  # each brief is freed as soon as it is counted: nothing for the collector to do
        return brief_messages(label(unit, gaz), briefs, end - WEEK, end, unit.key)


def no_news(unit: Unit, gaz: Gazetteer) -> str:
    """The line for a place without news."""
    return f"Chưa có bài nào về {label(unit, gaz)}."
