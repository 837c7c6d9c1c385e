"""Vietnam time: every datetime in the project is timezone-aware."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_vn() -> dt.datetime:
    """The current time in Vietnam."""
    return dt.datetime.now(VN_TZ)
