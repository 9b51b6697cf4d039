"""Returns (prices, growth, CAGR, volatility) and the input handling shared by every metric."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from fin_infra import analytics as fa
from fin_infra.errors import ValidationError
from tests.unit.analytics.strategies import PROPERTY, panels, series

R = [0.01, -0.02, 0.015, -0.005, 0.03, -0.04, 0.02, 0.005, -0.01, 0.025]


def test_simple_and_log_returns_from_prices() -> None:
    np.testing.assert_allclose(fa.simple_returns([100, 110, 99, 99]), [0.1, -0.1, 0.0])
    np.testing.assert_allclose(fa.log_returns([100, 110, 99]), np.log([1.1, 0.9]))
    panel = fa.simple_returns([[10, 20], [11, 19], [12.1, 19]])
    np.testing.assert_allclose(panel, [[0.1, -0.05], [0.1, 0.0]])


@pytest.mark.parametrize("prices", [[100], [100, 0, 3], [100, -5]])
def test_simple_returns_rejects_bad_prices(prices: list[float]) -> None:
    with pytest.raises(ValidationError):
        fa.simple_returns(prices)


def test_cum_returns_path_and_wealth() -> None:
    np.testing.assert_allclose(fa.cum_returns([0.1, -0.1, 0.1]), [0.1, -0.01, 0.089])
    np.testing.assert_allclose(fa.cum_returns([0.1, -0.1], starting_value=1000), [1100, 990])


def test_cagr_counts_years_by_periods() -> None:
    # Two years of monthly 1% returns grow 1.01**24; the annual rate is 1.01**12 - 1.
    assert fa.cagr([0.01] * 24, periods_per_year=12) == pytest.approx(1.01**12 - 1, abs=1e-14)
    assert fa.cagr([-1.0, 0.5]) == -1.0


def test_annual_volatility_is_sample_std_scaled() -> None:
    expected = np.std(R, ddof=1) * math.sqrt(52)
    assert fa.annual_volatility(R, periods_per_year=52) == pytest.approx(expected, abs=1e-15)


@settings(PROPERTY, max_examples=40)
@given(panels())
def test_panel_equals_each_column(panel: np.ndarray) -> None:
    for metric in (fa.cum_return, fa.cagr, fa.annual_volatility):
        whole = metric(panel)
        assert whole.shape == (panel.shape[1],)
        for j in range(panel.shape[1]):
            assert whole[j] == pytest.approx(metric(panel[:, j]), rel=1e-12, abs=1e-12)


@settings(PROPERTY, max_examples=60)
@given(series(min_size=1))
def test_prices_round_trip(returns: np.ndarray) -> None:
    prices = fa.cum_returns(returns, starting_value=100.0)
    back = fa.simple_returns(np.concatenate([[100.0], prices]))
    np.testing.assert_allclose(back, returns, rtol=1e-9, atol=1e-9)
    assert fa.cum_return(returns) == pytest.approx(prices[-1] / 100.0 - 1, rel=1e-12, abs=1e-12)


def test_accepts_pandas_series_and_dataframe() -> None:
    index = pd.date_range("2024-01-01", periods=len(R), freq="D")
    s = pd.Series(R, index=index)
    assert fa.cum_return(s) == pytest.approx(fa.cum_return(R), abs=1e-15)
    frame = pd.DataFrame({"a": R, "b": [x / 2 for x in R]}, index=index)
    result = fa.sharpe_ratio(frame)
    assert result == pytest.approx([fa.sharpe_ratio(R), fa.sharpe_ratio([x / 2 for x in R])])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "at least one period"),
        ([[]], "no assets"),
        ([0.1, float("nan")], "NaN or infinity .first at position 1"),
        ([[0.1, 0.2], [0.1, float("inf")]], r"position \(1, 1\)"),
        ([[[0.1]]], "1-D .periods. or 2-D"),
        (["a", "b"], "only numbers"),
        ("0.1", "sequence of numbers"),
        ([0.1, -1.5], "below -100%"),
    ],
)
def test_bad_series_are_refused(data: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        fa.cum_return(data)  # type: ignore[arg-type]


def test_metrics_needing_two_periods_say_so() -> None:
    with pytest.raises(ValidationError, match="at least 2 periods"):
        fa.annual_volatility([0.01])
    with pytest.raises(ValidationError, match="at least 2 periods"):
        fa.sharpe_ratio([0.01])


@pytest.mark.parametrize("ppy", [0, -12, float("nan"), True, "252"])
def test_periods_per_year_is_checked(ppy: object) -> None:
    with pytest.raises(ValidationError, match="periods_per_year"):
        fa.cagr(R, periods_per_year=ppy)  # type: ignore[arg-type]


def test_wide_panels_accumulate_row_by_row_with_identical_results() -> None:
    from fin_infra.analytics._series import accumulate

    wide = np.random.default_rng(3).normal(0.0005, 0.02, size=(300, 150))
    for ufunc in (np.add, np.multiply, np.maximum):
        np.testing.assert_array_equal(accumulate(ufunc, wide), ufunc.accumulate(wide, axis=0))
    np.testing.assert_array_equal(fa.cum_returns(wide), np.cumprod(1 + wide, axis=0) - 1)
    for metric in (fa.max_drawdown, fa.cum_return, fa.annual_volatility):
        expected = [metric(wide[:, j]) for j in range(wide.shape[1])]
        np.testing.assert_allclose(metric(wide), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        fa.rolling_volatility(wide, 60)[-1], fa.annual_volatility(wide[-60:]), rtol=1e-9
    )
    np.testing.assert_allclose(
        fa.rolling_max_drawdown(wide, 60)[0], fa.max_drawdown(wide[:60]), atol=1e-13
    )
