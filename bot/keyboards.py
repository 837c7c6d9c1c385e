"""Inline keyboards, and the callback data they carry.

Callback data are "dg:<action>[:<arg>...]" (under Telegram's 64 bytes), so a host bot's own buttons
never reach the digest handlers. Each action has its pattern here, next to the code that writes it:
the plugin registers one handler per pattern, and data that match none (forged or stale) reach a
handler that only answers the press.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from digest.gazetteer import COMMUNE, Gazetteer, Unit
from digest.places import label, unit_key
from digest.textnorm import loose_key

PREFIX = "dg:"
PAGE_SIZE = 12
COLUMNS = 2

_PAGE = r"([0-9]{1,3})"
_KEY = r"([A-Z][0-9a-z]{1,40})"
PROVINCES = rf"^dg:provinces:{_PAGE}$"
COMMUNES = rf"^dg:communes:([0-9]{{1,3}}):{_PAGE}$"
SUBSCRIBE = rf"^dg:sub:{_KEY}$"
UNSUBSCRIBE = rf"^dg:unsub:{_KEY}$"
LATEST_OF = rf"^dg:latest:{_KEY}$"
LATEST = r"^dg:latest$"
WEEKLY = r"^dg:weekly$"
LIST = r"^dg:list$"
ANY = r"^dg:"


def main_menu() -> InlineKeyboardMarkup:
    """The actions offered by /start."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.BUTTON_SUBSCRIBE, "provinces", "0")],
            [_button(texts.BUTTON_LATEST, "latest"), _button(texts.BUTTON_WEEKLY, "weekly")],
            [_button(texts.BUTTON_LIST, "list")],
        ]
    )


def choices(units: Sequence[Unit], action: str, gazetteer: Gazetteer) -> InlineKeyboardMarkup:
    """One button per unit, labelled with its type and province, a former unit with "(cũ)" and where it is now."""
    return InlineKeyboardMarkup([[_button(label(u, gazetteer), action, unit_key(u))] for u in units])


def unsubscribe_buttons(units: Sequence[Unit], gazetteer: Gazetteer) -> InlineKeyboardMarkup:
    """A remove button per subscription."""
    return InlineKeyboardMarkup([[_button(f"❌ {label(u, gazetteer)}", "unsub", unit_key(u))] for u in units])


def provinces(gazetteer: Gazetteer, page: int) -> InlineKeyboardMarkup:
    """A page of today's provinces, alphabetical."""
    units = sorted(gazetteer.provinces(), key=lambda u: loose_key(u.name))
    return _paged(units, page, lambda u: _button(u.name, "communes", u.code, "0"), ("provinces",))


def communes(gazetteer: Gazetteer, province: Unit, page: int) -> InlineKeyboardMarkup:
    """A page of a province's communes, wards and special zones, after a button for the whole province."""
    units = sorted(gazetteer.inside(province.key, COMMUNE), key=lambda u: loose_key(u.name))
    whole = [_button(texts.BUTTON_WHOLE_PROVINCE.format(province=province.name), "sub", unit_key(province))]
    markup = _paged(units, page, lambda u: _button(u.name, "sub", unit_key(u)), ("communes", province.code))
    return InlineKeyboardMarkup([whole, *markup.inline_keyboard])


def _paged(
    units: Sequence[Unit], page: int, make: Callable[[Unit], InlineKeyboardButton], nav: tuple[str, ...]
) -> InlineKeyboardMarkup:
    pages = max(1, -(-len(units) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = [make(u) for u in units[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]]
    rows = [shown[i : i + COLUMNS] for i in range(0, len(shown), COLUMNS)]
    moves = []
    if page > 0:
        moves.append(_button(texts.BUTTON_PREVIOUS, *nav, str(page - 1)))
    if page < pages - 1:
        moves.append(_button(texts.BUTTON_NEXT, *nav, str(page + 1)))
    return InlineKeyboardMarkup([*rows, moves] if moves else rows)


def _button(label: str, *parts: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=PREFIX + ":".join(parts))
