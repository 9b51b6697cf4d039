"""Rolling metrics: each metric recomputed over a moving window of ``window`` periods.

Every rolling function applies exactly the kernel of its full-series twin to each window, so
``rolling_sharpe_ratio(r, w)[i] == sharpe_ratio(r[i:i + w])``. Results have ``n - window + 1``
rows, row ``i`` belonging to the window that *ends* at period ``i + window - 1``; a 2-D panel keeps
one column per asset. Windows are strided views processed in bounded chunks, so memory stays
modest for long panels.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from fin_infra.analytics._series import (
    FloatArray,
    as_pair,
    as_series,
    check_periods_per_year,
    check_window,
)
from fin_infra.analytics.drawdown import _max_drawdown
from fin_infra.analytics.returns import _check_wealth, _volatility
from fin_infra.analytics.risk import (
    VaRMethod,
    _beta,
    _check_method,
    _check_rate,
    _es_historical,
    _es_parametric,
    _sharpe,
    _sortino,
    _tail,
    _var_historical,
    _var_parametric,
)

__all__ = [
    "rolling_beta",
    "rolling_expected_shortfall",
    "rolling_max_drawdown",
    "rolling_sharpe_ratio",
    "rolling_sortino_ratio",
    "rolling_value_at_risk",
    "rolling_volatility",
]

# Elements materialised per chunk (window x windows x assets): about 64 MB of float64.
_CHUNK_ELEMENTS = 8_000_000


def _rolling(kernel: Callable[..., FloatArray], window: int, *series: FloatArray) -> FloatArray:
    """Apply ``kernel`` (which reduces axis 0) to every window of every series, chunk by chunk."""
    n = series[0].shape[0]
    # (n - window + 1, [assets,] window) -> (window, n - window + 1, [assets])
    views = [np.moveaxis(sliding_window_view(s, window, axis=0), -1, 0) for s in series]
    width = int(np.prod(series[0].shape[1:], dtype=np.int64))
    step = max(1, _CHUNK_ELEMENTS // (window * width))
    parts = [
        kernel(*(v[:, start : start + step] for v in views))
        for start in range(0, n - window + 1, step)
    ]
    return np.concatenate(parts, axis=0)


def rolling_volatility(
    returns: npt.ArrayLike, window: int, periods_per_year: float = 252
) -> FloatArray:
    """Annualised volatility of each window (see :func:`~fin_infra.analytics.annual_volatility`).

    Examples
    --------
    >>> rolling_volatility([0.01, -0.01, 0.01, 0.03], 2, periods_per_year=1).round(6).tolist()
    [0.014142, 0.014142, 0.014142]
    """
    r = as_series(returns)
    check_window(window, r.shape[0], minimum=2)
    ppy = check_periods_per_year(periods_per_year)
    return _rolling(lambda x: _volatility(x, ppy), window, r)


def rolling_sharpe_ratio(
    returns: npt.ArrayLike,
    window: int,
    risk_free: float = 0.0,
    periods_per_year: float = 252,
) -> FloatArray:
    """Sharpe ratio of each window (see :func:`~fin_infra.analytics.sharpe_ratio`)."""
    r = as_series(returns)
    check_window(window, r.shape[0], minimum=2)
    rf = _check_rate(risk_free, "risk_free")
    ppy = check_periods_per_year(periods_per_year)
    return _rolling(lambda x: _sharpe(x, rf, ppy), window, r)


def rolling_sortino_ratio(
    returns: npt.ArrayLike, window: int, mar: float = 0.0, periods_per_year: float = 252
) -> FloatArray:
    """Sortino ratio of each window (see :func:`~fin_infra.analytics.sortino_ratio`)."""
    r = as_series(returns)
    check_window(window, r.shape[0])
    target = _check_rate(mar, "mar")
    ppy = check_periods_per_year(periods_per_year)
    return _rolling(lambda x: _sortino(x, target, ppy), window, r)


def rolling_beta(returns: npt.ArrayLike, benchmark: npt.ArrayLike, window: int) -> FloatArray:
    """Beta of each window against the same window of the benchmark (see ``beta``)."""
    r, b = as_pair(returns, benchmark)
    check_window(window, r.shape[0], minimum=2)
    return _rolling(_beta, window, r, b)


def rolling_max_drawdown(returns: npt.ArrayLike, window: int) -> FloatArray:
    """Maximum drawdown within each window, the window's start counting as the first peak."""
    r = as_series(returns)
    _check_wealth(r)
    check_window(window, r.shape[0])
    return _rolling(_max_drawdown, window, r)


def rolling_value_at_risk(
    returns: npt.ArrayLike,
    window: int,
    confidence: float = 0.95,
    method: VaRMethod = "historical",
) -> FloatArray:
    """Value at risk of each window (see :func:`~fin_infra.analytics.value_at_risk`)."""
    r = as_series(returns)
    check_window(window, r.shape[0], minimum=2)
    tail = _tail(confidence)
    kernel = _var_historical if _check_method(method) == "historical" else _var_parametric
    return _rolling(lambda x: kernel(x, tail), window, r)


def rolling_expected_shortfall(
    returns: npt.ArrayLike,
    window: int,
    confidence: float = 0.95,
    method: VaRMethod = "historical",
) -> FloatArray:
    """Expected shortfall of each window (see :func:`~fin_infra.analytics.expected_shortfall`)."""
    r = as_series(returns)
    check_window(window, r.shape[0], minimum=2)
    tail = _tail(confidence)
    kernel = _es_historical if _check_method(method) == "historical" else _es_parametric
    return _rolling(lambda x: kernel(x, tail), window, r)
