"""Frequencies, and fitting a series of dates to one frequency's schedule.

A frequency's schedule starts at a series' first date and steps by whole periods (calendar months
for monthly, quarterly and yearly, so month lengths are not mistaken for jitter). Each date is
numbered with its period, which counts skipped periods instead of breaking the cadence, and its
offset from the schedule is measured; the centre of the densest group of offsets is the stream's
phase, and a date fits when it lies within the frequency's tolerance of it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = ["Fit", "Frequency", "best_fit", "fit_dates", "next_date"]


class Frequency(StrEnum):
    """How often a stream recurs."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def days(self) -> float:
        """The nominal period in days (calendar periods use their average length)."""
        return _PERIOD[self][0]

    @property
    def tolerance(self) -> float:
        """How many days a date may stray from the stream's schedule."""
        return _PERIOD[self][1]


_PERIOD: Final[dict[Frequency, tuple[float, float]]] = {
    Frequency.WEEKLY: (7.0, 2.0),
    Frequency.BIWEEKLY: (14.0, 3.0),
    Frequency.MONTHLY: (30.4375, 4.0),
    Frequency.QUARTERLY: (91.3125, 6.0),
    Frequency.YEARLY: (365.25, 8.0),
}
_MONTHS: Final = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


@dataclass(frozen=True, slots=True)
class Fit:
    """How well one frequency explains a series of dates.

    ``kept`` indexes the dates that start a period (extras arriving too early are left out),
    ``on_schedule`` those near enough to the schedule to belong to the stream, ``index`` the
    period number of each kept date (gaps above one are skipped periods).
    """

    frequency: Frequency
    kept: tuple[int, ...]
    on_schedule: tuple[int, ...]
    index: tuple[int, ...]
    phase: float
    fitted: int
    missed: int
    residual: float


def _add_months(day: dt.date, months: int, anchor: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(anchor, last))


def _schedule(first: dt.date, frequency: Frequency, period_number: int) -> dt.date:
    """The nominal date of the ``period_number``-th occurrence after ``first``."""
    step = _MONTHS.get(frequency)
    if step is None:
        return first + dt.timedelta(days=round(frequency.days * period_number))
    return _add_months(first, step * period_number, first.day)


def _phase(offsets: Sequence[int], tolerance: float) -> float:
    """The centre of the largest group of offsets that fits in a window of twice the tolerance."""
    ordered = sorted(offsets)
    best_start, best_count, end = 0, 0, 0
    for start, low in enumerate(ordered):
        while end < len(ordered) and ordered[end] - low <= 2 * tolerance:
            end += 1
        if end - start > best_count:
            best_start, best_count = start, end - start
    group = ordered[best_start : best_start + best_count]
    return (group[0] + group[-1]) / 2


def fit_dates(dates: Sequence[dt.date], frequency: Frequency) -> Fit:
    """Number the periods, drop extras that come too early, measure each date's offset.

    Offsets are taken from the calendar schedule started at the first date, so month lengths do
    not count as jitter; the stream's phase is the centre of the densest group of offsets and a
    date fits when it lies within the frequency's tolerance of it.
    """
    period, tolerance = frequency.days, frequency.tolerance
    kept, index = [0], [0]
    for i in range(1, len(dates)):
        gap = (dates[i] - dates[kept[-1]]).days
        if gap < period / 2:
            continue  # an extra transaction between two periods
        kept.append(i)
        index.append(index[-1] + max(1, round(gap / period)))
    first = dates[0]
    offsets = [
        (dates[i] - _schedule(first, frequency, n)).days for i, n in zip(kept, index, strict=True)
    ]
    phase = _phase(offsets, tolerance)
    errors = [abs(o - phase) for o in offsets]
    good = [e for e in errors if e <= tolerance]
    return Fit(
        frequency,
        tuple(kept),
        tuple(k for k, e in zip(kept, errors, strict=True) if e <= 2 * tolerance),
        tuple(index),
        phase,
        fitted=len(good),
        missed=index[-1] - (len(index) - 1),
        residual=statistics.fmean(good) if good else tolerance,
    )


def best_fit(dates: Sequence[dt.date], min_fit: float) -> Fit | None:
    """The frequency that fits most dates with fewest skipped periods, if any fits well enough."""
    best: Fit | None = None
    for frequency in Frequency:
        fit = fit_dates(dates, frequency)
        if fit.fitted / len(dates) < min_fit or fit.missed * 2 > len(fit.kept):
            continue
        if best is None or (fit.fitted, -fit.missed, -fit.residual) > (
            best.fitted,
            -best.missed,
            -best.residual,
        ):
            best = fit
    return best


def next_date(dates: Sequence[dt.date], fit: Fit) -> dt.date:
    """The next period's nominal date shifted by the stream's phase."""
    nominal = _schedule(dates[0], fit.frequency, fit.index[-1] + 1)
    return nominal + dt.timedelta(days=round(fit.phase))
