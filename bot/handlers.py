"""Telegram handlers: parse the arguments, call the service, reply.

Commands and buttons are routed explicitly (`command_routes`, `button_routes`); every reply and edit
goes through the `Courier`, so Telegram's limits and errors are handled as for pushes.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram import Chat, ChatMember, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import keyboards, texts
from bot.delivery import Courier
from bot.schedule import parse_schedule
from bot.service import DigestService
from digest.gazetteer import Unit
from digest.places import label, today, unit_key
from digest.textnorm import clean_input

log = logging.getLogger(__name__)

MAX_QUERY = 100
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


class Handlers:
    """The digest commands and buttons, bound to one service."""

    def __init__(self, service: DigestService, courier: Courier, *, reply_to_unknown: bool = False) -> None:
        self.service = service
        self.courier = courier
        self.reply_to_unknown = reply_to_unknown

    def command_routes(self) -> tuple[tuple[tuple[str, ...], Callback], ...]:
        """(command and its aliases, handler) for every command."""
        return (
            (("start",), self.start),
            (("subscribe", "dangky"), self.subscribe),
            (("unsubscribe", "huy"), self.unsubscribe),
            (("list", "danhsach"), self.list),
            (("latest", "moinhat"), self.latest),
            (("weekly", "tuan"), self.weekly),
            (("schedule", "lich"), self.schedule),
        )

    def button_routes(self) -> tuple[tuple[str, Callback], ...]:
        """(callback data pattern, handler) for every button; the last one takes whatever is left."""
        return (
            (keyboards.PROVINCES, self.provinces_page),
            (keyboards.COMMUNES, self.communes_page),
            (keyboards.SUBSCRIBE, self.subscribe_button),
            (keyboards.UNSUBSCRIBE, self.unsubscribe_button),
            (keyboards.LATEST_OF, self.latest_button),
            (keyboards.LATEST, self.latest_menu),
            (keyboards.WEEKLY, self.weekly_menu),
            (keyboards.LIST, self.list_menu),
            (keyboards.ANY, self.stale_button),
        )

    # -- commands

    async def start(self, update: Update, context: Context) -> None:
        """Greet and offer the main actions; "/start D395" (a deep link) subscribes in one tap."""
        args = _args(update, context)
        unit = self.service.unit(args[0]) if args and len(args[0]) <= 10 else None
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
            await self._reply(
                update, texts.UNSUBSCRIBE_PICK, keyboards.unsubscribe_buttons(subscribed, self.service.gazetteer)
            )
            return
        named = [u for u in self.service.find(query[:MAX_QUERY]).units if u in subscribed]
        if len(named) == 1:
            self.service.unsubscribe(chat_id, unit_key(named[0]))
            await self._reply(update, texts.UNSUBSCRIBED.format(place=_e(self._label(named[0]))))
        else:
            await self._reply(
                update,
                texts.UNSUBSCRIBE_PICK,
                keyboards.unsubscribe_buttons(named or subscribed, self.service.gazetteer),
            )

    async def list(self, update: Update, context: Context) -> None:
        """/list: the subscriptions with a remove button each, and the weekly schedule."""
        if await self._may_use(update):
            await self._send_list(update)

    async def latest(self, update: Update, context: Context) -> None:
        """/latest [place]: the newest digest of a place, or of each subscription."""
        if not await self._may_use(update):
            return
        query = " ".join(_args(update, context))
        if not query:
            await self._reply_all(update, self.service.latest_messages(_chat(update).id))
            return
        unit = await self._resolve(update, query, "latest")
        if unit is not None:
            await self._reply_all(update, self.service.latest_messages(_chat(update).id, [unit]))

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
        self.service.set_schedule(chat_id, day=change.day, time=change.time, weekly_only=change.weekly_only)
        await self._reply(update, texts.SCHEDULE_SAVED.format(**self._schedule_fields(chat_id)))

    async def unknown(self, update: Update, context: Context) -> None:
        """An unknown command in a private chat gets the list of commands."""
        chat = update.effective_chat
        if self.reply_to_unknown and chat is not None and chat.type == ChatType.PRIVATE:
            await self._reply(update, texts.UNKNOWN_COMMAND)

    async def channel_post(self, update: Update, context: Context) -> None:
        """Commands posted in a channel (only its administrators can post there)."""
        message = update.effective_message
        words = (message.text or "").split(maxsplit=1) if message else []
        command = words[0].lstrip("/").split("@")[0].lower() if words else ""
        for names, handler in self.command_routes():
            if command in names:
                await handler(update, context)
                return

    # -- buttons (each answers its press exactly once)

    async def provinces_page(self, update: Update, context: Context) -> None:
        """A page of the province keyboard."""
        if await self._button_may_use(update):
            page = int(_matched(context, 1))
            await self._edit(update, texts.PICK_PROVINCE, keyboards.provinces(self.service.gazetteer, page))

    async def communes_page(self, update: Update, context: Context) -> None:
        """A page of a province's communes, wards and special zones."""
        if not await self._button_may_use(update):
            return
        gazetteer = self.service.gazetteer
        province = self.service.unit("T" + _matched(context, 1))
        if province is None:
            return
        markup = keyboards.communes(gazetteer, province, int(_matched(context, 2)))
        await self._edit(update, texts.PICK_COMMUNE.format(province=_e(province.name)), markup)

    async def subscribe_button(self, update: Update, context: Context) -> None:
        """A place chosen from a keyboard: subscribe to it."""
        unit = self.service.unit(_matched(context, 1))
        if unit is not None and await self._button_may_change(update, context):
            await self._subscribe(update, unit, edit=True)
        elif unit is None:
            await _answer(update)

    async def unsubscribe_button(self, update: Update, context: Context) -> None:
        """❌ under /list: remove that subscription."""
        unit = self.service.unit(_matched(context, 1))
        if unit is None:
            await _answer(update)
            return
        if not await self._button_may_change(update, context):
            return
        chat_id = _chat(update).id
        self.service.unsubscribe(chat_id, unit_key(unit))
        remaining = self.service.subscriptions(chat_id)
        done = texts.UNSUBSCRIBED.format(place=_e(self._label(unit)))
        markup = keyboards.unsubscribe_buttons(remaining, self.service.gazetteer) if remaining else None
        await self._edit(update, f"{done}\n{texts.SUBSCRIPTION_LIST if remaining else texts.NO_SUBSCRIPTIONS}", markup)

    async def latest_button(self, update: Update, context: Context) -> None:
        """A place chosen for /latest."""
        unit = self.service.unit(_matched(context, 1))
        if await self._button_may_use(update) and unit is not None:
            await self._reply_all(update, self.service.latest_messages(_chat(update).id, [unit]))

    async def latest_menu(self, update: Update, context: Context) -> None:
        """📰 under /start: the newest digest of each subscription."""
        if await self._button_may_use(update):
            await self._reply_all(update, self.service.latest_messages(_chat(update).id))

    async def weekly_menu(self, update: Update, context: Context) -> None:
        """🗞 under /start: this week's summary now."""
        if await self._button_may_use(update):
            await self._reply_all(update, self.service.weekly_for(_chat(update).id))

    async def list_menu(self, update: Update, context: Context) -> None:
        """📋 under /start: the subscriptions."""
        if await self._button_may_use(update):
            await self._send_list(update)

    async def stale_button(self, update: Update, context: Context) -> None:
        """Data that match no button we make (forged, or from an older version): only answered."""
        query = update.callback_query
        log.info("button data not understood, ignored (update %s)", update.update_id)
        if query is not None:
            await _answer(update)

    # -- helpers

    async def _send_list(self, update: Update) -> None:
        chat_id = _chat(update).id
        subscribed = self.service.subscriptions(chat_id)
        if not subscribed:
            await self._reply(update, texts.NO_SUBSCRIPTIONS)
            return
        text = f"{texts.SUBSCRIPTION_LIST}\n{self._schedule_line(chat_id)}"
        await self._reply(update, text, keyboards.unsubscribe_buttons(subscribed, self.service.gazetteer))

    async def _subscribe(self, update: Update, unit: Unit, *, edit: bool = False) -> None:
        new = self.service.subscribe(_chat(update).id, unit)
        text = (texts.SUBSCRIBED if new else texts.ALREADY_SUBSCRIBED).format(place=_e(self._label(unit)))
        covers = today(unit, self.service.gazetteer)
        if covers:  # a former unit: what that covers today
            text += "\n" + _e(covers)
        await (self._edit(update, text) if edit else self._reply(update, text))

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
            await self._reply(update, text, keyboards.choices(match.units, action, self.service.gazetteer))
        elif match.suggestions:
            text = f"{texts.NOT_FOUND.format(query=_e(query))} {texts.SUGGEST}"
            await self._reply(update, text, keyboards.choices(match.suggestions, action, self.service.gazetteer))
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
        """Allowed, and outside private chats only for the chat's administrators."""
        if not await self._may_use(update):
            return False
        if await _has_rights(update, context):
            return True
        await self._reply(update, texts.ADMINS_ONLY)
        return False

    async def _button_may_use(self, update: Update) -> bool:
        """Allowed to press buttons here; the press is answered either way."""
        chat = update.effective_chat
        if chat is None or not self.service.allowed(chat.id):
            await _answer(update, texts.NOT_ALLOWED)
            return False
        await _answer(update)
        return True

    async def _button_may_change(self, update: Update, context: Context) -> bool:
        """Allowed, and the person who pressed has the right to change this chat; the press is answered."""
        chat = update.effective_chat
        if chat is None or not self.service.allowed(chat.id):
            await _answer(update, texts.NOT_ALLOWED)
            return False
        if not await _has_rights(update, context):
            await _answer(update, texts.ADMINS_ONLY)
            return False
        await _answer(update)
        return True

    async def _reply(self, update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        bot = update.get_bot()

        async def send(chat_id: int) -> object:
            return await bot.send_message(chat_id, text, reply_markup=markup, link_preview_options=NO_PREVIEW)

        await self.courier.deliver(chat.id, send, "reply")

    async def _reply_all(self, update: Update, messages: Sequence[str]) -> None:
        for text in messages:
            await self._reply(update, text)

    async def _edit(self, update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Change the message whose button was pressed (a new message when it can no longer be edited)."""
        query = update.callback_query
        chat = update.effective_chat
        if query is None or chat is None or query.message is None or not query.message.is_accessible:
            await self._reply(update, text, markup)
            return

        async def edit(_: int) -> object:
            return await query.edit_message_text(text, reply_markup=markup, link_preview_options=NO_PREVIEW)

        await self.courier.deliver(chat.id, edit, "edit")

    def _label(self, unit: Unit) -> str:
        return label(unit, self.service.gazetteer)

    def _schedule_fields(self, chat_id: int) -> dict[str, str]:
        settings = self.service.settings(chat_id)
        mode = texts.MODE_WEEKLY_ONLY if settings.weekly_only else texts.MODE_INSTANT
        return {"day": texts.DAY_NAMES[settings.weekly_day], "time": settings.weekly_time, "mode": mode}

    def _schedule_line(self, chat_id: int) -> str:
        return texts.SCHEDULE_LINE.format(**self._schedule_fields(chat_id))


async def error_handler(update: object, context: Context) -> None:
    """Log every error a handler raised, with its traceback; of the update, only its ids (never its text)."""
    if isinstance(update, Update):
        chat = update.effective_chat
        where = f"update {update.update_id} in chat {chat.id if chat else '-'}"
    else:
        where = type(update).__name__ if update is not None else "a job"
    log.error("error while handling %s", where, exc_info=context.error)


async def _has_rights(update: Update, context: Context) -> bool:
    """Whoever sent this may change the chat's subscriptions: anyone in a private chat, else an administrator.

    A post in a channel comes from its administrators (nobody else can post); a message sent by a
    group "as the group" comes from an anonymous administrator; a button press comes from the person
    who pressed it, whatever the chat, so a channel's reader pressing ❌ is checked too.
    """
    chat = _chat(update)
    if chat.type == ChatType.PRIVATE:
        return True
    if update.callback_query is None:
        if update.channel_post is not None or update.edited_channel_post is not None:
            return True
        message = update.effective_message
        if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
            return True
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.info("chat %s: rights of user %s not known (%s)", chat.id, user.id, exc)
        return False
    return member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


async def _answer(update: Update, alert: str | None = None) -> None:
    """Answer a button press (with an alert to read, when given)."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(alert, show_alert=alert is not None)
    except TelegramError as exc:  # an old press: Telegram no longer takes an answer
        log.info("button press not answered: %s", exc)


def _args(update: Update, context: Context) -> list[str]:
    """A command's arguments, as typed (normalised: NFC, no control or direction characters)."""
    if context.args is not None:
        words = list(context.args)
    else:  # a channel post, routed by hand
        text = update.effective_message.text if update.effective_message else None
        words = (text or "").split()[1:]
    return clean_input(" ".join(words)).split()


def _matched(context: Context, group: int) -> str:
    """A group of the callback data pattern that routed this press."""
    assert context.matches, "button handlers are registered with a pattern"
    return str(context.matches[0].group(group))


def _chat(update: Update) -> Chat:
    chat = update.effective_chat
    assert chat is not None  # every handler here is for updates in a chat
    return chat


def _e(text: str) -> str:
    return html.escape(text, quote=False)
