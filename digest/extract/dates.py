"""The event date: "Sáng 5-4", "Chiều 29/12", "Ngày 22-12", "ngày 9/3/2021", "sáng 22.4", ...

The lead of a Vietnamese news article opens with the day of the event, usually without a
year. The year comes from the publication date when there is one (an event never follows
its report), otherwise from the years the article itself refers to as current.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from digest.models import Article, EventDate
from digest.textnorm import flat_lower

_PARTS = {"sang": "sáng", "chieu": "chiều", "toi": "tối", "trua": "trưa", "dem": "đêm"}
PARTS_OF_DAY = frozenset(_PARTS.values())
_WEEKDAY = r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)"
_LEAD_DAY_RE = re.compile(
    r"(?<![a-z0-9])(?:(?P<part>sang|chieu|toi|trua|dem)|ngay)\s+(?:(?:hom\s+)?nay\s*,?\s*)?(?:ngay\s+)?"
    rf"(?:{_WEEKDAY}\s*,?\s*\(?\s*(?:ngay\s+)?)?"
    r"(?P<d>\d{1,2})\s*[-/.]\s*(?P<m>\d{1,2})(?:\s*[-/.]\s*(?P<y>(?:19|20)\d{2}))?(?![\d/.-]*\d)"
)
_LONG_DAY_RE = re.compile(
    r"(?<![a-z0-9])(?:(?P<part>sang|chieu|toi|trua|dem)\s+)?ngay\s+(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})"
    r"(?:\s+nam\s+(?P<y>(?:19|20)\d{2}))?"
)
_MATCHERS = (_LEAD_DAY_RE, _LONG_DAY_RE)

# Years the article treats as current, and how strongly.
_YEAR_EVIDENCE = (
    (re.compile(r"(?<![\d/.-])\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d{2})(?!\d)"), 3),  # a full date
    (
        re.compile(
            r"\b(?:quy\s+[ivx\d]+|thang\s+\d{1,2}|\d+\s+thang\s+(?:dau|cuoi)\s+nam|nhung\s+thang\s+dau\s+nam"
            r"|thang\s+dau\s+nam)\s*[,/]?\s*(?:nam\s+)?((?:19|20)\d{2})\b"
        ),
        2,
    ),  # a current period
    (re.compile(r"\bnam\s+((?:19|20)\d{2})\b"), 1),
)
_NOT_CURRENT_RE = re.compile(
    r"(?:den|tam nhin|vao|giai doan|nhiem ky|khoa|ke hoach \d+ nam|tu|truoc|sau)\s+(?:nam\s+)?$"
)
_RANGE_RE = re.compile(r"^\s*[-–]\s*(?:19|20)\d{2}")
LEAD_PARAGRAPH_MIN_WORDS = 20


def find_event_date(article: Article) -> EventDate | None:
    """The day of the event the article reports, or `None` when the lead gives none."""
    lead = list(article.paragraphs[:1])
    if lead and len(lead[0].split()) < LEAD_PARAGRAPH_MIN_WORDS:
        lead += article.paragraphs[1:2]
    for paragraph in lead:
        flat = flat_lower(paragraph)
        for matcher in _MATCHERS:
            for found in matcher.finditer(flat):
                if found.group("part") or _opens_clause(flat, found.start()):
                    return _dated(found, paragraph, article)
    return None


def _opens_clause(flat: str, start: int) -> bool:
    """A bare "ngày ..." is the event's only where it opens a clause, not in "Nghị quyết ... ngày 22.12.2024"."""
    before = flat[:start].rstrip()
    return not before or before[-1] in ",.;:-–()"


def _dated(found: re.Match[str], original: str, article: Article) -> EventDate | None:
    day, month = int(found.group("d")), int(found.group("m"))
    year = int(found.group("y")) if found.group("y") else event_year(article, month, day)
    if year is None:
        return None
    try:
        when = dt.date(year, month, day)
    except ValueError:
        return None
    part = found.group("part")
    return EventDate(day=when, part_of_day=_PARTS.get(part or ""), text=original[found.start() : found.end()])


def event_year(article: Article, month: int, day: int) -> int | None:
    """The year of a day-and-month event date."""
    if article.published:  # an event never follows its report
        pub_year, pub_month = int(article.published[:4]), int(article.published[5:7])
        pub_day = int(article.published[8:10]) if len(article.published) >= 10 else 31
        return pub_year if (month, day) <= (pub_month, pub_day) else pub_year - 1
    return context_year(article)


def context_year(article: Article) -> int | None:
    """The year the article refers to as current: full dates, current periods, then plain "năm YYYY"."""
    scores: Counter[int] = Counter()
    for paragraph in (article.title or "", *article.paragraphs):
        flat = flat_lower(paragraph)
        claimed: set[int] = set()
        for pattern, weight in _YEAR_EVIDENCE:
            for found in pattern.finditer(flat):
                at = found.start(1)
                if (
                    at in claimed
                    or _RANGE_RE.match(flat, found.end(1))
                    or _NOT_CURRENT_RE.search(flat[: found.start()])
                ):
                    continue
                claimed.add(at)
                scores[int(found.group(1))] += weight
    if not scores:
        return None
    return max(scores, key=lambda y: (scores[y], y))
