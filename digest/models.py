"""Typed records passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from digest.textnorm import Folds


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
    _folds: Folds | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def folds(self) -> Folds:
        """The title and paragraphs folded once, when first asked, for every extractor to search."""
        folds = self._folds
        if folds is None:
            folds = Folds.of((self.title or "", *self.paragraphs))
            object.__setattr__(self, "_folds", folds)  # a cache of the article's own text, not a change to it
        return folds

    @property
    def body(self) -> str:
        """The paragraphs joined with blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A unit named beside a locality: one it came from, or one it became."""

    name: str
    type: str
    province: str  # the unit's province in its own structure
    key: str = ""  # its gazetteer key ("D395", "N15499")


@dataclass(frozen=True, slots=True)
class Locality:
    """An administrative unit an article is about: a commune, ward or special zone, or a province, of
    today's structure; a district or a province of the structure before July 2025."""

    name: str
    type: str  # "xã", "phường", "đặc khu", "tỉnh", "thành phố"; before 2025 also "huyện", "thị xã", "quận"
    province: str  # the unit's province in its own structure (a ward of former Vĩnh Yên: Phú Thọ)
    code: str  # gazetteer code of the unit
    province_2025: str | None = None  # the province of today that holds it
    level: str = "district"  # "province", "district" or "commune"
    era: str = "before-2025"  # "before-2025" or "2025"
    key: str = ""  # gazetteer key: "P38", "D395" before the reform; "T38", "N15499" since
    former: tuple[PlaceRef, ...] = ()  # a unit of today: the former districts it came from, largest first
    now_province: str | None = None  # a former unit: the province of today that holds it
    now_communes: tuple[PlaceRef, ...] = ()  # a former district: the communes of today formed from the
    # communes the article names


PARTS_OF_DAY = ("sáng", "trưa", "chiều", "tối", "đêm")  # as an event date writes them ("Sáng 5-4")


@dataclass(frozen=True, slots=True)
class EventDate:
    """The day an article's event happened, with the part of day the text gives."""

    day: dt.date
    part_of_day: str | None = None  # one of PARTS_OF_DAY
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
    change: str | None = None  # "tăng", "giảm", "giảm còn", "vượt": the number is a change, as written


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
