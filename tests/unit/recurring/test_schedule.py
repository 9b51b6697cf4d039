"""Fitting dates to a frequency's schedule."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from fin_infra.recurring.schedule import Frequency, _schedule, best_fit, fit_dates, next_date


@given(
    st.sampled_from(list(Frequency)),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.lists(st.booleans(), min_size=6, max_size=20),
)
def test_exact_schedules_fit_fully_and_count_their_skips(
    frequency: Frequency, start: dt.date, present: list[bool]
) -> None:
    present[0] = present[-1] = True
    # No two skips in a row: a run of them would be a pause, not a skipped period.
    present = [p or (i > 0 and not present[i - 1]) for i, p in enumerate(present)]
    schedule = [
        fit_dates([start], frequency) and _nominal(start, frequency, i) for i in range(len(present))
    ]
    dates = [d for d, p in zip(schedule, present, strict=True) if p]
    fit = fit_dates(dates, frequency)
    assert fit.fitted == len(dates)
    assert fit.missed == present.count(False)
    assert fit.phase == 0
    assert next_date(dates, fit) == _nominal(start, frequency, len(present))


def _nominal(start: dt.date, frequency: Frequency, i: int) -> dt.date:
    return _schedule(start, frequency, i)


def test_month_ends_are_not_jitter() -> None:
    dates = [dt.date(2024, m, d) for m, d in ((1, 31), (2, 29), (3, 31), (4, 30), (5, 31))]
    fit = best_fit(dates, 1.0)
    assert fit is not None
    assert fit.frequency is Frequency.MONTHLY
    assert fit.residual == 0
    assert next_date(dates, fit) == dt.date(2024, 6, 30)


def test_an_early_extra_is_left_out_and_an_off_cycle_date_does_not_fit() -> None:
    days = [(1, 1), (1, 9), (2, 1), (3, 1), (4, 10), (5, 1), (6, 1), (8, 1)]
    dates = [dt.date(2024, m, d) for m, d in days]
    fit = fit_dates(dates, Frequency.MONTHLY)
    assert fit.kept == (0, 2, 3, 4, 5, 6, 7)  # January 9th came eight days after the 1st
    assert fit.index == (0, 1, 2, 3, 4, 5, 7)  # July was skipped
    assert fit.missed == 1
    assert fit.phase == 0
    assert fit.fitted == 6
    assert 4 not in fit.on_schedule  # April 10th is nine days off the schedule
