"""Calendar-month arithmetic shared by budget periods and goal projections."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months", "whole_months_between"]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the target month's last day.

    >>> add_months(dt.date(2025, 11, 15), 3), add_months(dt.date(2025, 1, 31), 1)
    (datetime.date(2026, 2, 15), datetime.date(2025, 2, 28))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Complete calendar months from ``start`` to ``end`` (negative when ``end`` is earlier).

    >>> whole_months_between(dt.date(2025, 1, 15), dt.date(2025, 7, 14))
    5
    >>> whole_months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 28))
    1
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    elif months < 0 and add_months(start, months) < end:
        months += 1
    return months
