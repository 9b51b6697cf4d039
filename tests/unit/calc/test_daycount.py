"""Day counts at the awkward dates: month ends, February, leap years."""

from __future__ import annotations

import datetime as dt

import pytest

from fin_infra.calc import DAY_COUNTS, year_fraction
from fin_infra.errors import CalculationError


@pytest.mark.parametrize(
    ("start", "end", "day_count", "days_over_360"),
    [
        # US 30/360: Feb end to Feb end counts whole months.
        ("2007-02-28", "2008-02-29", "30U/360", 360),
        ("2008-02-29", "2008-03-31", "30U/360", 30),
        ("2008-01-30", "2008-03-31", "30U/360", 60),
        ("2008-01-15", "2008-03-31", "30U/360", 76),
        # Eurobond: every 31st is the 30th; February stays as it is.
        ("2008-02-29", "2008-03-31", "30E/360", 31),
        ("2008-01-31", "2008-02-29", "30E/360", 29),
        # 30E/360 ISDA: last day of February counts as the 30th.
        ("2008-01-31", "2008-02-29", "30E/360 ISDA", 30),
        ("2007-02-28", "2007-08-31", "30E/360 ISDA", 180),
        # Bond basis: D2=31 becomes 30 only when D1 is the 30th or 31st.
        ("2008-01-15", "2008-03-31", "30/360 ISDA", 76),
        ("2008-01-30", "2008-03-31", "30/360 ISDA", 60),
    ],
)
def test_thirty_360_family(start: str, end: str, day_count: str, days_over_360: int) -> None:
    assert year_fraction(start, end, day_count) == pytest.approx(days_over_360 / 360, abs=1e-15)


def test_actual_conventions() -> None:
    a, b = dt.date(2023, 7, 1), dt.date(2024, 7, 1)  # 366 actual days across a leap day
    assert year_fraction(a, b, "act/365F") == pytest.approx(366 / 365)
    assert year_fraction(a, b, "act/360") == pytest.approx(366 / 360)
    assert year_fraction(a, b, "act/act ISDA") == pytest.approx(184 / 365 + 182 / 366)
    assert year_fraction("2020-01-01", "2023-01-01", "act/act ISDA") == pytest.approx(3.0)


@pytest.mark.parametrize("day_count", DAY_COUNTS)
def test_reversed_dates_are_negative_and_same_date_is_zero(day_count: str) -> None:
    forward = year_fraction("2019-11-09", "2020-03-05", day_count)
    assert year_fraction("2020-03-05", "2019-11-09", day_count) == -forward
    assert year_fraction("2020-03-05", "2020-03-05", day_count) == 0


def test_unknown_convention_and_bad_dates() -> None:
    with pytest.raises(CalculationError, match="unknown day count"):
        year_fraction("2020-01-01", "2021-01-01", "30/365")
    with pytest.raises(CalculationError, match="not a date"):
        year_fraction(20200101, "2021-01-01")  # type: ignore[arg-type]
