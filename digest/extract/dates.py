"""The event date: "Sáng 5-4", "Chiều nay", "Trong 2 ngày 15 - 16/8", "ngày 9 tháng 10", "Dự kiến ngày 20/4/2020".

The lead of a Vietnamese news article opens with the day of the event, usually without a year. Each
style has a matcher (tried on the lead's lower-case text without diacritics, the earliest match in
the lead wins); several days give the first. The year is the one that puts the event nearest its
publication, a day after it counting four times as much as a day before (a report follows its event,
but a plan or a day/month swapped in a feed's date goes forward); without a publication date, a full
date of the same day in the text, else the year the text treats as current.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from digest.models import PARTS_OF_DAY, Article, EventDate
from digest.textnorm import strip_marks, word_alternation

_PARTS = {strip_marks(part): part for part in PARTS_OF_DAY}  # matched on text without marks: "sang" -> "sáng"
LEAD_PARAGRAPH_MIN_WORDS = 20
FUTURE_COST = 4  # a day after publication weighs as four days before
_PART = r"(?P<part>sang|chieu|toi|trua|dem)"
_SEP = r"\s*[-/.]\s*"
_DAY_MONTH = rf"(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>(?:19|20)\d{{2}}))?(?![\d/.-]*\d)"
_SPELLED = r"(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?:\s*(?:,\s*)?nam\s+(?P<y>(?:19|20)\d{2}))?"
_WEEKDAY = r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)"
_START = r"(?<![a-z0-9])"


@dataclass(frozen=True, slots=True)
class _Style:
    """One way of writing the event's day."""

    pattern: re.Pattern[str]
    anywhere: bool  # found anywhere in the lead; otherwise only where it opens a clause


_STYLES = (
    # "Sáng nay (12/9)", "Chiều qua", "Hôm qua", "Chiều nay": a day relative to publication.
    _Style(
        re.compile(
            rf"{_START}(?:{_PART}\s+(?:hom\s+)?(?P<rel>nay|qua)|(?:ngay\s+)?hom\s+(?P<rel2>nay|qua|kia))(?![a-z])"
            rf"(?:\s*,?\s*\(\s*(?:ngay\s+)?{_DAY_MONTH}\s*\))?"
        ),
        anywhere=False,
    ),
    # "Trong 2 ngày 15 - 16/8", "Ngày 14-15/8", "Từ ngày 2 đến ngày 4/7/2019", "trong 2 ngày 10 và 11 tháng 12".
    _Style(
        re.compile(
            rf"{_START}(?:trong\s+(?:\d|hai|ba|bon)\s+ngay\s*\(?\s*|(?:{_PART}\s+)?(?:tu\s+)?ngay\s+|tu\s+)"
            r"(?P<d>\d{1,2})\s*(?:-|–|va|den(?:\s+ngay)?|toi(?:\s+ngay)?)\s*(?P<d2>\d{1,2})"
            r"(?:\s+thang\s+(?P<ms>\d{1,2})|\s*[-/.]\s*(?P<m>\d{1,2}))"
            rf"(?:(?:{_SEP}|\s+nam\s+)(?P<y>(?:19|20)\d{{2}}))?(?![\d/.-]*\d)"
        ),
        anywhere=True,
    ),
    # "Sáng 5-4", "Chiều 7.5", "Tối thứ Bảy (18/6)", "sáng ngày 14/8", "ngày 12/6/2021".
    _Style(
        re.compile(rf"{_START}(?:{_PART}|ngay)\s+(?:ngay\s+)?(?:{_WEEKDAY}\s*,?\s*\(?\s*(?:ngay\s+)?)?{_DAY_MONTH}"),
        anywhere=False,
    ),
    # "ngày 9 tháng 10 (năm 2025)", "Sáng ngày 24 tháng 3 năm 2023".
    _Style(re.compile(rf"{_START}(?:{_PART}\s+)?ngay\s+{_SPELLED}"), anywhere=False),
    # "Dự kiến vào ngày 20/4/2020": a planned event.
    _Style(re.compile(rf"{_START}du\s+kien\s+(?:vao\s+)?(?:ngay\s+)?{_DAY_MONTH}"), anywhere=True),
)
# Where a style can start: the engine skips to these words, and each style is tried only there.
_CUES = ("sang", "chieu", "toi", "trua", "dem", "ngay", "hom", "trong", "tu", "du kien")
_CUES_RE = re.compile(rf"(?:{word_alternation(_CUES)})(?![a-z])")
_PLANNED_RE = re.compile(r"du kien|se |sap |chuan bi")
_EVENT_VERB_RE = re.compile(
    r"(?:dien ra|to chuc|khai mac|be mac|hop|tien hanh|lam viec|ky niem|ra quan)(?:\s+(?:vao|trong|tu))?$"
)

