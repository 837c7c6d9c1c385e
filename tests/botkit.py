"""A real python-telegram-bot Application talking HTTP to the fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import Application, ContextTypes

from bot import DigestBot, install
from bot.app import new_application
from bot.offline.fakeapi import FakeBotAPI, Sent
from digest.config import Config, FeedSettings, IngestSettings, StoreSettings, TelegramSettings
from digest.gazetteer import Gazetteer
from tests.conftest import Clock

SCALE = 20.0  # every Telegram time window 20 times shorter, so tests do not wait seconds


@dataclass
class Harness:
    """The fake server, the application and what `install` returned."""

    api: FakeBotAPI
    app: Application  # type: ignore[type-arg]
    digest: DigestBot
    clock: Clock
    errors: list[BaseException]  # what the handlers raised (the error handler saw it)

    async def say(self, chat_id: int, text: str, expect: int = 1, **kwargs: object) -> list[Sent]:
        """Type a message and return what the bot sent in that chat in answer (`expect`: how many
        messages to wait for, before a short quiet that catches any further ones)."""
        before = len(self.api.messages_to(chat_id))
        self.api.user_message(chat_id, text, **kwargs)  # type: ignore[arg-type]
        await self._answered(chat_id, before, expect)
        return self.api.messages_to(chat_id)[before:]

    async def press(
        self, sent: Sent, data: str, user_id: int | None = None, chat_type: str | None = None, expect: int = 1
    ) -> list[Sent]:
        """Press a button and return what the bot sent or edited in that chat in answer."""
        before = len(self.api.messages_to(sent.chat_id))
        self.api.press(sent, data, user_id, chat_type)
        await self._answered(sent.chat_id, before, expect)
        return self.api.messages_to(sent.chat_id)[before:]

    async def _answered(self, chat_id: int, before: int, expect: int, limit: float = 15.0) -> None:
        if expect == 0:
            await self.settle()
            return
        end = time.monotonic() + limit
        while len(self.api.messages_to(chat_id)) < before + expect and time.monotonic() < end:  # noqa: ASYNC110  # the fake server answers from its own thread
            await asyncio.sleep(0.01)
        await self.settle(quiet=0.12)

    async def run_job(self, name: str) -> None:
        """Run one of the digest jobs now (as its schedule would), and wait for what it sends."""
        assert self.app.job_queue is not None
        (job,) = self.app.job_queue.get_jobs_by_name(name)
        await job.run(self.app)
        await self.settle()
        await self.digest.sender.drain()
        await self.settle()

    async def ingest(self) -> None:
        """Poll every source now (as the ingestion job does when they are due) and wait for the pushes."""
        await self.digest.ingest_now(force=True)
        await self.settle()

    async def settle(self, quiet: float = 0.3, limit: float = 15.0) -> None:
        """Wait until updates are handled and nothing was sent for `quiet` seconds."""
        end = time.monotonic() + limit
        seen = len(self.api.sent)
        while time.monotonic() < end:
            await asyncio.sleep(quiet)
            pending = self.app.update_queue.qsize() or self.api.pending_updates() or _handlers_running()
            if not pending and len(self.api.sent) == seen:
                return
            seen = len(self.api.sent)


def _handlers_running() -> bool:
    """Whether a non-blocking handler is still at work (python-telegram-bot names the task it runs it in)."""
    return any(":process_update_non_blocking:" in task.get_name() for task in asyncio.all_tasks() if not task.done())


def buttons(sent: Sent) -> list[tuple[str, str]]:
    """(label, callback data) of every inline button of a message."""
    markup = sent.reply_markup or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


@asynccontextmanager
async def running_bot(
    tmp: Path,
    gaz: Gazetteer,
    feeds: tuple[FeedSettings, ...] = (),
    allowed: tuple[int, ...] = (),
    host: Callable[[Application], None] | None = None,  # type: ignore[type-arg]
    clock: Clock | None = None,
    store_path: Path | None = None,
) -> AsyncIterator[Harness]:
    """Start the fake server and a polling Application with the digest service installed."""
    api = FakeBotAPI(time_scale=SCALE)
    base_url = api.start()
    clock = clock or Clock()
    config = Config(
        store=StoreSettings(path=str(store_path or tmp / "store")),
        ingest=IngestSettings(poll_seconds=3600),
        telegram=TelegramSettings(allowed_chats=allowed),
        feeds=feeds,
    )
    app = new_application(config, "123456:TEST", base_url, SCALE)  # the production builder
    if host is not None:
        host(app)
    digest = install(app, config, gazetteer=gaz, clock=clock, reply_to_unknown=host is None, time_scale=SCALE)
    errors: list[BaseException] = []

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    # Short long polls: stopping waits for the one in flight.
    await app.updater.start_polling(poll_interval=0.0, timeout=dt.timedelta(seconds=0.2))
    try:
        yield Harness(api, app, digest, clock, errors)
        assert not errors, f"a handler raised: {errors!r}"
        assert not api.unanswered_presses(), "a button press was never answered"
        # The fake refuses what Telegram refuses (HTML it cannot parse, long texts, bad buttons, double
        # answers): any refusal is a message that a real chat would not have received.
        assert not api.refused, f"Telegram would have refused: {api.refused}"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        api.stop()
