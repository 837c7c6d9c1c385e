"""`install(application, config)`: the digest service added to any python-telegram-bot Application.

Handlers go into their own handler group, callback data carry a "dg:" prefix, jobs are named
"digest-*", commands are merged into the host's menu, and nothing is put in `bot_data`: the host's
handlers, commands and data are left as they were.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import texts
from bot.delivery import ChatPacer, Courier, Sender
from bot.handlers import Context, Handlers, error_handler
from bot.redact import protect
from bot.service import DigestService
from digest import gazetteer as gazetteer_module
from digest.config import Config
from digest.gazetteer import Gazetteer
from digest.records import DigestRepository
from digest.store import open_store
from digest.store.chats import ChatStore
from digest.timeutil import now_vn

log = logging.getLogger(__name__)

HANDLER_GROUP = 42
DELIVERY_SECONDS = 5.0
WEEKLY_TICK_SECONDS = 60.0
STARTUP_POLL_SECONDS = 2.0


@dataclass
class DigestBot:
    """What `install` set up, for hosts and tests that want to reach it."""

    service: DigestService
    sender: Sender
    handlers: Handlers
    _ingesting: asyncio.Lock = field(default_factory=asyncio.Lock)  # one poll at a time
    _resumed: bool = False

    async def ingest_now(self, *, force: bool = False) -> int:
        """Poll the sources (only the due ones unless `force`), queue pushes, send; how many digests were new."""
        service = self.service
        async with self._ingesting:
            if not self._resumed:  # digests stored but not queued when the last run stopped
                self._resumed = True
                service.resume_fan_out()
            from digest.ingest import poll_once  # noqa: PLC0415  # reading feeds: loaded at the first poll, not at start

            reports = await poll_once(
                service.config, service.store, service.gazetteer, force=force, clock=service.clock
            )
            stored = [item for report in reports for item in report.stored]
            queued = service.fan_out(stored)
        if stored:
            log.info("ingest: %d new digests, %d messages queued", len(stored), queued)
        await self.sender.drain()
        return len(stored)


def install(
    application: Application,  # type: ignore[type-arg]  # any host Application
    config: Config,
    *,
    group: int = HANDLER_GROUP,
    store: DigestRepository | None = None,
    gazetteer: Gazetteer | None = None,
    clock: Callable[[], dt.datetime] = now_vn,
    reply_to_unknown: bool = False,
    ingest: bool = True,
    time_scale: float = 1.0,
) -> DigestBot:
    """Register the digest handlers, commands and jobs on a host Application; needs its JobQueue."""
    if application.job_queue is None:
        raise RuntimeError('the digest service needs the JobQueue: install "python-telegram-bot[job-queue]"')
    protect(application.bot.token)  # every Bot API URL holds it, and httpx logs each one
    store = store or open_store(config)
    gazetteer = gazetteer or gazetteer_module.load(config.places_path())
    service = DigestService(config, store, ChatStore(config.store_path()), gazetteer, clock)
    courier = Courier(service, ChatPacer(time_scale))
    sender = Sender(service, application.bot, courier)
    handlers = Handlers(service, courier, reply_to_unknown=reply_to_unknown)
    digest = DigestBot(service, sender, handlers)
    # Handlers run as tasks (block=False): a reply waiting for its chat's send slot, or for a flood
    # wait, never holds up the updates of other chats.
    for names, callback in handlers.command_routes():
        application.add_handler(CommandHandler(names, callback, block=False), group)
    for pattern, callback in handlers.button_routes():
        application.add_handler(CallbackQueryHandler(callback, pattern=pattern, block=False), group)
    channel_commands = filters.UpdateType.CHANNEL_POSTS & filters.COMMAND
    application.add_handler(MessageHandler(channel_commands, handlers.channel_post, block=False), group)
    application.add_handler(
        MessageHandler(filters.COMMAND & ~filters.UpdateType.CHANNEL_POSTS, handlers.unknown, block=False), group
    )
    application.add_error_handler(error_handler)

    jobs = application.job_queue
    jobs.run_once(_set_commands, 0, name="digest-commands")
    if ingest:
        poll = min([config.ingest.poll_seconds, *(f.poll_seconds for f in config.feeds if f.poll_seconds)])
        ingest_job = _ingest_job(digest)
        # An interval trigger whose start has passed when the scheduler starts waits a whole interval:
        # the start-up poll is its own one-off job. It waits a moment, so that the commands people sent
        # while the bot was down are answered first (the first poll also loads the readers of feeds).
        jobs.run_once(ingest_job, STARTUP_POLL_SECONDS / time_scale, name="digest-ingest-startup")
        jobs.run_repeating(ingest_job, interval=poll, first=poll, name="digest-ingest")
    jobs.run_repeating(_deliver_job(sender), interval=DELIVERY_SECONDS, first=1, name="digest-deliver")
    jobs.run_repeating(_weekly_job(service, sender), interval=WEEKLY_TICK_SECONDS, first=2, name="digest-weekly")
    return digest


async def _set_commands(context: Context) -> None:
    """Add the digest commands to the bot's menu, keeping the host's own."""
    ours = [BotCommand(name, description) for name, description in texts.MENU.items()]
    names = {c.command for c in ours}
    existing = [c for c in await context.bot.get_my_commands() if c.command not in names]
    await context.bot.set_my_commands([*existing, *ours])


def _ingest_job(digest: DigestBot) -> Callable[[Context], Coroutine[Any, Any, None]]:
    async def ingest(context: Context) -> None:
        """Poll the due sources, queue the new digests for their subscribers, send."""
        await digest.ingest_now()

    return ingest


def _deliver_job(sender: Sender) -> Callable[[Context], Coroutine[Any, Any, None]]:
    async def deliver(context: Context) -> None:
        """Send what is pending in the outbox (a run already going absorbs this one)."""
        context.application.create_task(sender.drain(), name="digest-drain")

    return deliver


def _weekly_job(service: DigestService, sender: Sender) -> Callable[[Context], Coroutine[Any, Any, None]]:
    async def weekly(context: Context) -> None:
        """Queue the weekly summaries whose time has come."""
        if service.queue_due_weeklies():
            context.application.create_task(sender.drain(), name="digest-drain")

    return weekly
