"""Rolling metrics equal their full-series twins applied to each window, chunked or not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra import analytics as fa
from fin_infra.analytics import rolling
from fin_infra.errors import ValidationError
from tests.unit.analytics.strategies import PROPERTY, panels

RNG = np.random.default_rng(7)
PANEL = RNG.normal(0.0004, 0.012, size=(120, 3))
BENCH = PANEL @ np.array([0.5, 0.3, 0.2]) + RNG.normal(0, 0.002, 120)

# rolling function, full-series function, extra keyword arguments: first those computed for all
# windows at once (running sums, offset passes), then those evaluated window by window in chunks.
PAIRS: list[tuple[Callable[..., Any], Callable[..., Any], dict[str, Any]]] = [
    (fa.rolling_volatility, fa.annual_volatility, {"periods_per_year": 12}),
    (fa.rolling_sharpe_ratio, fa.sharpe_ratio, {"risk_free": 0.0001}),
    (fa.rolling_sortino_ratio, fa.sortino_ratio, {"mar": 0.0002}),
    (fa.rolling_max_drawdown, fa.max_drawdown, {}),
    (fa.rolling_value_at_risk, fa.value_at_risk, {"confidence": 0.9}),
    (fa.rolling_value_at_risk, fa.value_at_risk, {"method": "parametric"}),
    (fa.rolling_expected_shortfall, fa.expected_shortfall, {"confidence": 0.9}),
    (fa.rolling_expected_shortfall, fa.expected_shortfall, {"method": "parametric"}),
]


def _check(
    roll: Callable[..., Any],
    full: Callable[..., Any],
    data: np.ndarray,
    window: int,
    kwargs: dict[str, Any],
) -> None:
    result = roll(data, window, **kwargs)
    assert result.shape == (data.shape[0] - window + 1, *data.shape[1:])
    for i in range(result.shape[0]):
        np.testing.assert_allclose(
            result[i], full(data[i : i + window], **kwargs), rtol=1e-9, atol=1e-13
        )


@pytest.mark.parametrize(("roll", "full", "kwargs"), PAIRS)
def test_rolling_equals_metric_on_each_window(
    roll: Callable[..., Any], full: Callable[..., Any], kwargs: dict[str, Any]
) -> None:
    _check(roll, full, PANEL, 21, kwargs)
    _check(roll, full, PANEL[:, 1], 21, kwargs)


@pytest.mark.parametrize(("roll", "full", "kwargs"), PAIRS[4:])
def test_small_chunks_give_the_same_answer(
    roll: Callable[..., Any],
    full: Callable[..., Any],
    kwargs: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    whole = roll(PANEL, 30, **kwargs)
    monkeypatch.setattr(rolling, "_CHUNK_ELEMENTS", 30 * 3 * 7)  # 7 windows per chunk
    np.testing.assert_array_equal(roll(PANEL, 30, **kwargs), whole)


@pytest.mark.parametrize("window", [1, 2, 17, 120])
def test_fast_rolling_drawdown_equals_window_by_window(window: int) -> None:
    by_window = rolling._rolling(rolling._max_drawdown, window, PANEL)
    np.testing.assert_allclose(fa.rolling_max_drawdown(PANEL, window), by_window, atol=1e-13)


def test_rolling_drawdown_survives_a_total_loss() -> None:
    # Wealth hits 0: ratios of whole-series wealth break, so windows are computed one by one.
    r = np.concatenate([RNG.normal(0, 0.01, 20), [-1.0], RNG.normal(0, 0.01, 20)])
    result = fa.rolling_max_drawdown(r, 10)
    for i in range(result.size):
        assert result[i] == pytest.approx(fa.max_drawdown(r[i : i + 10]), abs=1e-13)
    assert result[15] == -1.0
    assert result[-1] > -1.0


def test_rolling_beta() -> None:
    result = fa.rolling_beta(PANEL, BENCH, 40)
    assert result.shape == (81, 3)
    for i in (0, 40, 80):
        np.testing.assert_allclose(result[i], fa.beta(PANEL[i : i + 40], BENCH[i : i + 40]))
    np.testing.assert_allclose(fa.rolling_beta(PANEL[:, 0], BENCH, 40), result[:, 0])


@settings(PROPERTY, max_examples=25)
@given(panels(min_rows=3, max_rows=30), st.data())
def test_rolling_drawdown_property(panel: np.ndarray, data: st.DataObject) -> None:
    window = data.draw(st.integers(1, panel.shape[0]))
    result = fa.rolling_max_drawdown(panel, window)
    assert (result <= 0).all()
    np.testing.assert_allclose(result[-1], fa.max_drawdown(panel[-window:]), atol=1e-12)


@pytest.mark.parametrize(("window", "message"), [(0, "at least"), (121, "longer"), (2.5, "int")])
def test_window_is_checked(window: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        fa.rolling_sharpe_ratio(PANEL, window)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", [0.003, 0.0])
def test_constant_windows_have_zero_dispersion_exactly(level: float) -> None:
    noise = RNG.normal(0, 0.01, 30)
    # level 0.0 with mirrored noise: the flat stretch sits at the series mean, the hardest case.
    tail = -noise if level == 0.0 else RNG.normal(0, 0.01, 30)
    r = np.concatenate([noise, np.full(10, level), tail])
    vol = fa.rolling_volatility(r, 5)
    sharpe = fa.rolling_sharpe_ratio(r, 5)
    flat = slice(30, 36)  # windows starting at 30..35 lie inside the constant stretch
    assert (vol[flat] == 0).all()
    assert np.isnan(sharpe[flat]).all()
    assert np.isfinite(np.delete(sharpe, np.arange(30, 36))).all()
    beta = fa.rolling_beta(RNG.normal(0, 0.01, 70), r, 5)
    assert np.isnan(beta[flat]).all()
    assert np.isfinite(np.delete(beta, np.arange(30, 36))).all()


def test_volatility_window_needs_two_periods() -> None:
    with pytest.raises(ValidationError, match="at least 2"):
        fa.rolling_volatility(PANEL, 1)
