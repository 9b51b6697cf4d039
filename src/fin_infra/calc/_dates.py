"""Dates for the dated cash-flow functions: parsing and year fractions from the earliest date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from fin_infra.calc.daycount import DateLike, DayCount, to_date, year_fraction
from fin_infra.errors import CalculationError

__all__ = ["DateLike", "day_numbers", "to_date", "year_fractions"]

_EPOCH = dt.date(1970, 1, 1).toordinal()


def day_numbers(dates: Sequence[DateLike] | npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 for each date, as an int64 array."""
    if isinstance(dates, np.ndarray) and np.issubdtype(dates.dtype, np.datetime64):
        return dates.astype("datetime64[D]").astype(np.int64)
    try:
        # date, datetime and pandas Timestamp all know their ordinal: the fast path.
        ordinals = [d.toordinal() for d in dates]  # type: ignore[union-attr]
    except AttributeError:
        ordinals = [to_date(d).toordinal() for d in dates]
    return np.array(ordinals, dtype=np.int64) - _EPOCH


def year_fractions(
    dates: Sequence[DateLike] | npt.NDArray[Any],
    day_count: DayCount | str,
    origin: str = "min",
) -> npt.NDArray[np.float64]:
    """Years from the earliest (``origin="min"``) or latest (``"max"``) date to each date."""
    days = day_numbers(dates)
    if days.size == 0:
        raise CalculationError("dates must not be empty")
    anchor = int(days.min() if origin == "min" else days.max())
    if day_count == "act/365F":
        return (days - anchor) / 365.0
    if day_count == "act/360":
        return (days - anchor) / 360.0
    base = dt.date.fromordinal(anchor + _EPOCH)
    return np.array(
        [year_fraction(base, dt.date.fromordinal(int(d) + _EPOCH), day_count) for d in days],
        dtype=np.float64,
    )