_YEAR_AFTER_PERIOD = r"\s*[,/]?\s*(?:nam\s+)?((?:19|20)\d{2})\b"
# Years the article treats as current, and how strongly (each pattern opens with a character, then looks back).
_YEAR_EVIDENCE = (
    (re.compile(r"\d(?<![\d/.-]\d)\d?\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d{2})(?!\d)"), 3),  # a full date
    (
        re.compile(
            r"(?:q(?<!\wq)uy\s+[ivx\d]+|t(?<!\wt)hang\s+(?:\d{1,2}|dau\s+nam)|n(?<!\wn)hung\s+thang\s+dau\s+nam)"
            rf"{_YEAR_AFTER_PERIOD}"
        ),
        2,
    ),  # a current period
    (re.compile(rf"\d(?<!\w\d)\d*\s+thang\s+(?:dau|cuoi)\s+nam{_YEAR_AFTER_PERIOD}"), 2),
    (re.compile(r"n(?<!\wn)am\s+((?:19|20)\d{2})\b"), 1),
)
_NOT_CURRENT_RE = re.compile(
    r"(?:den|tam nhin|vao|giai doan|nhiem ky|khoa|ke hoach \d+ nam|tu|truoc|sau)\s+(?:nam\s+)?$"
)
_RANGE_RE = re.compile(r"^\s*[-–]\s*(?:19|20)\d{2}")
# The year a text plans for: "triển khai nhiệm vụ năm 2026", "kế hoạch năm 2022", "phương hướng năm 2024".
_PLAN_YEAR_RE = re.compile(
    r"(?:nhiem vu|ke hoach|phuong huong|muc tieu|chi tieu|du toan)(?:\s+[a-z]+){0,4}\s+nam\s+((?:19|20)\d{2})\b"
)
_FULL_DATE_RE = re.compile(r"(\d(?<![\d/.-]\d)\d?)\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)")


def find_event_date(article: Article) -> EventDate | None:
    """The day of the event the article reports, or `None` when the lead gives none."""
    for paragraph in _lead(article):
        flat = article.folds.flat(paragraph)
        candidates: list[re.Match[str]] = []
        pending = list(_STYLES)  # each style's first acceptable match
        for cue in _CUES_RE.finditer(flat):
            for style in list(pending):
                found = style.pattern.match(flat, cue.start())
                if found and (style.anywhere or found.group("part") or _opens_clause(flat, found.start())):
                    candidates.append(found)
                    pending.remove(style)
            if not pending:
                break
        for found in candidates:
            dated = _dated(found, paragraph, flat, article)
            if dated is not None:
                return dated
    return None


def _lead(article: Article) -> list[str]:
    """The paragraphs that may open with the event's day: the first two (a summary often comes before the
    lead), and a third when both are short."""
    lead = list(article.paragraphs[:2])
    if len(article.paragraphs) > 2 and all(len(p.split()) < LEAD_PARAGRAPH_MIN_WORDS for p in lead):
        lead.append(article.paragraphs[2])
    return lead


def _opens_clause(flat: str, start: int) -> bool:
    """A bare "ngày ..." is the event's where it opens a clause or follows what happened ("diễn ra ngày 18/8"),
    not in "Nghị quyết ... ngày 22.12.2024"."""
    before = flat[:start].rstrip()
    return not before or before[-1] in ",.;:-–()" or bool(_EVENT_VERB_RE.search(before[-30:]))


