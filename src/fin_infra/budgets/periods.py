"""Budget periods: monthly, yearly or custom, and the period that follows each one.

A monthly period runs from its start day to the day before the same day next month (so it may
start on any day from 1 to 28, e.g. the 15th for a mid-month payday, so every period starts on
the same day); a yearly period likewise over twelve months (any start except 29 February). A
custom period is any inclusive date range; the one after it has the same number of days.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from fin_infra._tracking.dates import add_months
from fin_infra.errors import ValidationError

__all__ = ["BudgetPeriod", "following_period", "natural_end"]


class BudgetPeriod(StrEnum):
    """How long one budget period lasts."""

    MONTHLY = "monthly"
    YEARLY = "yearly"
    CUSTOM = "custom"


_MONTHS = {BudgetPeriod.MONTHLY: 1, BudgetPeriod.YEARLY: 12}


def natural_end(period: BudgetPeriod, start: dt.date) -> dt.date:
    """Last day (inclusive) of the monthly or yearly period starting on ``start``.

    >>> natural_end(BudgetPeriod.MONTHLY, dt.date(2025, 1, 1))
    datetime.date(2025, 1, 31)
    >>> natural_end(BudgetPeriod.MONTHLY, dt.date(2025, 1, 15))
    datetime.date(2025, 2, 14)
    """
    if period is BudgetPeriod.CUSTOM:
        raise ValidationError("a custom period has no natural end; give period_end")
    if period is BudgetPeriod.MONTHLY and start.day > 28:
        raise ValidationError(
            f"a monthly budget must start on day 1..28 (got {start}) so every period has the "
            "same start day; use a custom period otherwise"
        )
    if start.month == 2 and start.day == 29:
        raise ValidationError("a yearly budget cannot start on 29 February")
    return add_months(start, _MONTHS[period]) - dt.timedelta(days=1)


def following_period(period: BudgetPeriod, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """``(start, end)`` of the period right after ``start..end``.

    >>> following_period(BudgetPeriod.MONTHLY, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    >>> following_period(BudgetPeriod.CUSTOM, dt.date(2025, 1, 1), dt.date(2025, 1, 14))
    (datetime.date(2025, 1, 15), datetime.date(2025, 1, 28))
    """
    if period is BudgetPeriod.CUSTOM:
        return end + dt.timedelta(days=1), end + (end - start) + dt.timedelta(days=1)
    next_start = add_months(start, _MONTHS[period])
    return next_start, natural_end(period, next_start)
