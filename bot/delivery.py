"""Sending the outbox: Telegram's limits and errors, one chat's trouble never holding up the others.

`AIORateLimiter` (installed on the Application) keeps the bot under 30 messages/s overall and
20/min per group; this module adds the 1 message/s per chat that it does not enforce, waits out
`RetryAfter`, deactivates chats that blocked or removed the bot (`Forbidden`), follows
`ChatMigrated`, and retries network errors with back-off. A delivery is marked done only after
Telegram answered (or it was given up), so a restart resumes the outbox without repeating anything
but, at most, the messages that were in flight (one per chat).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import enum
import logging
import math
import time
import warnings
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot, LinkPreviewOptions
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

from bot.service import DigestService
from digest.records import Delivery

log = logging.getLogger(__name__)

TELEGRAM_PER_SECOND = 30
OVERALL_PER_SECOND = 29.6  # Telegram allows 30; the margin absorbs jitter (the window check below guarantees it)
PRIVATE_INTERVAL = 1.0  # seconds between two messages to one chat
GROUP_INTERVAL = 3.0  # 20 per minute in a group
MAX_ATTEMPTS = 6
# Chats served at once: far more than the rate limit needs, few enough that thousands of waiting
# tasks do not make the event loop late (and the messages bunch up on the wire).
CONCURRENT_CHATS = 100
MAX_NETWORK_BACKOFF = 60.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Outcome(enum.Enum):
    """What became of a delivery."""

    SENT = "sent"
    GIVEN_UP = "given up"  # Telegram refused this message (marked done, the queue goes on)
    LATER = "later"  # still pending: retried at the next drain
    GONE = "gone"  # the chat blocked or removed the bot


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one message, and the chat it went to (a group that became a supergroup has a new id)."""

    outcome: Outcome
    chat_id: int


@dataclass
class _Ticket:
    """One message on its way: None until Telegram answered it."""

    answered_at: float | None = None


class ChatPacer:
    """Send slots for everything the digest service sends, replies included: one message per second
    per chat (one per three seconds in a group: 20 per minute) and OVERALL_PER_SECOND overall.

    Slots are booked arithmetically (the next is the previous plus the interval), so late wake-ups
    never lower the rate. On top, a message starts only while fewer than thirty messages are in flight
    or were answered within the last second. A message reaches Telegram between its start and its
    answer, so whatever the network delays, no second ever sees more than thirty arrive.
    """

    def __init__(self, time_scale: float = 1.0) -> None:
        self.private_interval = PRIVATE_INTERVAL / time_scale
        self.group_interval = GROUP_INTERVAL / time_scale
        self.overall_interval = 1 / (OVERALL_PER_SECOND * time_scale)
        self.window = 1 / time_scale
        self._next: dict[int, float] = {}
        # When each chat's last message started. A slot is booked when a message is queued, so a wake-up made
        # late by a busy machine would bring the chat's next message closer than its interval; it waits.
        self._started: dict[int, float] = {}
        self._next_overall = 0.0
        self._recent: list[_Ticket] = []

    @contextlib.asynccontextmanager
    async def sending(self, chat_id: int) -> AsyncIterator[None]:
        """Wait for this chat's next slot; the body sends one message."""
        interval = self.group_interval if chat_id < 0 else self.private_interval
        now = time.monotonic()
        slot = max(now, self._next.get(chat_id, now), self._next_overall)
        self._next[chat_id] = slot + interval
        self._next_overall = slot + self.overall_interval
        while True:  # the loop may wake a little early, or late (see `_started`)
            delay = max(slot, self._started.get(chat_id, -math.inf) + interval) - time.monotonic()
            if delay <= 0 and (delay := self._wait_for_room()) <= 0:  # room: short only when answers are slow
                break
            await asyncio.sleep(delay)
        self._started[chat_id] = time.monotonic()  # no await from the checks to here: no other send between
        ticket = _Ticket()
        self._recent.append(ticket)
        try:
            yield
        finally:
            ticket.answered_at = time.monotonic()

    def _wait_for_room(self) -> float:
        """0 when fewer than thirty messages are in flight or were answered within the window; else how long
        until the oldest answer leaves it (or a short while, when those in the way are all in flight)."""
        now = time.monotonic()
        since = now - self.window
        self._recent = [t for t in self._recent if t.answered_at is None or t.answered_at > since]
        if len(self._recent) < TELEGRAM_PER_SECOND:
            return 0.0
        answered = [t.answered_at for t in self._recent if t.answered_at is not None]
        return min(answered) - since if answered else self.window / 50


Call = Callable[[int], Awaitable[object]]  # one Bot API call, given the chat id to send to


