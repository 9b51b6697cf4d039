"""Drawdown: the underwater curve, its minimum, and the peak/trough/recovery of the worst fall."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from fin_infra import analytics as fa
from fin_infra.analytics import Drawdown
from fin_infra.errors import ValidationError
from tests.unit.analytics.strategies import PROPERTY, panels, series


def _brute_force_max_drawdown(returns: np.ndarray) -> float:
    """Worst ratio of a later wealth to an earlier one (the start, wealth 1, included)."""
    wealth = np.concatenate([[1.0], np.cumprod(1.0 + returns)])
    return min(0.0, min(wealth[j] / wealth[: j + 1].max() - 1 for j in range(wealth.size)))


@settings(PROPERTY, max_examples=80)
@given(series())
def test_drawdown_is_never_positive_and_matches_brute_force(returns: np.ndarray) -> None:
    underwater = fa.drawdown_series(returns)
    assert (underwater <= 0).all()
    worst = fa.max_drawdown(returns)
    assert worst == underwater.min() or (worst == 0 and underwater.min() == 0)
    assert worst == pytest.approx(_brute_force_max_drawdown(returns), abs=1e-12)


@settings(PROPERTY, max_examples=60)
@given(series())
def test_details_point_at_the_worst_fall(returns: np.ndarray) -> None:
    d = fa.drawdown_details(returns)
    assert isinstance(d, Drawdown)
    assert d.depth == pytest.approx(fa.max_drawdown(returns), abs=1e-15)
    if d.depth == 0:
        assert (d.peak, d.trough, d.recovery) == (None, None, None)
        assert d.recovered
        return
    wealth = np.cumprod(1.0 + returns)
    assert d.trough is not None
    peak_wealth = 1.0 if d.peak is None else wealth[d.peak]
    assert d.peak is None or d.peak < d.trough
    assert wealth[d.trough] / peak_wealth - 1 == pytest.approx(d.depth, abs=1e-12)
    if d.recovery is None:
        assert (wealth[d.trough :] < peak_wealth).all()
        assert not d.recovered
    else:
        assert wealth[d.recovery] >= peak_wealth
        assert (wealth[d.trough : d.recovery] < peak_wealth).all()


def test_details_with_dates() -> None:
    days = [dt.date(2024, 1, d) for d in range(1, 7)]
    r = [0.1, -0.2, 0.1, 0.05, 0.1, -0.01]
    d = fa.drawdown_details(r, index=days)
    assert isinstance(d, Drawdown)
    assert (d.peak, d.trough, d.recovery, d.duration) == (0, 1, 4, 4)
    assert (d.peak_label, d.trough_label, d.recovery_label) == (days[0], days[1], days[4])
    assert d.depth == pytest.approx(-0.2, abs=1e-15)


def test_peak_at_the_starting_capital() -> None:
    r = [-0.1, 0.05, -0.2, 0.3, 0.1]
    d = fa.drawdown_details(r)
    assert isinstance(d, Drawdown)
    assert (d.peak, d.trough, d.recovery) == (None, 2, 4)
    assert d.duration == 5  # from the start (before period 0) to the end of period 4
    assert d.depth == pytest.approx(-0.244, abs=1e-12)
    # One more label than periods: the first dates the starting capital.
    labels = ["open", "m1", "m2", "m3", "m4", "m5"]
    dated = fa.drawdown_details(r, index=labels)
    assert isinstance(dated, Drawdown)
    assert (dated.peak_label, dated.trough_label, dated.recovery_label) == ("open", "m3", "m5")


def test_unrecovered_drawdown_and_pandas_index() -> None:
    index = pd.date_range("2024-01-31", periods=4, freq="ME")
    d = fa.drawdown_details(pd.Series([0.05, -0.1, 0.02, 0.01], index=index))
    assert isinstance(d, Drawdown)
    assert (d.peak_label, d.trough_label) == (index[0], index[1])
    assert d.recovery is None
    assert d.recovery_label is None
    assert d.duration is None


@settings(PROPERTY, max_examples=30)
@given(panels(min_rows=1))
def test_panel_details_per_asset(panel: np.ndarray) -> None:
    details = fa.drawdown_details(panel)
    assert isinstance(details, list)
    np.testing.assert_allclose([d.depth for d in details], fa.max_drawdown(panel), atol=1e-15)
    assert details == [fa.drawdown_details(panel[:, j]) for j in range(panel.shape[1])]


def test_index_length_is_checked() -> None:
    with pytest.raises(ValidationError, match="3 labels for 5 periods"):
        fa.drawdown_details([0.1] * 5, index=["a", "b", "c"])


@settings(PROPERTY, max_examples=60)
@given(series(max_size=80))
def test_drawdown_periods_are_separate_and_deepest_first(returns: np.ndarray) -> None:
    periods = fa.drawdown_periods(returns, top=100)
    assert isinstance(periods, list)
    depths = [d.depth for d in periods]
    assert depths == sorted(depths)
    assert all(d < 0 for d in depths)
    if periods:
        assert periods[0] == fa.drawdown_details(returns)
    else:
        assert fa.max_drawdown(returns) == 0
    # In time order each spell starts at or after the previous one's recovery.
    spells = sorted(periods, key=lambda d: -1 if d.peak is None else d.peak)
    for before, after in pairwise(spells):
        assert before.recovery is not None
        assert after.peak is not None
        assert after.peak >= before.recovery
    assert all(d.recovery is not None for d in spells[:-1])
    assert fa.drawdown_periods(returns, top=2) == periods[:2]


def test_drawdown_periods_with_labels_and_panels() -> None:
    r = [0.1, -0.1, 0.2, -0.3, 0.1, 0.5, -0.05]
    labels = [f"d{i}" for i in range(8)]  # d0 dates the starting capital
    worst = fa.drawdown_periods(r, top=1, index=labels)
    assert isinstance(worst, list)
    assert [(d.peak_label, d.trough_label, d.recovery_label) for d in worst] == [("d3", "d4", "d6")]
    panel = np.column_stack([r, np.abs(r)])
    per_asset = fa.drawdown_periods(panel)
    assert isinstance(per_asset, list)
    assert per_asset[0] == fa.drawdown_periods(r)
    assert per_asset[1] == []
    with pytest.raises(ValidationError, match="top"):
        fa.drawdown_periods(r, top=0)
