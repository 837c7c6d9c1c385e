"""The news of a place in the store: its newest digests and its week, for the bot and the command line alike."""

from __future__ import annotations

import datetime as dt

from digest.gazetteer import Gazetteer, Unit
from digest.places import coverage, label
from digest.records import DigestRepository, StoredDigest

WEEK = dt.timedelta(days=7)


def newest(store: DigestRepository, unit: Unit, gaz: Gazetteer, limit: int = 1) -> list[StoredDigest]:
    """The newest digests a subscription to `unit` receives."""
    return store.latest(coverage(unit.key, gaz), limit=limit)


def week_of(store: DigestRepository, unit: Unit, gaz: Gazetteer, end: dt.datetime) -> list[StoredDigest]:
    """What a subscription to `unit` received in the seven days before `end`, oldest first."""
    return store.between(end - WEEK, end, coverage(unit.key, gaz))


def no_news(unit: Unit, gaz: Gazetteer) -> str:
    """The line for a place without news."""
    return f"Chưa có bài nào về {label(unit, gaz)}."
