"""The digest as the bot sends it: Telegram HTML, every piece of article text escaped."""

from __future__ import annotations

import heapq
import html
import re

from digest.models import Digest, Figure, Locality
from digest.places import typed_name
from digest.summary import shorten
from digest.textnorm import match_key

TELEGRAM_LIMIT = 4096
MAX_FIGURES = 4
MAX_LEADERS = 4
MAX_PIECE = 400  # characters of one piece of article text in a message
# The units that say most about results, first.
_WORD_RE = re.compile(r"[^\W\d_]+")
_UNIT_RANK = {"đồng": 0, "USD": 0, "%": 1, "tấn": 2, "ha": 2, "chỉ tiêu": 2, "tiêu chí": 2, "người": 3, "hộ": 3}


def locality_text(loc: Locality) -> str:
    """ "phường Vĩnh Yên (Phú Thọ)", "huyện Thọ Xuân (Thanh Hóa)", or "tỉnh Bình Định" for a province."""
    typed = typed_name(loc.name, loc.type)
    return typed if loc.level == "province" else f"{typed} ({loc.province})"


def history_text(loc: Locality) -> str | None:
    """Where a unit of today came from, when that helps: "trước đây thuộc TP Vĩnh Yên, Vĩnh Phúc" (not for
    xã Yên Phong, formed within huyện Yên Phong of the same province)."""
    helpful = [ref for ref in loc.former if ref.province != loc.province or match_key(ref.name) != match_key(loc.name)]
    if not loc.former or not helpful:
        return None
    shown = loc.former[:2]
    parts = [f"{_short_type(ref.type)} {ref.name}, {ref.province}" for ref in shown]
    more = f" và {len(loc.former) - len(shown)} nơi khác" if len(loc.former) > len(shown) else ""
    return "trước đây thuộc " + "; ".join(parts) + more


def _short_type(unit_type: str) -> str:
    return {"thành phố": "TP", "thị xã": "TX"}.get(unit_type, unit_type)


def figure_text(figure: Figure) -> str:
    """What the number measures, then the number with its direction: "Tổng sản lượng lương thực có hạt:
    trên 70.000 tấn", "Tỷ lệ hộ nghèo: giảm 0,5%"."""
    shown = figure.text
    label = figure.label
    if figure.change and figure.change.split()[0] not in _WORD_RE.findall(label.lower()):
        shown = f"{figure.change} {shown}"
    return f"{label[:1].upper()}{label[1:]}: {shown}" if label else shown


def key_figures(figures: tuple[Figure, ...], limit: int = MAX_FIGURES) -> list[Figure]:
    """The few figures worth showing: labelled results in money, percent and volume first."""
    return [figures[i] for i in key_figure_indices(figures, limit)]


def key_figure_indices(figures: tuple[Figure, ...], limit: int = MAX_FIGURES) -> list[int]:
    """The positions of `key_figures`, in their order."""
    ranked = heapq.nsmallest(limit, range(len(figures)), key=lambda i: (figure_rank(figures[i]), i))
    return sorted(ranked)


def figure_rank(figure: Figure) -> tuple[bool, int]:
    """How much a figure says, lowest first: labelled before unlabelled, money before percent before volume."""
    return rank_of(figure.label, figure.unit)


def rank_of(label: str, unit: str) -> tuple[bool, int]:
    """`figure_rank` of a figure's label and unit."""
    return not label, _UNIT_RANK.get(unit, 4)


# Offices by weight, for the one title a line has room for: a committee's membership says least.
_MEMBERSHIPS = ("ủy viên", "uỷ viên", "tỉnh ủy viên", "huyện ủy viên", "thành ủy viên", "thị ủy viên", "đại biểu")
_HEAD_OFFICES = ("tổng bí thư", "bí thư", "chủ tịch", "thủ tướng", "bộ trưởng")


def main_title(titles: tuple[str, ...]) -> str:
    """A leader's most significant office: "Trưởng Ban Tổ chức Tỉnh ủy" rather than "Ủy viên Ban Thường vụ"
    before it; the head of a body before a deputy; the first of equals."""

    def rank(title: str) -> int:
        office = title.lower().removeprefix("nguyên ")
        if office.startswith(_MEMBERSHIPS):
            return 4
        deputy = office.startswith("phó ")
        head = office.removeprefix("phó ").startswith(_HEAD_OFFICES)
        return (1 if deputy else 0) if head else (3 if deputy else 2)

    return min(titles, key=rank)


def date_text(digest: Digest) -> str | None:
    """ "Sáng 5/4/2022" or "29/12/2023"."""
    event = digest.event_date
    if event is None:
        return None
    day = f"{event.day.day}/{event.day.month}/{event.day.year}"
    return f"{event.part_of_day.capitalize()} {day}" if event.part_of_day else day


def render(digest: Digest, url: str | None = None) -> str:
    """The message for one digest. Every piece is capped, so it stays far below TELEGRAM_LIMIT."""
    article = digest.article
    head = []
    if digest.localities:
        head.append("📍 " + ", ".join(escape_piece(locality_text(loc), 80) for loc in digest.localities[:3]))
    when = date_text(digest)
    if when:
        head.append("🗓 " + escape_piece(when, 40))
    lines = [" · ".join(head)] if head else []
    history = history_text(digest.localities[0]) if digest.localities else None
    if history:
        lines.append(f"<i>{escape_piece(history, 160)}</i>")
    if article.title:
        lines.append(f"<b>{escape_piece(article.title, MAX_PIECE)}</b>")
    lines.append(escape_piece(digest.summary, MAX_PIECE))
    lines += ["📊 " + escape_piece(figure_text(f), 200) for f in key_figures(digest.figures)]
    for leader in digest.leaders[:MAX_LEADERS]:
        titles = f" — {escape_piece(', '.join(leader.titles), 200)}" if leader.titles else ""
        lines.append(f"👤 {escape_piece(leader.name, 60)}{titles}")
    link = url or article.url
    if link and link.startswith(("http://", "https://")) and len(link) <= MAX_PIECE:
        lines.append(f'<a href="{html.escape(link, quote=True)}">Đọc bài gốc</a>')
    return "\n".join(lines)


def escape_piece(text: str, limit: int) -> str:
    """Article text for a message: shortened to `limit` characters, then HTML-escaped."""
    return html.escape(shorten(text, limit), quote=False)
