"""What the bot does, without Telegram: subscriptions, latest digests, weekly summaries, fan-out to the outbox."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
from collections.abc import Callable, Sequence

from bot import texts
from digest import news
from digest.config import WEEKDAYS, Config
from digest.gazetteer import Gazetteer, Unit
from digest.places import PlaceMatch, find_places, unit_key, unit_of_key
from digest.records import ChatRepository, ChatSettings, Delivery, DigestRepository, StoredDigest
from digest.render import render
from digest.timeutil import now_vn

log = logging.getLogger(__name__)

FANOUT_MARK = "fanout_until"
Summaries = dict[tuple[str, dt.datetime], list[str]]  # (place key, end of its week) -> its summary


class DigestService:
    """The digest bot's operations on the store."""

    def __init__(
        self,
        config: Config,
        store: DigestRepository,
        chats: ChatRepository,
        gazetteer: Gazetteer,
        clock: Callable[[], dt.datetime] = now_vn,
    ) -> None:
        self.config = config
        self.store = store
        self.chats = chats
        self.gazetteer = gazetteer
        self.clock = clock

    # -- chats and subscriptions

    def allowed(self, chat_id: int) -> bool:
        """Whether the operator's allowlist (empty: everyone) lets this chat use the bot."""
        allowed = self.config.telegram.allowed_chats
        return not allowed or chat_id in allowed

    def find(self, query: str) -> PlaceMatch:
        """The units a typed place names."""
        return find_places(query, self.gazetteer)

    def unit(self, key: str) -> Unit | None:
        """The unit of a subscription key ("N15499", "T38", "D395", "P38"); None for anything else."""
        return unit_of_key(key, self.gazetteer)

    def settings(self, chat_id: int) -> ChatSettings:
        """A chat's settings, created with the configured defaults on first use."""
        settings = self.chats.chat(chat_id)
        if not settings.weekly_done_until:
            settings = dataclasses.replace(
                settings,
                weekly_day=self.config.telegram.weekly_day,
                weekly_time=self.config.telegram.weekly_time,
                weekly_done_until=self.clock().isoformat(),
            )
            self.chats.save_chat(settings)
        return settings

    def subscribe(self, chat_id: int, unit: Unit) -> bool:
        """Subscribe a chat to a unit; False when it already was."""
        settings = self.settings(chat_id)
        if not settings.active:
            self.chats.save_chat(dataclasses.replace(settings, active=True))
        return self.chats.subscribe(chat_id, unit_key(unit))

    def unsubscribe(self, chat_id: int, key: str) -> bool:
        """Unsubscribe a chat; False when it was not subscribed."""
        return self.chats.unsubscribe(chat_id, key)

    def subscriptions(self, chat_id: int) -> list[Unit]:
        """The units a chat is subscribed to."""
        return [u for key in self.chats.subscriptions(chat_id) if (u := self.unit(key)) is not None]

    def set_schedule(
        self, chat_id: int, *, day: str | None = None, time: str | None = None, weekly_only: bool | None = None
    ) -> ChatSettings:
        """Change a chat's weekly slot or delivery mode."""
        settings = self.settings(chat_id)
        changed = dataclasses.replace(
            settings,
            weekly_day=day or settings.weekly_day,
            weekly_time=time or settings.weekly_time,
            weekly_only=settings.weekly_only if weekly_only is None else weekly_only,
        )
        self.chats.save_chat(changed)
        return changed

    def deactivate(self, chat_id: int) -> None:
        """The bot was blocked or removed: stop sending to this chat (its subscriptions are kept)."""
        self.chats.save_chat(dataclasses.replace(self.chats.chat(chat_id), active=False))
        log.info("chat %s deactivated", chat_id)

    def migrate(self, old: int, new: int) -> None:
        """A group became a supergroup: its settings and subscriptions follow it."""
        self.chats.migrate(old, new)

    # -- the outbox

    def pending_deliveries(self) -> list[Delivery]:
        """Messages queued and not yet delivered, oldest first."""
        return self.chats.pending()

    def delivered(self, delivery_id: str) -> None:
        """Record durably that a queued message was sent (or given up)."""
        self.chats.mark_done(delivery_id)

    # -- what is sent

    def latest_messages(self, chat_id: int, units: Sequence[Unit] | None = None) -> list[str]:
        """The newest digest of each unit (default: each subscription), or a line saying there is none."""
        units = self.subscriptions(chat_id) if units is None else units
        if not units:
            return [texts.NO_NEWS_ANYWHERE]
        messages = []
        for unit in units:
            found = news.newest(self.store, unit, self.gazetteer)
            messages.append(
                render(found[0].digest) if found else html.escape(news.no_news(unit, self.gazetteer), quote=False)
            )
        return messages

    def weekly_for(
        self,
        chat_id: int,
        end: dt.datetime | None = None,
        built: Summaries | None = None,
    ) -> list[str]:
        """The summary of the seven days before `end` (default now) for each subscription; `built` remembers
        each place's summary across the chats of one weekly run."""
        end = end or self.clock()
        units = self.subscriptions(chat_id)
        if not units:
            return [texts.NO_NEWS_ANYWHERE]
        built = {} if built is None else built
        messages = []
        for unit in units:
            if (unit.key, end) not in built:
                built[unit.key, end] = news.week_summary(self.store, unit, self.gazetteer, end)
            messages += built[unit.key, end]
        return messages

    def fan_out(self, items: Sequence[StoredDigest]) -> int:
        """Put newly stored digests in the outbox of every subscribed chat; how many messages were queued."""
        deliveries = []
        now = self.clock()
        for item in items:
            message = render(item.digest)  # once, whatever the number of subscribers
            for chat_id in self.chats.subscribers(item.units):
                settings = self.chats.chat(chat_id)
                if settings.active and not settings.weekly_only:
                    deliveries.append(Delivery(f"{item.id}:{chat_id}", chat_id, message, now))
        queued = self.chats.enqueue(deliveries)
        if items:
            self.chats.set_value(FANOUT_MARK, max(i.stored_at for i in items).isoformat())
        return queued

    def resume_fan_out(self) -> int:
        """Fan out digests stored after the last recorded fan-out (a crash between storing and queuing)."""
        mark = self.chats.value(FANOUT_MARK)
        if mark is None:
            self.chats.set_value(FANOUT_MARK, self.clock().isoformat())
            return 0
        return self.fan_out(self.store.stored_since(dt.datetime.fromisoformat(mark)))

    def queue_due_weeklies(self) -> int:
        """Queue the weekly summary of every chat whose weekly slot has passed; how many chats. Each place's
        summary is built once per slot, whatever the number of chats; the outbox and the chats are each
        written once (the outbox first: a crash in between queues the same ids again, which are ignored)."""
        now = self.clock()
        built: Summaries = {}
        deliveries: list[Delivery] = []
        done: list[ChatSettings] = []
        count = 0
        for settings in self.chats.chats():
            slot = weekly_slot(settings, now)
            until = dt.datetime.fromisoformat(settings.weekly_done_until) if settings.weekly_done_until else now
            if not settings.active or slot > now or until >= slot:
                continue
            if self.chats.subscriptions(settings.chat_id):
                parts = self.weekly_for(settings.chat_id, slot, built)
                week = slot.date().isoformat()
                deliveries += [
                    Delivery(f"weekly:{settings.chat_id}:{week}:{i}", settings.chat_id, text, now)
                    for i, text in enumerate(parts)
                ]
                count += 1
            done.append(dataclasses.replace(settings, weekly_done_until=slot.isoformat()))
        self.chats.enqueue(deliveries)
        self.chats.save_chats(done)
        return count


def weekly_slot(settings: ChatSettings, now: dt.datetime) -> dt.datetime:
    """The chat's weekly slot in the week (Monday to Sunday) of `now`."""
    hour, minute = (int(x) for x in settings.weekly_time.split(":"))
    monday = (now - dt.timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday + dt.timedelta(days=WEEKDAYS.index(settings.weekly_day), hours=hour, minutes=minute)
