"""Budget periods and the calendar arithmetic under them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra._tracking.dates import add_months, whole_months_between
from fin_infra.budgets import BudgetPeriod, following_period, natural_end
from fin_infra.errors import ValidationError

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


def test_monthly_periods_run_to_the_day_before_the_same_day_next_month() -> None:
    assert natural_end(BudgetPeriod.MONTHLY, dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)
    assert natural_end(BudgetPeriod.MONTHLY, dt.date(2025, 12, 15)) == dt.date(2026, 1, 14)
    assert natural_end(BudgetPeriod.YEARLY, dt.date(2025, 4, 6)) == dt.date(2026, 4, 5)


@pytest.mark.parametrize(
    ("period", "start"),
    [
        (BudgetPeriod.MONTHLY, dt.date(2025, 1, 29)),
        (BudgetPeriod.MONTHLY, dt.date(2025, 1, 31)),
        (BudgetPeriod.YEARLY, dt.date(2024, 2, 29)),
        (BudgetPeriod.CUSTOM, dt.date(2025, 1, 1)),
    ],
)
def test_periods_without_a_stable_start_day_are_refused(
    period: BudgetPeriod, start: dt.date
) -> None:
    with pytest.raises(ValidationError):
        natural_end(period, start)


def test_following_period_crosses_the_year() -> None:
    assert following_period(BudgetPeriod.MONTHLY, dt.date(2025, 12, 1), dt.date(2025, 12, 31)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
    )
    assert following_period(BudgetPeriod.YEARLY, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )


@given(
    st.sampled_from([BudgetPeriod.MONTHLY, BudgetPeriod.YEARLY]),
    days.filter(lambda d: d.day <= 28),
)
def test_calendar_periods_follow_each_other_without_gap_on_the_same_day(
    period: BudgetPeriod, start: dt.date
) -> None:
    end = natural_end(period, start)
    next_start, next_end = following_period(period, start, end)
    assert next_start == end + dt.timedelta(days=1)
    assert next_start.day == start.day
    assert next_end == natural_end(period, next_start)


@given(days, st.integers(min_value=0, max_value=400))
def test_custom_periods_keep_their_length(start: dt.date, extra_days: int) -> None:
    end = start + dt.timedelta(days=extra_days)
    next_start, next_end = following_period(BudgetPeriod.CUSTOM, start, end)
    assert next_start == end + dt.timedelta(days=1)
    assert next_end - next_start == end - start


@given(days, days)
def test_whole_months_between_is_the_largest_count_that_fits(start: dt.date, end: dt.date) -> None:
    months = whole_months_between(start, end)
    if end >= start:
        assert add_months(start, months) <= end < add_months(start, months + 1)
    else:
        assert add_months(start, months - 1) < end <= add_months(start, months)
