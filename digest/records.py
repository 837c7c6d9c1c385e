"""What the store keeps, and the small interface the rest of the code uses to reach it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from digest.models import Digest


@dataclass(frozen=True, slots=True)
class StoredDigest:
    """A digest as stored: the extraction plus where and when it came from."""

    id: str
    digest: Digest
    feed: str  # the feed's name, or its URL or path
    stored_at: dt.datetime
    when: dt.datetime  # publication time; the storing time when the source gives none
    keys: tuple[str, ...]  # deduplication keys: "g:<guid>", "l:<link>", "f:<title>|<date>"
    units: tuple[str, ...]  # subscription keys it matches: "D<district code>", "P<province code>"
    text: str | None = None  # the full text, kept for [store] text_retention_days


class Brief(NamedTuple):
    """What a week's summary weighs of a stored digest before it keeps it (its times, its event's day, each
    figure's label and unit, its leaders), and a way to read the whole digest once kept. A week can hold
    10,000 digests and shows some sixty: reading every one whole was most of its cost. (A named tuple: one
    is made per digest of the week.)"""

    id: str
    when: dt.datetime
    stored_at: dt.datetime
    event_day: dt.date | None
    figures: tuple[tuple[str, str], ...]  # (label, unit) of each figure, in order
    leaders: tuple[tuple[str, tuple[str, ...]], ...]  # (name, titles) of each leader
    whole: Callable[[], StoredDigest]

    @classmethod
    def of(cls, item: StoredDigest) -> Brief:
        """The brief of a digest at hand."""
        digest = item.digest
        return cls(
            item.id,
            item.when,
            item.stored_at,
            digest.event_date.day if digest.event_date is not None else None,
            tuple([(f.label, f.unit) for f in digest.figures]),
            tuple([(leader.name, leader.titles) for leader in digest.leaders]),
            lambda: item,
        )


@dataclass(frozen=True, slots=True)
class FeedState:
    """What is remembered of a feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive failed polls
    next_poll_at: dt.datetime | None = None
    last_error: str | None = None
    last_success_at: dt.datetime | None = None


class DigestRepository(Protocol):
    """The store as the ingestion and the bot see it (tinydb today, SQL possibly later)."""

    def has_any_key(self, keys: Collection[str]) -> bool:
        """Whether a digest with one of these deduplication keys is stored."""
        ...

    def add(self, items: Sequence[StoredDigest]) -> None:
        """Store a batch durably; when this returns, the batch survives a crash."""
        ...

    def latest(self, units: Collection[str] | None = None, limit: int = 1) -> list[StoredDigest]:
        """The newest digests (by publication time) matching any of `units`, or any digest."""
        ...

    def between(self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None) -> list[StoredDigest]:
        """Digests published in [start, end) matching any of `units`, oldest first."""
        ...

    def each_between(
        self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None
    ) -> Iterator[StoredDigest]:
        """`between`, one digest at a time in any order (to summarise a week without holding it whole)."""
        ...

    def briefs_between(
        self, start: dt.datetime, end: dt.datetime, units: Collection[str] | None = None
    ) -> Iterator[Brief]:
        """`each_between` as briefs, each digest read whole only when asked (to summarise a week)."""
        ...

    def stored_since(self, moment: dt.datetime) -> list[StoredDigest]:
        """Digests stored after `moment`, in storing order."""
        ...

    def count(self) -> int:
        """How many digests lookups can reach."""
        ...

    def prune_texts(self) -> int:
        """Drop full texts past the retention horizon; how many files went."""
        ...

    def feed_state(self, url: str) -> FeedState:
        """The remembered state of a feed (a fresh one for a new feed)."""
        ...

    def save_feed_states(self, states: Sequence[FeedState]) -> None:
        """Remember feeds' states (in one write where the backend allows)."""
        ...


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A chat that uses the bot, and how it wants its news."""

    chat_id: int
    weekly_day: str = "mon"  # mon..sun
    weekly_time: str = "07:00"  # Vietnam time
    weekly_only: bool = False  # no instant pushes
    active: bool = True  # False once the bot was blocked or removed
    weekly_done_until: str = ""  # ISO time: weekly slots up to here were sent (or predate the chat)


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message waiting in the outbox: recorded before sending, marked done once Telegram answered."""

    id: str  # "<digest id>:<chat id>" or "weekly:<chat id>:<week>:<part>": enqueuing twice is harmless
    chat_id: int
    text: str
    created_at: dt.datetime


class ChatRepository(Protocol):
    """The chats, their subscriptions and the outbox, as the bot sees them (tinydb today)."""

    def chat(self, chat_id: int) -> ChatSettings:
        """The settings of a chat (defaults for a new one)."""
        ...

    def save_chat(self, settings: ChatSettings) -> None:
        """Remember a chat's settings."""
        ...

    def save_chats(self, settings: Sequence[ChatSettings]) -> None:
        """Remember many chats' settings (in few writes)."""
        ...

    def chats(self) -> list[ChatSettings]:
        """Every chat the bot knows."""
        ...

    def migrate(self, old: int, new: int) -> None:
        """A group became a supergroup: its settings and subscriptions move to the new id."""
        ...

    def subscriptions(self, chat_id: int) -> list[str]:
        """A chat's subscription keys, in the order they were made."""
        ...

    def subscribe(self, chat_id: int, key: str) -> bool:
        """Add a subscription; False when the chat had it."""
        ...

    def unsubscribe(self, chat_id: int, key: str) -> bool:
        """Remove a subscription; False when the chat did not have it."""
        ...

    def subscribers(self, keys: Collection[str]) -> dict[int, list[str]]:
        """Chats subscribed to any of `keys`, each with the keys that matched."""
        ...

    def enqueue(self, deliveries: Sequence[Delivery]) -> int:
        """Record deliveries durably (ids already recorded are ignored); how many were new."""
        ...

    def pending(self) -> list[Delivery]:
        """Deliveries not yet marked done, oldest first."""
        ...

    def mark_done(self, delivery_id: str) -> None:
        """Record durably that a delivery was sent (or given up)."""
        ...

    def value(self, name: str) -> Any:
        """A named value kept by the bot (None when unset)."""
        ...

    def set_value(self, name: str, value: Any) -> None:
        """Keep a named value durably."""
        ...
