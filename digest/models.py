"""Typed records passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One article after cleaning: what the extractors read."""

    source: str
    title: str | None
    paragraphs: tuple[str, ...]
    published: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    bylines: tuple[str, ...] = ()
    source_tags: tuple[str, ...] = ()  # "(Baothanhhoa.vn)", "(BĐ)", ... as found
    url: str | None = None

    @property
    def body(self) -> str:
        """The paragraphs joined with blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Locality:
    """An administrative unit at district level or above that an article is about."""

    name: str
    type: str  # "huyện", "thị xã", "thành phố", "quận", "tỉnh"
    province: str  # province before the July 2025 reform
    code: str  # gazetteer code of the unit (district or province code)
    province_2025: str | None = None  # province the unit belongs to after the reform


@dataclass(frozen=True, slots=True)
class EventDate:
    """The day an article's event happened, with the part of day the text gives."""

    day: dt.date
    part_of_day: str | None = None  # "sáng", "chiều", "tối", "trưa", "đêm"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A key figure: a number with its unit, qualifier and what it measures."""

    text: str
    value: float
    unit: str
    label: str
    qualifier: str | None = None
    total: float | None = None


@dataclass(frozen=True, slots=True)
class Leader:
    """A person holding office, with the titles the article gives them."""

    name: str
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything extracted from one article."""

    article: Article
    localities: tuple[Locality, ...]
    event_date: EventDate | None
    figures: tuple[Figure, ...]
    leaders: tuple[Leader, ...]
    summary: str
