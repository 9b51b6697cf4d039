"""Time-weighted, Modified Dietz and money-weighted returns with external cash flows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra import analytics as fa
from fin_infra.calc import xnpv
from fin_infra.errors import CalculationError, CurrencyMismatchError, ValidationError
from fin_infra.money import Money
from tests.unit.analytics.strategies import PROPERTY

JAN1, JAN31 = dt.date(2024, 1, 1), dt.date(2024, 1, 31)
VALUES = st.lists(
    st.decimals(min_value="1", max_value="1000000", places=2, allow_nan=False), min_size=2
)


@settings(PROPERTY, max_examples=60)
@given(VALUES)
def test_twr_without_flows_is_the_cumulative_return(values: list[Decimal]) -> None:
    plain = float(values[-1] / values[0] - 1)
    assert fa.time_weighted_return(values) == pytest.approx(plain, rel=1e-9, abs=1e-12)
    # The float pipeline agrees up to the cancellation its wild swings cause.
    growth = fa.simple_returns([float(v) for v in values])
    swing = float(max(values) / min(values))
    assert fa.time_weighted_return(values) == pytest.approx(
        fa.cum_return(growth), rel=1e-9, abs=1e-14 * swing
    )


def test_twr_removes_flows_at_end_or_begin() -> None:
    # +10%, then a 50 deposit at the end of day 2 (it earns nothing that day), then +10%.
    values = ["100", "110", "171", "188.1"]
    flows = ["0", "50", "0"]
    np.testing.assert_allclose(fa.flow_adjusted_returns(values, flows), [0.1, 0.1, 0.1])
    assert fa.time_weighted_return(values, flows) == pytest.approx(0.331, abs=1e-12)
    # The same deposit at the start of day 2 is invested for the day: 171 / 160 - 1.
    begin = fa.flow_adjusted_returns(values, flows, when="begin")
    assert begin[1] == pytest.approx(171 / 160 - 1, abs=1e-15)


def test_twr_accepts_money_and_refuses_floats_and_mixed_currencies() -> None:
    usd = [Money("100", "USD"), Money("121", "USD")]
    assert fa.time_weighted_return(usd) == pytest.approx(0.21, abs=1e-15)
    with pytest.raises(ValidationError, match="refuses float"):
        fa.time_weighted_return([100.0, 110.0])  # type: ignore[list-item]
    with pytest.raises(CurrencyMismatchError):
        fa.time_weighted_return([Money("100", "USD"), Money("110", "EUR")])


def test_twr_input_errors() -> None:
    with pytest.raises(ValidationError, match="at least two"):
        fa.time_weighted_return(["100"])
    with pytest.raises(ValidationError, match="one amount per sub-period"):
        fa.time_weighted_return(["100", "110"], ["1", "2"])
    with pytest.raises(ValidationError, match="when"):
        fa.time_weighted_return(["100", "110"], when="middle")  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match="undefined"):
        fa.time_weighted_return(["0", "110"], ["110"])


def test_modified_dietz_weights_flows_by_days_invested() -> None:
    # 30-day period; a 100 deposit on day 15 is invested (30 - 15) / 30 of the period.
    r = fa.modified_dietz(
        "1000", "1150", start=JAN1, end=JAN31, flows=[(dt.date(2024, 1, 16), "100")]
    )
    assert r == pytest.approx(50 / 1050, abs=1e-15)
    at_start = fa.modified_dietz("1000", "1150", start=JAN1, end=JAN31, flows=[(JAN1, "100")])
    assert at_start == pytest.approx(50 / 1100, abs=1e-15)
    at_end = fa.modified_dietz("1000", "1150", start=JAN1, end=JAN31, flows=[(JAN31, "100")])
    assert at_end == pytest.approx(50 / 1000, abs=1e-15)


def test_modified_dietz_errors() -> None:
    with pytest.raises(ValidationError, match="after start"):
        fa.modified_dietz("1", "2", start=JAN31, end=JAN1)
    with pytest.raises(ValidationError, match="outside"):
        fa.modified_dietz("1", "2", start=JAN1, end=JAN31, flows=[(dt.date(2024, 2, 1), "1")])
    with pytest.raises(ValidationError, match="pair"):
        fa.modified_dietz("1", "2", start=JAN1, end=JAN31, flows=["1"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"datetime\.date"):
        fa.modified_dietz("1", "2", start="2024-01-01", end=JAN31)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match="undefined"):
        fa.modified_dietz("0", "5", start=JAN1, end=JAN31, flows=[(JAN31, "5")])


def test_linked_modified_dietz_chains_periods() -> None:
    feb1, mar1 = dt.date(2024, 2, 1), dt.date(2024, 3, 1)
    flows = [(dt.date(2024, 1, 11), "100"), (feb1, "-50"), (dt.date(2024, 2, 20), "20")]
    points = [(JAN1, "1000"), (feb1, "1080"), (mar1, "1100")]
    first = fa.modified_dietz("1000", "1080", start=JAN1, end=feb1, flows=flows[:2])
    second = fa.modified_dietz("1080", "1100", start=feb1, end=mar1, flows=flows[2:])
    expected = (1 + first) * (1 + second) - 1
    assert fa.linked_modified_dietz(points, flows) == pytest.approx(expected, abs=1e-15)


def test_linked_modified_dietz_without_flows_is_plain_growth() -> None:
    points = [(JAN1, "1000"), (dt.date(2024, 4, 1), "900"), (dt.date(2024, 7, 1), "1260")]
    assert fa.linked_modified_dietz(points) == pytest.approx(0.26, abs=1e-15)
    with pytest.raises(ValidationError, match="increase"):
        fa.linked_modified_dietz([(JAN31, "1"), (JAN1, "2")])
    with pytest.raises(ValidationError, match="outside"):
        fa.linked_modified_dietz(points, [(dt.date(2023, 1, 1), "5")])
    with pytest.raises(ValidationError, match="two"):
        fa.linked_modified_dietz(points[:1])


def test_money_weighted_return_without_flows() -> None:
    r = fa.money_weighted_return("1000", "1100", start=dt.date(2023, 1, 1), end=dt.date(2024, 1, 1))
    assert r == pytest.approx(0.1, abs=1e-10)


def test_money_weighted_return_zeroes_the_investor_npv() -> None:
    start, end = dt.date(2023, 1, 1), dt.date(2024, 6, 30)
    flows = [
        (dt.date(2023, 3, 15), Money("500", "USD")),
        (dt.date(2023, 11, 2), Money("-200", "USD")),
    ]
    r = fa.money_weighted_return(
        Money("1000", "USD"), Money("1450", "USD"), start=start, end=end, flows=flows
    )
    dates = [start, flows[0][0], flows[1][0], end]
    assert abs(xnpv(r, dates, [-1000, -500, 200, 1450])) < 1e-6


def test_well_timed_deposit_lifts_mwr_above_twr() -> None:
    # Flat first half, +20% second half; a big deposit just before the gain.
    start, mid, end = dt.date(2023, 1, 1), dt.date(2023, 7, 2), dt.date(2024, 1, 1)
    twr = fa.time_weighted_return(["1000", "1000", "12000"], ["0", "9000"], when="begin")
    mwr = fa.money_weighted_return("1000", "12000", start=start, end=end, flows=[(mid, "9000")])
    assert twr == pytest.approx(0.2, abs=1e-12)
    assert mwr > 0.3


def test_money_weighted_return_input_errors() -> None:
    with pytest.raises(ValidationError, match="after start"):
        fa.money_weighted_return("1", "2", start=JAN31, end=JAN1)
    with pytest.raises(ValidationError, match="outside"):
        fa.money_weighted_return(
            "1", "2", start=JAN1, end=JAN31, flows=[(dt.date(2025, 1, 1), "1")]
        )
    with pytest.raises(CalculationError):
        fa.money_weighted_return("0", "0", start=JAN1, end=JAN31)
