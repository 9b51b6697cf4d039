"""Day-count conventions: the fraction of a year between two dates.

Supported conventions (names as used in ISDA definitions and spreadsheets):

``act/365F``      actual days / 365 (XIRR's convention)
``act/360``       actual days / 360
``act/act ISDA``  days falling in leap years / 366 + days in other years / 365
``30U/360``       US (NASD) 30/360, spreadsheet basis 0, with the end-of-February rules
``30E/360``       Eurobond basis: any 31st becomes the 30th
``30E/360 ISDA``  German: a month's last day becomes the 30th (February included); the end date is
                  taken not to be the maturity date
``30/360 ISDA``   the bond basis: D1=31 -> 30; D2=31 -> 30 only when D1 is then 30

Libraries disagree on the 30/360 names, above all at the end of February; these follow the ISDA
2006 definitions and the spreadsheet's basis 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import numpy as np

from fin_infra.errors import CalculationError

__all__ = ["DAY_COUNTS", "DateLike", "DayCount", "exact_year_fraction", "to_date", "year_fraction"]

DateLike: TypeAlias = dt.date | str | np.datetime64
_EPOCH = dt.date(1970, 1, 1).toordinal()

DayCount: TypeAlias = Literal[
    "act/365F", "act/360", "act/act ISDA", "30U/360", "30E/360", "30E/360 ISDA", "30/360 ISDA"
]
DAY_COUNTS: tuple[str, ...] = (
    "act/365F",
    "act/360",
    "act/act ISDA",
    "30U/360",
    "30E/360",
    "30E/360 ISDA",
    "30/360 ISDA",
)


def to_date(value: Any) -> dt.date:
    """A ``date`` from a date, a datetime (its date part), an ISO string or a datetime64."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CalculationError(f"not an ISO date: {value!r}") from None
    if isinstance(value, np.datetime64):
        return dt.date.fromordinal(int(value.astype("datetime64[D]").astype(np.int64)) + _EPOCH)
    raise CalculationError(f"not a date: {value!r}")


def _last_of_month(d: dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def _last_of_february(d: dt.date) -> bool:
    return d.month == 2 and _last_of_month(d)


def _thirty_360(start: dt.date, end: dt.date, convention: str) -> int:
    d1, d2 = start.day, end.day
    if convention == "30U/360":
        if _last_of_february(start) and _last_of_february(end):
            d2 = 30
        if _last_of_february(start):
            d1 = 30
        if d2 == 31 and d1 >= 30:
            d2 = 30
        d1 = min(d1, 30)
    elif convention == "30E/360":
        d1, d2 = min(d1, 30), min(d2, 30)
    elif convention == "30E/360 ISDA":
        d1 = 30 if _last_of_month(start) else d1
        d2 = 30 if _last_of_month(end) else d2
    else:  # 30/360 ISDA
        d1 = min(d1, 30)
        if d2 == 31 and d1 == 30:
            d2 = 30
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


def _year_days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _act_act_isda(start: dt.date, end: dt.date) -> Fraction:
    if start.year == end.year:
        return Fraction((end - start).days, _year_days(start.year))
    first = Fraction((dt.date(start.year + 1, 1, 1) - start).days, _year_days(start.year))
    last = Fraction((end - dt.date(end.year, 1, 1)).days, _year_days(end.year))
    return first + (end.year - start.year - 1) + last


def year_fraction(start: DateLike, end: DateLike, day_count: DayCount | str = "act/365F") -> float:
    """Years from ``start`` to ``end`` under ``day_count`` (negative when ``end`` is earlier).

    >>> import datetime as dt
    >>> round(year_fraction(dt.date(2008, 2, 28), dt.date(2008, 3, 31), "30U/360"), 10)
    0.0916666667
    """
    return float(exact_year_fraction(start, end, day_count))


def exact_year_fraction(
    start: DateLike, end: DateLike, day_count: DayCount | str = "act/365F"
) -> Fraction:
    """:func:`year_fraction` as an exact fraction (for Decimal calculations)."""
    start, end = to_date(start), to_date(end)
    if end < start:
        return -exact_year_fraction(end, start, day_count)
    if day_count == "act/365F":
        return Fraction((end - start).days, 365)
    if day_count == "act/360":
        return Fraction((end - start).days, 360)
    if day_count == "act/act ISDA":
        return _act_act_isda(start, end)
    if day_count in ("30U/360", "30E/360", "30E/360 ISDA", "30/360 ISDA"):
        return Fraction(_thirty_360(start, end, day_count), 360)
    raise CalculationError(f"unknown day count {day_count!r}; use one of {', '.join(DAY_COUNTS)}")