class Courier:
    """One message (a push, a reply, an edit) through the pacer and Telegram's errors.

    `RetryAfter` is waited out and retried, network errors and 5xx are retried with back-off,
    `ChatMigrated` moves the chat's subscriptions and sends to the new id, `Forbidden` (blocked,
    kicked) and "chat not found" deactivate the chat, and any other refusal is given up with its
    reason logged. Replies and pushes share this, so a reply is never lost under load either.
    """

    def __init__(self, service: DigestService, pacer: ChatPacer) -> None:
        self.service = service
        self.pacer = pacer

    async def deliver(self, chat_id: int, call: Call, what: str = "message") -> Result:
        """Make the call to `chat_id` until it succeeds or is given up; what became of it."""
        backoff = 1.0
        target = chat_id
        for _ in range(MAX_ATTEMPTS):
            try:
                async with self.pacer.sending(target):
                    await call(target)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                log.warning("chat %s: flood limit, retrying in %.0f s", target, wait)
                await asyncio.sleep(wait)
                continue
            except ChatMigrated as exc:
                log.info("chat %s became %s", target, exc.new_chat_id)
                self.service.migrate(target, exc.new_chat_id)
                target = exc.new_chat_id
                continue
            except Forbidden as exc:
                log.info("chat %s: %s; its subscriptions are deactivated", target, exc.message)
                self.service.deactivate(target)
                return Result(Outcome.GONE, target)
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    self.service.deactivate(target)
                    return Result(Outcome.GONE, target)
                level = logging.INFO if "not modified" in exc.message else logging.ERROR
                log.log(level, "chat %s: %s refused (%s); given up", target, what, exc.message)
                return Result(Outcome.GIVEN_UP, target)
            except TelegramError as exc:  # NetworkError (TimedOut, 5xx answers) and anything unforeseen
                log.warning("chat %s: %s; retrying in %.0f s", target, exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_NETWORK_BACKOFF)
                continue
            return Result(Outcome.SENT, target)
        return Result(Outcome.LATER, target)


class Sender:
    """Drains the outbox; `drain()` may be called any time, concurrent calls share one run."""

    def __init__(self, service: DigestService, bot: Bot, courier: Courier) -> None:
        self.service = service
        self.bot = bot
        self.courier = courier
        self._running: asyncio.Task[int] | None = None
        self._again = False
        self.sent = 0

    async def drain(self) -> int:
        """Send every pending delivery; the number sent. A call during a run makes it go round again."""
        if self._running is not None and not self._running.done():
            self._again = True
            await asyncio.shield(self._running)  # returns once that run (and its extra round) is over
            return 0
        self._running = asyncio.create_task(self._drain_all())
        return await asyncio.shield(self._running)

    def cancel(self) -> None:
        """Stop the running drain where it is (what is not marked done stays in the outbox)."""
        if self._running is not None:
            self._running.cancel()

    async def _drain_all(self) -> int:
        total = 0
        while True:
            self._again = False
            total += await self._drain_once()
            if not self._again:
                return total

    async def _drain_once(self) -> int:
        by_chat: dict[int, list[Delivery]] = defaultdict(list)
        for delivery in self.service.pending_deliveries():
            by_chat[delivery.chat_id].append(delivery)
        slots = asyncio.Semaphore(CONCURRENT_CHATS)

        async def one(chat_id: int, items: list[Delivery]) -> int:
            async with slots:
                return await self._send_chat(chat_id, items)

        counts = await asyncio.gather(*(one(chat, items) for chat, items in by_chat.items()))
        return sum(counts)

    async def _send_chat(self, chat_id: int, items: list[Delivery]) -> int:
        sent = 0
        target = chat_id
        for position, delivery in enumerate(items):
            result = await self.courier.deliver(target, self._call(delivery.text), f"delivery {delivery.id}")
            target = result.chat_id  # a group that became a supergroup: the rest of its queue goes there too
            outcome = result.outcome
            if outcome is Outcome.SENT:
                self.service.delivered(delivery.id)
                self.sent += 1
                sent += 1
            elif outcome is Outcome.GIVEN_UP:
                self.service.delivered(delivery.id)
            elif outcome is Outcome.GONE:  # the chat blocked or removed the bot: drop the rest of its queue
                for rest in items[position:]:
                    self.service.delivered(rest.id)
                break
            else:  # not sent now: stays pending, in order, for the next drain
                break
        return sent

    def _call(self, text: str) -> Call:
        async def send(chat_id: int) -> object:
            return await self.bot.send_message(chat_id, text, link_preview_options=NO_PREVIEW)

        return send


def rate_limiter(time_scale: float = 1.0) -> AIORateLimiter:
    """PTB's AIORateLimiter at Telegram's 30 messages/s overall and 20/min per group, without bursts.

    Its defaults let a burst of 30 go at once and then 30 more within the same second; a bucket of one
    spaces messages evenly instead. The digest service's own messages are paced a little below it by
    ChatPacer; this guards everything else the host bot sends.
    """
    return AIORateLimiter(
        overall_max_rate=1,
        overall_time_period=1 / (TELEGRAM_PER_SECOND * time_scale),
        group_max_rate=1,
        group_time_period=GROUP_INTERVAL / time_scale,
    )


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a RetryAfter asks for, in seconds (PTB is moving it from int to timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
