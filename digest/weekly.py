"""The weekly summary of a locality: article count, headlines with dates and links, figures, leaders.

Messages are Telegram HTML built from whole lines, each with its tags closed, and split between
lines so that no message exceeds Telegram's 4,096 characters and no tag is ever cut.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Sequence

from digest.models import Figure
from digest.records import StoredDigest
from digest.render import TELEGRAM_LIMIT, escape_piece, figure_text, key_figure_indices, locality_text, main_title

MAX_FIGURES = 6
MAX_LEADERS = 6
MAX_HEADLINE = 160
MAX_HEADLINES = 60  # a province's week can hold thousands: the newest, then how many more


def weekly_messages(
    place: str, items: Sequence[StoredDigest], start: dt.datetime, end: dt.datetime, own_key: str | None = None
) -> list[str]:
    """The summary of `items` (published in [start, end)) for one place, as one or more messages. A figure
    about another place than `own_key` (a commune, in a province's summary) says which."""
    period = f"{start:%d/%m} – {(end - dt.timedelta(seconds=1)):%d/%m/%Y}"
    head = f"<b>🗞 Tổng hợp tuần: {escape_piece(place, 120)}</b>\n{period}"
    if not items:
        return [f"{head}\nChưa có bài nào về địa phương này trong tuần."]
    lines = [f"{head} · {_count(len(items))} bài", "", "<b>Tin chính</b>"]
    newest = sorted(items, key=lambda x: (_day(x) or x.when.date(), x.when), reverse=True)
    lines += [_headline(item) for item in newest[:MAX_HEADLINES]]
    if len(newest) > MAX_HEADLINES:
        lines.append(f"… và {_count(len(newest) - MAX_HEADLINES)} bài khác")
    pairs = [(f, item) for item in items for f in item.digest.figures]
    chosen = key_figure_indices(tuple(f for f, _ in pairs), MAX_FIGURES)
    if chosen:
        lines += ["", "<b>Số liệu đáng chú ý</b>"] + [_figure_line(*pairs[i], own_key) for i in chosen]
    leaders = _leaders(items)
    if leaders:
        lines += ["", "<b>Lãnh đạo được nhắc đến</b>", *leaders]
    return split_messages(lines)


def split_messages(lines: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack whole lines into messages of at most `limit` characters (each line must fit alone)."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if len(line) > limit:
            raise ValueError(f"a line of {len(line)} characters cannot fit a message")
        if current and size + 1 + len(line) > limit:
            messages.append("\n".join(current).strip("\n"))
            current, size = [], 0
        current.append(line)
        size += len(line) + (1 if size else 0)
    if current:
        messages.append("\n".join(current).strip("\n"))
    return [m for m in messages if m]


def _count(n: int) -> str:
    """A count as Vietnamese writes it: "2.500"."""
    return f"{n:,}".replace(",", ".")


def _figure_line(figure: Figure, item: StoredDigest, own_key: str | None) -> str:
    line = "📊 " + escape_piece(figure_text(figure), 200)
    localities = item.digest.localities
    if localities and own_key is not None and localities[0].key != own_key:
        line += " · " + escape_piece(locality_text(localities[0]), 80)
    return line


def _headline(item: StoredDigest) -> str:
    title = item.digest.article.title or item.digest.summary or "(không có tiêu đề)"
    text = escape_piece(title, MAX_HEADLINE)
    url = item.digest.article.url
    if url and url.startswith(("http://", "https://")) and len(url) <= 500:
        text = f'<a href="{html.escape(url, quote=True)}">{text}</a>'
    day = _day(item)
    return f"• {day:%d/%m} {text}" if day else f"• {text}"


def _day(item: StoredDigest) -> dt.date | None:
    """The day a headline is dated by: its event's, else its publication's; never the day it was stored
    (which stands in for the publication time when the source gives none)."""
    if item.digest.event_date is not None:
        return item.digest.event_date.day
    return item.when.date() if item.when != item.stored_at else None


def _leaders(items: Sequence[StoredDigest]) -> list[str]:
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for item in items:
        for leader in item.digest.leaders:
            counts[leader.name] += 1
            if leader.titles:
                titles.setdefault(leader.name, main_title(leader.titles))
    lines = []
    for name, n in counts.most_common(MAX_LEADERS):
        title = f" — {escape_piece(titles[name], 120)}" if name in titles else ""
        lines.append(f"👤 {escape_piece(name, 60)}{title} ({n} bài)")
    return lines
