"""Reading /schedule arguments: "thứ 2 07:00", "chủ nhật 18h30", "T6 7h", "chỉ tuần", "ngay"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.textnorm import loose_key

_DAY_RE = re.compile(
    r"\b(?:thu\s*(?P<num>[2-7])|thu\s+(?P<word>hai|ba|tu|nam|sau|bay)|t(?P<short>[2-7])|chu\s*nhat|cn)\b"
)
_TIME_RE = re.compile(r"\b(?P<hour>[01]?\d|2[0-3])\s*(?::|h|g|gio)\s*(?P<minute>[0-5]\d)?\b")
_WORD_DAYS = {"hai": "mon", "ba": "tue", "tu": "wed", "nam": "thu", "sau": "fri", "bay": "sat"}
_NUMBER_DAYS = {"2": "mon", "3": "tue", "4": "wed", "5": "thu", "6": "fri", "7": "sat"}
_WEEKLY_ONLY_RE = re.compile(r"\bchi\s*(?:tuan|tong hop)\b")
_INSTANT_RE = re.compile(r"\b(?:ngay|tuc thi|tat ca)\b")


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """What a /schedule command asks to change (None: unchanged)."""

    day: str | None = None  # mon..sun
    time: str | None = None  # "HH:MM"
    weekly_only: bool | None = None


def parse_schedule(text: str) -> ScheduleChange | None:
    """The change asked for, or None when the text asks for nothing recognisable."""
    key = loose_key(text)
    day = None
    if (found := _DAY_RE.search(key)) is not None:
        if found.group("num") or found.group("short"):
            day = _NUMBER_DAYS[found.group("num") or found.group("short")]
        elif found.group("word"):
            day = _WORD_DAYS[found.group("word")]
        else:
            day = "sun"
        key = key[: found.start()] + " " + key[found.end() :]
    time = None
    if (clock := _TIME_RE.search(key)) is not None:
        time = f"{int(clock.group('hour')):02d}:{clock.group('minute') or '00'}"
    weekly_only = True if _WEEKLY_ONLY_RE.search(key) else False if _INSTANT_RE.search(key) else None
    if day is None and time is None and weekly_only is None:
        return None
    return ScheduleChange(day, time, weekly_only=weekly_only)
