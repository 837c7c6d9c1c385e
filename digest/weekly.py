"""The weekly summary of a locality: article count, headlines with dates and links, figures, leaders.

Messages are Telegram HTML built from whole lines, each with its tags closed, and split between
lines so that no message exceeds Telegram's 4,096 characters and no tag is ever cut.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
from collections import Counter
from collections.abc import Iterable, Sequence

from digest.records import Brief, StoredDigest
from digest.render import TELEGRAM_LIMIT, escape_piece, figure_text, locality_text, main_title, rank_of

MAX_FIGURES = 6
MAX_LEADERS = 6
MAX_HEADLINE = 160
MAX_HEADLINES = 60  # a province's week can hold thousands: the newest, then how many more


def weekly_messages(
    place: str, items: Iterable[StoredDigest], start: dt.datetime, end: dt.datetime, own_key: str | None = None
) -> list[str]:
    """The summary of `items` (published in [start, end), in any order) for one place, as one or more
    messages. A figure about another place than `own_key` (a commune, in a province's summary) says which."""
    return brief_messages(place, map(Brief.of, items), start, end, own_key)


def brief_messages(
    place: str, briefs: Iterable[Brief], start: dt.datetime, end: dt.datetime, own_key: str | None = None
) -> list[str]:
    """`weekly_messages` of the briefs of the week's digests (the store's: each read whole only if shown)."""
    summary = WeekSummary()
    for brief in briefs:
        summary.add(brief)
    return summary.messages(place, start, end, own_key)


_Order = tuple[dt.datetime, str, int]  # publication time, digest id, position in the digest


class WeekSummary:
    """A week's summary, built one digest at a time: only what it shows is kept (the newest headlines,
    the key figures, each leader's count and main office), so a week of 10,000 digests is never held
    whole, and the digests may come in any order. Each is weighed by its brief; only those shown are read
    whole."""

    def __init__(self) -> None:
        self.count = 0
        # A heap, oldest on top; the count tells apart briefs that compare equal (never the briefs themselves).
        self._newest: list[tuple[tuple[dt.date, dt.datetime, str], int, Brief]] = []
        self._figures: list[tuple[tuple[tuple[bool, int], _Order], Brief]] = []  # the order holds its position
        self._worst: tuple[tuple[bool, int], _Order] | None = None  # the least telling of `_figures` when full
        self._leaders: Counter[str] = Counter()
        self._titles: dict[str, tuple[_Order, tuple[str, ...]]] = {}  # each leader's titles, where first named

    def add(self, brief: Brief) -> None:
        """Take one digest into account."""
        self.count += 1
        newest = (_day(brief) or brief.when.date(), brief.when, brief.id)
        if len(self._newest) < MAX_HEADLINES:
            heapq.heappush(self._newest, (newest, -self.count, brief))
        elif newest > self._newest[0][0]:
            heapq.heapreplace(self._newest, (newest, -self.count, brief))
        worst = self._worst
        for n, (label, unit) in enumerate(brief.figures):
            rank = rank_of(label, unit)
            if worst is None or rank <= worst[0]:  # most figures are no better than the six kept: a quick look
                self._add_figure((rank, (brief.when, brief.id, n)), brief)
                worst = self._worst
        for name, titles in brief.leaders:
            self._leaders[name] += 1
            first = self._titles.get(name)
            if titles and (first is None or (brief.when, brief.id, 0) < first[0]):
                self._titles[name] = ((brief.when, brief.id, 0), titles)  # its main office: chosen when shown

    def _add_figure(self, key: tuple[tuple[bool, int], _Order], brief: Brief) -> None:
        """Keep the MAX_FIGURES most telling figures, the first published among equals."""
        if len(self._figures) < MAX_FIGURES:
            self._figures.append((key, brief))
            if len(self._figures) == MAX_FIGURES:
                self._worst = max(k for k, _ in self._figures)
            return
        if self._worst is None or key >= self._worst:
            return
        at = next(i for i, (k, _) in enumerate(self._figures) if k == self._worst)
        self._figures[at] = (key, brief)
        self._worst = max(k for k, _ in self._figures)

    def messages(self, place: str, start: dt.datetime, end: dt.datetime, own_key: str | None = None) -> list[str]:
        """The summary as messages; a figure about another place than `own_key` says which."""
        period = f"{start:%d/%m} – {(end - dt.timedelta(seconds=1)):%d/%m/%Y}"
        head = f"<b>🗞 Tổng hợp tuần: {escape_piece(place, 120)}</b>\n{period}"
        if not self.count:
            return [f"{head}\nChưa có bài nào về địa phương này trong tuần."]
        read: dict[str, StoredDigest] = {}  # each shown digest read whole once (a headline may show a figure)

        def whole(brief: Brief) -> StoredDigest:
            if brief.id not in read:
                read[brief.id] = brief.whole()
            return read[brief.id]

        lines = [f"{head} · {_count(self.count)} bài", "", "<b>Tin chính</b>"]
        newest = sorted(self._newest, key=lambda x: x[:2], reverse=True)
        lines += [_headline(brief, whole(brief)) for *_, brief in newest]
        if self.count > MAX_HEADLINES:
            lines.append(f"… và {_count(self.count - MAX_HEADLINES)} bài khác")
        if self._figures:
            chosen = sorted(self._figures, key=lambda x: x[0][1])  # in the order they were published
            shown = [(whole(brief), order[2]) for (_, order), brief in chosen]
            lines += ["", "<b>Số liệu đáng chú ý</b>"]
            # (A digest read whole from its file again, after damage, may not have the figure its brief had.)
            lines += [_figure_line(item, n, own_key) for item, n in shown if n < len(item.digest.figures)]
        if self._leaders:
            lines += ["", "<b>Lãnh đạo được nhắc đến</b>"]
            for name, n in self._leaders.most_common(MAX_LEADERS):
                title = f" — {escape_piece(main_title(self._titles[name][1]), 120)}" if name in self._titles else ""
                lines.append(f"👤 {escape_piece(name, 60)}{title} ({n} bài)")
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


def _figure_line(item: StoredDigest, position: int, own_key: str | None) -> str:
    line = "📊 " + escape_piece(figure_text(item.digest.figures[position]), 200)
    localities = item.digest.localities
    if localities and own_key is not None and localities[0].key != own_key:
        line += " · " + escape_piece(locality_text(localities[0]), 80)
    return line


def _headline(brief: Brief, item: StoredDigest) -> str:
    title = item.digest.article.title or item.digest.summary or "(không có tiêu đề)"
    text = escape_piece(title, MAX_HEADLINE)
    url = item.digest.article.url
    if url and url.startswith(("http://", "https://")) and len(url) <= 500:
        text = f'<a href="{html.escape(url, quote=True)}">{text}</a>'
    day = _day(brief)
    return f"• {day:%d/%m} {text}" if day else f"• {text}"


def _day(brief: Brief) -> dt.date | None:
    """The day a headline is dated by: its event's, else its publication's; never the day it was stored
    (which stands in for the publication time when the source gives none)."""
    if brief.event_day is not None:
        return brief.event_day
    return brief.when.date() if brief.when != brief.stored_at else None
