"""/schedule arguments."""

from __future__ import annotations

import pytest

from bot.schedule import ScheduleChange, parse_schedule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thứ 2 07:00", ScheduleChange("mon", "07:00")),
        ("Thứ Hai 7h", ScheduleChange("mon", "07:00")),
        ("T6 18h30", ScheduleChange("fri", "18:30")),
        ("thu 7 6:05", ScheduleChange("sat", "06:05")),
        ("chủ nhật 20 giờ", ScheduleChange("sun", "20:00")),
        ("CN 9h", ScheduleChange("sun", "09:00")),
        ("thứ năm", ScheduleChange("thu", None)),
        ("8h15", ScheduleChange(None, "08:15")),
        ("chỉ tuần", ScheduleChange(None, None, weekly_only=True)),
        ("ngay", ScheduleChange(None, None, weekly_only=False)),
        ("thứ 3 07:00 chỉ tổng hợp", ScheduleChange("tue", "07:00", weekly_only=True)),
    ],
)
def test_schedules(text: str, expected: ScheduleChange) -> None:
    assert parse_schedule(text) == expected


@pytest.mark.parametrize("text", ["", "99:99 thứ 9", "abc", "25h", "thứ 8", "<b>"])
def test_nonsense_is_refused(text: str) -> None:
    assert parse_schedule(text) is None
