"""Telegram handlers: parse the arguments, call the service, reply."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from telegram import Chat, ChatMember, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import keyboards, texts
from bot.delivery import ChatPacer
from bot.schedule import parse_schedule
from bot.service import DigestService
from digest.gazetteer import Unit
from digest.places import place_name, unit_key

log = logging.getLogger(__name__)

MAX_QUERY = 100
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Context = ContextTypes.DEFAULT_TYPE


class Handlers:
    """The digest commands and buttons, bound to one service."""

    def __init__(self, service: DigestService, pacer: ChatPacer, reply_to_unknown: bool = False) -> None:
        self.service = service
        self.pacer = pacer
        self.reply_to_unknown = reply_to_unknown

    # -- commands

    async def start(self, update: Update, context: Context) -> None:
        """Greet and offer the main actions; "/start D395" (a deep link) subscribes in one tap."""
        args = _args(update, context)
        unit = self.service.unit(args[0]) if args and len(args[0]) <= 8 else None
        if unit is not None:
            if await self._may_change(update, context):
                await self._subscribe(update, unit)
            return
        if await self._may_use(update):
            await self._reply(update, texts.GREETING, keyboards.main_menu())

    async def subscribe(self, update: Update, context: Context) -> None:
        """/subscribe <place>: subscribe, offer choices when ambiguous, or pick from keyboards."""
        if not await self._may_change(update, context):
            return
        query = " ".join(_args(update, context))
        if not query:
            await self._reply(update, texts.PICK_PROVINCE, keyboards.provinces(self.service.gazetteer, 0))
            return
        unit = await self._resolve(update, query, "sub")
        if unit is not None:
            await self._subscribe(update, unit)

    async def unsubscribe(self, update: Update, context: Context) -> None:
        """/unsubscribe [place]: remove a subscription, or show a remove button for each."""
        if not await self._may_change(update, context):
            return
        chat_id = _chat(update).id
        query = " ".join(_args(update, context))
        subscribed = self.service.subscriptions(chat_id)
        if not subscribed:
            await self._reply(update, texts.NO_SUBSCRIPTIONS)
            return
        if not query:
            await self._reply(update, texts.UNSUBSCRIBE_PICK, keyboards.unsubscribe_buttons(subscribed))
            return
        named = [u for u in self.service.find(query[:MAX_QUERY]).units if u in subscribed]
        if len(named) == 1:
            self.service.unsubscribe(chat_id, unit_key(named[0]))
            await self._reply(update, texts.UNSUBSCRIBED.format(place=_e(place_name(named[0]))))
        else:
            await self._reply(update, texts.UNSUBSCRIBE_PICK, keyboards.unsubscribe_buttons(named or subscribed))

    async def list(self, update: Update, context: Context) -> None:
        """/list: the subscriptions with a remove button each, and the weekly schedule."""
        if not await self._may_use(update):
            return
        chat_id = _chat(update).id
        subscribed = self.service.subscriptions(chat_id)
        if not subscribed:
            await self._reply(update, texts.NO_SUBSCRIPTIONS)
            return
        text = f"{texts.SUBSCRIPTION_LIST}\n{self._schedule_line(chat_id)}"
        await self._reply(update, text, keyboards.unsubscribe_buttons(subscribed))

    async def latest(self, update: Update, context: Context) -> None:
        """/latest [place]: the newest digest of a place, or of each subscription."""
        if not await self._may_use(update):
            return
        query = " ".join(_args(update, context))
        units: list[Unit] | None = None
        if query:
            unit = await self._resolve(update, query, "latest")
            if unit is None:
                return
            units = [unit]
        await self._reply_all(update, self.service.latest_messages(_chat(update).id, units))

    async def weekly(self, update: Update, context: Context) -> None:
        """/weekly: this week's summary for each subscription, now."""
        if await self._may_use(update):
            await self._reply_all(update, self.service.weekly_for(_chat(update).id))

    async def schedule(self, update: Update, context: Context) -> None:
        """/schedule <day> <time> | chỉ tuần | ngay: when the weekly summary comes, and whether pushes do."""
        if not await self._may_change(update, context):
            return
        chat_id = _chat(update).id
        change = parse_schedule(" ".join(_args(update, context))[:MAX_QUERY])
        if change is None:
            await self._reply(update, f"{texts.SCHEDULE_USAGE}\n{self._schedule_line(chat_id)}")
            return
        self.service.set_schedule(chat_id, change.day, change.time, change.weekly_only)
        await self._reply(update, texts.SCHEDULE_SAVED.format(**self._schedule_fields(chat_id)))

    async def unknown(self, update: Update, context: Context) -> None:
        """An unknown command in a private chat gets the list of commands."""
        chat = update.effective_chat
        if self.reply_to_unknown and chat is not None and chat.type == ChatType.PRIVATE:
            await self._reply(update, texts.UNKNOWN_COMMAND)

    async def channel_post(self, update: Update, context: Context) -> None:
        """Commands posted in a channel (only its administrators can post there)."""
        message = update.effective_message
        command = (message.text or "").split(maxsplit=1)[0].lstrip("/").split("@")[0].lower() if message else ""
        routes = {
            **{name: getattr(self, name) for name, _, _ in texts.COMMANDS},
            **{alias: getattr(self, name) for name, alias, _ in texts.COMMANDS},
            "start": self.start,
        }
        if command in routes:
            await routes[command](update, context)

    # -- buttons

    async def button(self, update: Update, context: Context) -> None:
        """Inline keyboard presses ("dg:..." data)."""
        query = update.callback_query
        if query is None or not query.data:
            return
        await query.answer()
        action, *params = query.data.removeprefix(keyboards.PREFIX).split(":")
        gazetteer = self.service.gazetteer
        if action == "provinces":
            await _edit(update, texts.PICK_PROVINCE, keyboards.provinces(gazetteer, _int(params, 0)))
        elif action == "districts" and params and f"P{params[0]}" in gazetteer.units:
            province = gazetteer.province(params[0])
            markup = keyboards.districts(gazetteer, province, _int(params, 1))
            await _edit(update, texts.PICK_DISTRICT.format(province=_e(province.name)), markup)
        elif action in ("sub", "unsub", "latest") and params and (unit := self.service.unit(params[0])):
            await self._unit_button(update, context, action, unit)
        elif action == "latest":
            await self.latest(update, context)
        elif action == "weekly":
            await self.weekly(update, context)
        elif action == "list":
            await self.list(update, context)

    async def _unit_button(self, update: Update, context: Context, action: str, unit: Unit) -> None:
        if action == "latest":
            if await self._may_use(update):
                await self._reply_all(update, self.service.latest_messages(_chat(update).id, [unit]))
            return
        if not await self._may_change(update, context):
            return
        chat_id = _chat(update).id
        if action == "sub":
            await self._subscribe(update, unit, edit=True)
            return
        self.service.unsubscribe(chat_id, unit_key(unit))
        remaining = self.service.subscriptions(chat_id)
        done = texts.UNSUBSCRIBED.format(place=_e(place_name(unit)))
        markup = keyboards.unsubscribe_buttons(remaining) if remaining else None
        await _edit(update, f"{done}\n{texts.SUBSCRIPTION_LIST if remaining else texts.NO_SUBSCRIPTIONS}", markup)

    # -- helpers

    async def _subscribe(self, update: Update, unit: Unit, edit: bool = False) -> None:
        new = self.service.subscribe(_chat(update).id, unit)
        text = (texts.SUBSCRIBED if new else texts.ALREADY_SUBSCRIBED).format(place=_e(place_name(unit)))
        await (_edit(update, text) if edit else self._reply(update, text))

    async def _resolve(self, update: Update, query: str, action: str) -> Unit | None:
        """The one unit a query names; otherwise reply with choices or suggestions and return None."""
        if len(query) > MAX_QUERY:
            await self._reply(update, texts.TOO_LONG.format(limit=MAX_QUERY))
            return None
        match = self.service.find(query)
        if len(match.units) == 1:
            return match.units[0]
        if match.units:
            text = texts.CHOOSE_AMONG.format(query=_e(query))
            await self._reply(update, text, keyboards.choices(match.units, action))
        elif match.suggestions:
            text = f"{texts.NOT_FOUND.format(query=_e(query))} {texts.SUGGEST}"
            await self._reply(update, text, keyboards.choices(match.suggestions, action))
        else:
            await self._reply(update, f"{texts.NOT_FOUND.format(query=_e(query))}\n{texts.SUBSCRIBE_USAGE}")
        return None

    async def _may_use(self, update: Update) -> bool:
        chat = update.effective_chat
        if chat is None:
            return False
        if not self.service.allowed(chat.id):
            await self._reply(update, texts.NOT_ALLOWED)
            return False
        return True

    async def _may_change(self, update: Update, context: Context) -> bool:
        """Allowed, and in a group only for its administrators (a channel post comes from one)."""
        if not await self._may_use(update):
            return False
        chat = _chat(update)
        if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
            return True
        user = update.effective_user
        if user is not None:
            try:
                member = await context.bot.get_chat_member(chat.id, user.id)
            except BadRequest:
                member = None
            if member is not None and member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER):
                return True
        await self._reply(update, texts.ADMINS_ONLY)
        return False

    async def _reply(self, update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        chat = update.effective_chat
        if chat is not None:
            async with self.pacer.sending(chat.id):
                await chat.send_message(text, reply_markup=markup, link_preview_options=NO_PREVIEW)

    async def _reply_all(self, update: Update, messages: Sequence[str]) -> None:
        for text in messages:
            await self._reply(update, text)

    def _schedule_fields(self, chat_id: int) -> dict[str, str]:
        settings = self.service.settings(chat_id)
        mode = texts.MODE_WEEKLY_ONLY if settings.weekly_only else texts.MODE_INSTANT
        return {"day": texts.DAY_NAMES[settings.weekly_day], "time": settings.weekly_time, "mode": mode}

    def _schedule_line(self, chat_id: int) -> str:
        return texts.SCHEDULE_LINE.format(**self._schedule_fields(chat_id))


async def error_handler(update: object, context: Context) -> None:
    """Log every error a handler raised, with its traceback."""
    log.error("error while handling %r", update, exc_info=context.error)


def _args(update: Update, context: Context) -> list[str]:
    if context.args is not None:
        return list(context.args)
    text = update.effective_message.text if update.effective_message else None
    return (text or "").split()[1:]


def _chat(update: Update) -> Chat:
    chat = update.effective_chat
    assert chat is not None  # every handler here is for updates in a chat
    return chat


def _int(params: Sequence[str], index: int) -> int:
    value = params[index] if len(params) > index else "0"
    return int(value) if value.isdigit() else 0


def _e(text: str) -> str:
    return html.escape(text, quote=False)


async def _edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    query = update.callback_query
    if query is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup, link_preview_options=NO_PREVIEW)
        except BadRequest as exc:  # "message is not modified" when a button is pressed twice
            log.info("edit refused: %s", exc.message)