def _dated(found: re.Match[str], original: str, flat: str, article: Article) -> EventDate | None:
    groups = found.groupdict()
    part = groups.get("part")
    text = original[found.start() : found.end()]
    relative = groups.get("rel") or groups.get("rel2")
    if relative and not groups.get("d"):  # "Chiều nay", "hôm qua": the day of publication, or the day before
        published = _published_day(article)
        if published is None:
            return None
        back = {"nay": 0, "qua": 1, "kia": 2}[relative]
        return EventDate(published - dt.timedelta(days=back), _PARTS.get(part or ""), text)
    day, month = int(groups["d"]), int(groups.get("m") or groups.get("ms") or 0)
    if groups.get("d2") and int(groups["d2"]) <= day:
        return None  # not a range of days
    planned = bool(_PLANNED_RE.search(flat[max(0, found.start() - 40) : found.end() + 60]))
    year = int(groups["y"]) if groups.get("y") else event_year(article, month, day, planned=planned)
    if year is None:
        return None
    try:
        when = dt.date(year, month, day)
    except ValueError:
        return None
    return EventDate(day=when, part_of_day=_PARTS.get(part or ""), text=text)


def event_year(article: Article, month: int, day: int, *, planned: bool = False) -> int | None:
    """The year of a day-and-month event date."""
    published = _published_limit(article)
    if published is not None:
        return _nearest_year(published, month, day, planned=planned)
    return _year_in_text(article, month, day) or context_year(article, month)


def _published_day(article: Article) -> dt.date | None:
    published = article.published or ""
    try:
        return dt.date.fromisoformat(published[:10]) if len(published) >= 10 else None
    except ValueError:
        return None


def _published_limit(article: Article) -> dt.date | None:
    """The day of publication; for a month alone, its last day."""
    day = _published_day(article)
    if day is not None:
        return day
    published = article.published or ""
    if len(published) == 7:
        try:
            first = dt.date.fromisoformat(published + "-01")
        except ValueError:
            return None
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return None


def _nearest_year(published: dt.date, month: int, day: int, *, planned: bool) -> int | None:
    costs = {}
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            delta = (dt.date(year, month, day) - published).days
        except ValueError:
            continue
        costs[year] = -delta if delta <= 0 else delta * (1 if planned else FUTURE_COST)
    return min(costs, key=lambda y: costs[y]) if costs else None


def _year_in_text(article: Article, month: int, day: int) -> int | None:
    """The latest year of a full date of the same day in the text: "(2/9/1945 - 2/9/2025)" for "Sáng 2/9"."""
    years = [
        int(found.group(3))
        for paragraph in (article.title or "", *article.paragraphs)
        for found in _FULL_DATE_RE.finditer(paragraph)
        if (int(found.group(1)), int(found.group(2))) == (day, month)
    ]
    return max(years) if years else None


def context_year(article: Article, month: int | None = None) -> int | None:
    """The year the article refers to as current: full dates, current periods, then plain "năm YYYY". A
    text about year X and year X+1 (a review and a plan) is in X+1 in the first half-year, X in the second."""
    scores: Counter[int] = Counter()
    for paragraph in (article.title or "", *article.paragraphs):
        flat = article.folds.flat(paragraph)
        claimed: set[int] = set()
        for pattern, weight in _YEAR_EVIDENCE:
            for found in pattern.finditer(flat):
                at = found.start(1)
                if (
                    at in claimed
                    or _RANGE_RE.match(flat, found.end(1))
                    or _NOT_CURRENT_RE.search(flat, max(0, found.start() - 40), found.start())
                ):
                    continue
                claimed.add(at)
                scores[int(found.group(1))] += weight
    if not scores:
        return None
    best = max(scores, key=lambda y: (scores[y], y))
    if month is None:
        return best
    plans = {
        int(f.group(1))
        for p in (article.title or "", *article.paragraphs)
        for f in _PLAN_YEAR_RE.finditer(article.folds.flat(p))
    }
    tied = [y for y in scores if scores[y] == scores[best]]
    if len(tied) == 2 and abs(tied[0] - tied[1]) == 1:
        plans.add(max(tied))  # as much about one year as the next: written around the turn of the year
    for plan in sorted(plans, reverse=True):
        if plan - 1 in scores:  # a review of plan-1 and a plan for plan: around the turn of the year
            return plan if month <= 6 else plan - 1
    return best
