"""Rolling metrics: each metric recomputed over a moving window of ``window`` periods.

Each result equals its full-series twin on every window: ``rolling_sharpe_ratio(r, w)[i]`` is
``sharpe_ratio(r[i:i + w])`` (to rounding). Results have ``n - window + 1`` rows, row ``i``
belonging to the window that *ends* at period ``i + window - 1``; a 2-D panel keeps one column
per asset.

Moment-based metrics (volatility, Sharpe, Sortino, beta) slide running sums over the series, so
their cost does not grow with the window; data are centred on their mean first to keep the sums
well conditioned, and a window of identical values is detected exactly (its dispersion is 0, not
rounding noise). Maximum drawdown steps through the window's offsets once for all windows.
Order statistics (VaR, expected shortfall) apply the full-series kernel to strided window views,
processed in bounded chunks to cap memory.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from fin_infra.analytics._series import (
    FloatArray,
    accumulate,
    as_pair,
    as_series,
    check_periods_per_year,
    check_window,
)
from fin_infra.analytics.drawdown import _max_drawdown
from fin_infra.analytics.returns import _check_wealth
from fin_infra.analytics.risk import VaRMethod, _check_rate, _ratio, _tail_kernel

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
# Columns per block in the drawdown offset passes: small enough to keep the arrays in cache.
_COLUMN_BLOCK = 64


def _rolling(kernel: Callable[[FloatArray], FloatArray], window: int, r: FloatArray) -> FloatArray:
    """Apply ``kernel`` (which reduces axis 0) to every window of ``r``, chunk by chunk."""
    # (n - window + 1, [assets,] window) -> (window, n - window + 1, [assets])
    view = np.moveaxis(sliding_window_view(r, window, axis=0), -1, 0)
    width = int(np.prod(r.shape[1:], dtype=np.int64))
    step = max(1, _CHUNK_ELEMENTS // (window * width))
    parts = [kernel(view[:, i : i + step]) for i in range(0, view.shape[1], step)]
    return np.concatenate(parts, axis=0)


def _window_sums(x: npt.NDArray[np.float64 | np.int64], window: int) -> FloatArray:
    """Sum of each run of ``window`` rows, by differencing a running sum."""
    total = accumulate(np.add, x)
    out = np.array(total[window - 1 :], dtype=np.float64)
    out[1:] -= total[:-window]
    return out


def _constant(x: FloatArray, window: int) -> npt.NDArray[np.bool_]:
    """True where every value in the window is identical (exact: counts value changes)."""
    changed = np.zeros(x.shape, dtype=np.int64)
    changed[1:] = x[1:] != x[:-1]
    # A change at the window's first row happened before the window began.
    return np.asarray((_window_sums(changed, window) - changed[: x.shape[0] - window + 1]) == 0)


def _moments(x: FloatArray, window: int) -> tuple[FloatArray, FloatArray]:
    """Rolling mean and sample variance (``ddof=1``) of each window."""
    centre = np.mean(x, axis=0)
    dev = x - centre
    s1 = _window_sums(dev, window)
    np.multiply(dev, dev, out=dev)
    s2 = _window_sums(dev, window)
    spread = s2 - s1 * s1 / window
    # A window of identical values leaves only rounding noise here (relative to the window's and
    # the running sums' magnitudes); windows at that level get the exact, costlier check.
    suspect = spread <= 1e-10 * s2 + 1e-12 * np.sum(dev, axis=0)
    if np.any(suspect):
        spread[suspect & _constant(x, window)] = 0.0
    np.maximum(spread, 0.0, out=spread)
    return s1 / window + centre, spread / (window - 1)


def _running_max_drawdown(r: FloatArray, window: int) -> FloatArray | None:
    """Maximum drawdown of every window at once, stepping through window offsets.

    Window ``i`` starts with the wealth ``W[i-1]`` (the starting capital is its first peak); at
    offset ``j`` its peak so far is updated with ``W[i+j]`` for all windows together. Cost is
    ``window`` passes over the panel, made a block of columns at a time so the working arrays stay
    in cache. Returns None when wealth leaves the range where ratios of whole-series wealth are
    exact enough (a -100% period, extreme growth), so the caller can fall back to computing each
    window on its own.
    """
    wealth = accumulate(np.multiply, 1.0 + r)
    if not np.all((wealth > 1e-200) & (wealth < 1e200)):
        return None
    if wealth.ndim == 1:
        return _offset_passes(wealth[:, np.newaxis], window)[:, 0]
    blocks = range(0, wealth.shape[1], _COLUMN_BLOCK)
    return np.hstack(
        [
            _offset_passes(np.ascontiguousarray(wealth[:, j : j + _COLUMN_BLOCK]), window)
            for j in blocks
        ]
    )


def _offset_passes(wealth: FloatArray, window: int) -> FloatArray:
    count = wealth.shape[0] - window + 1
    peak = np.ones((count, wealth.shape[1]))
    peak[1:] = wealth[: count - 1]
    worst = np.ones_like(peak)
    ratio = np.empty_like(peak)
    for j in range(window):
        now = wealth[j : j + count]
        np.maximum(peak, now, out=peak)
        np.divide(now, peak, out=ratio)
        np.minimum(worst, ratio, out=worst)
    return worst - 1.0


def rolling_volatility(
    returns: npt.ArrayLike, window: int, periods_per_year: float = 252
) -> FloatArray:
    """Annualised volatility of each window (see :func:`~fin_infra.analytics.annual_volatility`).

    Parameters
    ----------
    returns : array_like
        Simple returns, 1-D (periods) or 2-D (periods x assets).
    window : int
        Periods per window, from 2 (1 for drawdown and Sortino) up to the series length.
    periods_per_year : float, default 252
        Periods in a year, used to annualise.

    Returns
    -------
    numpy.ndarray
        ``n - window + 1`` rows (one column per asset for a panel); row ``i`` is the window
        ``returns[i:i + window]``. The other rolling functions share these parameters and this
        shape.

    Examples
    --------
    >>> rolling_volatility([0.01, -0.01, 0.01, 0.03], 2, periods_per_year=1).round(6).tolist()
    [0.014142, 0.014142, 0.014142]
    """
    r = as_series(returns)
    check_window(window, r.shape[0], minimum=2)
    ppy = check_periods_per_year(periods_per_year)
    return np.asarray(np.sqrt(_moments(r, window)[1] * ppy))


def rolling_sharpe_ratio(
    returns: npt.ArrayLike,
    window: int,
    risk_free: float = 0.0,
    periods_per_year: float = 252,
) -> FloatArray:
    """Sharpe ratio of each window (see :func:`~fin_infra.analytics.sharpe_ratio`).

    ``risk_free`` is per period. Windows of identical returns give NaN.

    >>> rolling_sharpe_ratio([0.01, 0.03, 0.02, 0.02], 2, periods_per_year=1).round(4).tolist()
    [1.4142, 3.5355, nan]
    """
    r = as_series(returns)
    check_window(window, r.shape[0], minimum=2)
    rf = _check_rate(risk_free, "risk_free")
    ppy = check_periods_per_year(periods_per_year)
    mean, variance = _moments(r - rf, window)
    return np.asarray(_ratio(mean, np.sqrt(variance)) * np.sqrt(ppy))


def rolling_sortino_ratio(
    returns: npt.ArrayLike, window: int, mar: float = 0.0, periods_per_year: float = 252
) -> FloatArray:
    """Sortino ratio of each window (see :func:`~fin_infra.analytics.sortino_ratio`).

    ``mar`` is the per-period minimum acceptable return; windows with no shortfall give NaN.

    >>> rolling_sortino_ratio([0.02, -0.01, 0.03], 2, periods_per_year=1).round(4).tolist()
    [0.7071, 1.4142]
    """
    r = as_series(returns)
    check_window(window, r.shape[0])
    target = _check_rate(mar, "mar")
    ppy = check_periods_per_year(periods_per_year)
    excess = r - target
    shortfall = np.minimum(excess, 0.0)
    mean = _moments(excess, window)[0]
    downside = np.sqrt(_window_sums(shortfall * shortfall, window) / window * ppy)
    return _ratio(mean * ppy, downside)


def rolling_beta(returns: npt.ArrayLike, benchmark: npt.ArrayLike, window: int) -> FloatArray:
    """Beta of each window against the same window of the benchmark (see ``beta``).

    A 1-D benchmark is shared by every column of a 2-D ``returns``.

    >>> rolling_beta([0.02, -0.02, 0.04, 0.0], [0.01, -0.01, 0.02, 0.01], 3).round(6).tolist()
    [2.0, 1.857143]
    """
    r, b = as_pair(returns, benchmark)
    check_window(window, r.shape[0], minimum=2)
    r_dev = r - np.mean(r, axis=0)
    b_dev = b - np.mean(b, axis=0)
    sum_b = _window_sums(b_dev, window)
    covariance = _window_sums(b_dev * r_dev, window) - sum_b * _window_sums(r_dev, window) / window
    variance = np.maximum(_window_sums(b_dev * b_dev, window) - sum_b * sum_b / window, 0.0)
    variance = np.where(_constant(b, window), 0.0, variance)
    return _ratio(covariance, variance)


def rolling_max_drawdown(returns: npt.ArrayLike, window: int) -> FloatArray:
    """Maximum drawdown within each window, the window's start counting as the first peak.

    >>> rolling_max_drawdown([0.1, -0.5, 0.2, 0.1], 2).round(4).tolist()
    [-0.5, -0.5, 0.0]
    """
    r = as_series(returns)
    _check_wealth(r)
    check_window(window, r.shape[0])
    fast = _running_max_drawdown(r, window)
    return _rolling(_max_drawdown, window, r) if fast is None else fast


def rolling_value_at_risk(
    returns: npt.ArrayLike,
    window: int,
    confidence: float = 0.95,
    method: VaRMethod = "historical",
) -> FloatArray:
    """Value at risk of each window (see :func:`~fin_infra.analytics.value_at_risk`).

    >>> rolling_value_at_risk([-0.02, 0.01, 0.03, -0.04], 3, confidence=0.5).round(4).tolist()
    [0.01, 0.01]
    """
    kernel = _tail_kernel("var", confidence, method)
    r = as_series(returns)
    return _rolling(kernel, check_window(window, r.shape[0], minimum=2), r)


def rolling_expected_shortfall(
    returns: npt.ArrayLike,
    window: int,
    confidence: float = 0.95,
    method: VaRMethod = "historical",
) -> FloatArray:
    """Expected shortfall of each window (see :func:`~fin_infra.analytics.expected_shortfall`).

    >>> rolling_expected_shortfall([-0.02, 0.01, 0.03, -0.04], 3, confidence=0.5).round(4)
    array([-0.005, -0.015])
    """
    kernel = _tail_kernel("es", confidence, method)
    r = as_series(returns)
    return _rolling(kernel, check_window(window, r.shape[0], minimum=2), r)
