"""Risk and risk-adjusted return: Sharpe, Sortino, Calmar, alpha/beta, VaR, expected shortfall.

Definitions follow empyrical (documented per function). Risk-free rates and minimum acceptable
returns are *per period* (a daily rate for daily returns); ``periods_per_year`` annualises. A ratio
whose denominator is zero (a constant series, no losses, a flat benchmark) is undefined and comes
back as NaN rather than infinity, so one degenerate asset does not stop a panel computation.

Value at risk and expected shortfall are reported as *returns* (a 5% one-day VaR of -0.031 means a
3.1% loss), like empyrical, with ``confidence=0.95`` looking at the worst 5% of periods.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import NormalDist
from typing import Literal

import numpy as np
import numpy.typing as npt

from fin_infra.analytics._series import (
    FloatArray,
    Metric,
    as_pair,
    as_series,
    check_periods_per_year,
    check_probability,
    to_metric,
)
from fin_infra.analytics.drawdown import _max_drawdown
from fin_infra.analytics.returns import _cagr, _check_wealth, _std
from fin_infra.errors import ValidationError

__all__ = [
    "VaRMethod",
    "alpha",
    "alpha_beta",
    "beta",
    "calmar_ratio",
    "downside_deviation",
    "expected_shortfall",
    "sharpe_ratio",
    "sortino_ratio",
    "value_at_risk",
]

VaRMethod = Literal["historical", "parametric"]
"""``"historical"``: empirical quantile of the returns; ``"parametric"``: normal distribution."""


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """``numerator / denominator``, NaN where the denominator is zero."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(denominator == 0, np.nan, numerator / denominator))


def _sharpe(r: FloatArray, risk_free: float, periods_per_year: float) -> FloatArray:
    excess = r - risk_free
    std = _std(excess)
    return np.asarray(_ratio(np.mean(excess, axis=0), std) * np.sqrt(periods_per_year))


def _downside(r: FloatArray, mar: float, periods_per_year: float) -> FloatArray:
    shortfall = np.minimum(r - mar, 0.0)
    return np.asarray(np.sqrt(np.mean(shortfall * shortfall, axis=0) * periods_per_year))


def _sortino(r: FloatArray, mar: float, periods_per_year: float) -> FloatArray:
    mean_excess = np.mean(r - mar, axis=0) * periods_per_year
    return _ratio(mean_excess, _downside(r, mar, periods_per_year))


def _beta(r: FloatArray, b: FloatArray) -> FloatArray:
    b_dev = b - np.mean(b, axis=0)
    covariance = np.mean(b_dev * (r - np.mean(r, axis=0)), axis=0)
    variance = np.where(np.ptp(b, axis=0) == 0, 0.0, np.mean(b_dev * b_dev, axis=0))
    return _ratio(covariance, variance)


def _alpha(
    r: FloatArray, b: FloatArray, risk_free: float, periods_per_year: float
) -> tuple[FloatArray, FloatArray]:
    slope = _beta(r, b)
    residual = np.mean((r - risk_free) - slope * (b - risk_free), axis=0)
    return np.asarray((1.0 + residual) ** periods_per_year - 1.0), slope


def _var_historical(r: FloatArray, tail: float) -> FloatArray:
    return np.asarray(np.quantile(r, tail, axis=0))


def _es_historical(r: FloatArray, tail: float) -> FloatArray:
    k = int((r.shape[0] - 1) * tail)
    return np.asarray(np.mean(np.partition(r, k, axis=0)[: k + 1], axis=0))


def _var_parametric(r: FloatArray, tail: float) -> FloatArray:
    z = NormalDist().inv_cdf(tail)
    return np.asarray(np.mean(r, axis=0) + z * _std(r))


def _es_parametric(r: FloatArray, tail: float) -> FloatArray:
    normal = NormalDist()
    density = normal.pdf(normal.inv_cdf(tail))
    return np.asarray(np.mean(r, axis=0) - _std(r) * density / tail)


def _calmar(r: FloatArray, periods_per_year: float) -> FloatArray:
    return _ratio(_cagr(r, periods_per_year), -_max_drawdown(r))


def _check_rate(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise ValidationError(f"{name} must be a finite per-period rate, got {value!r}")
    return float(value)


_TAIL_KERNELS = {
    ("var", "historical"): _var_historical,
    ("var", "parametric"): _var_parametric,
    ("es", "historical"): _es_historical,
    ("es", "parametric"): _es_parametric,
}


def _tail_kernel(
    measure: Literal["var", "es"], confidence: float, method: str
) -> Callable[[FloatArray], FloatArray]:
    """The VaR or expected-shortfall kernel for ``method``, bound to the checked tail level."""
    tail = 1.0 - check_probability(confidence, "confidence")
    if method not in ("historical", "parametric"):
        raise ValidationError(f"method must be 'historical' or 'parametric', got {method!r}")
    kernel = _TAIL_KERNELS[measure, method]
    return lambda r: kernel(r, tail)


def sharpe_ratio(
    returns: npt.ArrayLike, risk_free: float = 0.0, periods_per_year: float = 252
) -> Metric:
    """Annualised Sharpe ratio ``mean(r - rf) / std(r - rf, ddof=1) * sqrt(periods_per_year)``.

    Parameters
    ----------
    returns : array_like
        Simple returns, 1-D or 2-D (periods x assets), at least two periods.
    risk_free : float, default 0
        Risk-free rate *per period* (for daily returns, a daily rate).
    periods_per_year : float, default 252
        Periods in a year, used to annualise.

    Examples
    --------
    >>> round(sharpe_ratio([0.01, 0.02, 0.0], periods_per_year=12), 6)
    3.464102
    """
    r = as_series(returns, min_length=2)
    rf = _check_rate(risk_free, "risk_free")
    return to_metric(_sharpe(r, rf, check_periods_per_year(periods_per_year)))


def downside_deviation(
    returns: npt.ArrayLike, mar: float = 0.0, periods_per_year: float = 252
) -> Metric:
    """Annualised downside deviation ``sqrt(mean(min(r - mar, 0) ** 2)) * sqrt(periods_per_year)``.

    The mean runs over *all* periods (empyrical ``downside_risk``), not only the losing ones.

    Examples
    --------
    >>> round(downside_deviation([0.02, -0.02], periods_per_year=1), 6)
    0.014142
    """
    r = as_series(returns)
    target = _check_rate(mar, "mar")
    return to_metric(_downside(r, target, check_periods_per_year(periods_per_year)))


def sortino_ratio(
    returns: npt.ArrayLike, mar: float = 0.0, periods_per_year: float = 252
) -> Metric:
    """Annualised Sortino ratio ``mean(r - mar) * periods_per_year / downside_deviation``.

    ``mar`` is the minimum acceptable return per period; the downside deviation is that of
    :func:`downside_deviation` (mean over all periods), as in empyrical ``sortino_ratio``. NaN when
    no period falls below ``mar``.

    Examples
    --------
    >>> round(sortino_ratio([0.02, -0.01, 0.01], periods_per_year=12), 6)
    4.0
    """
    r = as_series(returns)
    target = _check_rate(mar, "mar")
    return to_metric(_sortino(r, target, check_periods_per_year(periods_per_year)))


def beta(returns: npt.ArrayLike, benchmark: npt.ArrayLike) -> Metric:
    """Beta against a benchmark: ``cov(r, b) / var(b)`` (empyrical ``beta``).

    Population moments are used in both; the normalisation cancels. A 1-D benchmark is shared by
    every column of a 2-D ``returns``; a 2-D benchmark pairs column by column. NaN when the
    benchmark is constant.

    Examples
    --------
    >>> round(beta([0.02, -0.02, 0.04], [0.01, -0.01, 0.02]), 10)
    2.0
    """
    r, b = as_pair(returns, benchmark, min_length=2)
    return to_metric(_beta(r, b))


def alpha_beta(
    returns: npt.ArrayLike,
    benchmark: npt.ArrayLike,
    risk_free: float = 0.0,
    periods_per_year: float = 252,
) -> tuple[Metric, Metric]:
    """Annualised alpha and beta against a benchmark (empyrical ``alpha_beta``).

    ``alpha = (1 + mean((r - rf) - beta * (b - rf))) ** periods_per_year - 1``: the mean per-period
    return not explained by the benchmark, compounded over a year.

    Examples
    --------
    >>> a, b = alpha_beta([0.03, -0.01, 0.05], [0.01, -0.01, 0.02], periods_per_year=12)
    >>> round(a, 6), round(b, 6)
    (0.126825, 2.0)
    """
    r, b = as_pair(returns, benchmark, min_length=2)
    rf = _check_rate(risk_free, "risk_free")
    a, slope = _alpha(r, b, rf, check_periods_per_year(periods_per_year))
    return to_metric(a), to_metric(slope)


def alpha(
    returns: npt.ArrayLike,
    benchmark: npt.ArrayLike,
    risk_free: float = 0.0,
    periods_per_year: float = 252,
) -> Metric:
    """Annualised alpha against a benchmark; see :func:`alpha_beta` for the definition."""
    return alpha_beta(returns, benchmark, risk_free, periods_per_year)[0]


def calmar_ratio(returns: npt.ArrayLike, periods_per_year: float = 252) -> Metric:
    """Calmar ratio: CAGR divided by the magnitude of the maximum drawdown (empyrical).

    NaN when the series never draws down.

    Examples
    --------
    >>> round(calmar_ratio([0.1, -0.1, 0.1, 0.1], periods_per_year=4), 6)
    1.979
    """
    r = as_series(returns)
    _check_wealth(r)
    return to_metric(_calmar(r, check_periods_per_year(periods_per_year)))


def value_at_risk(
    returns: npt.ArrayLike, confidence: float = 0.95, method: VaRMethod = "historical"
) -> Metric:
    """Value at risk: the return that the worst ``1 - confidence`` of periods fall below.

    Parameters
    ----------
    returns : array_like
        Simple returns, 1-D or 2-D (periods x assets), at least two periods.
    confidence : float, default 0.95
        Confidence level; the tail probability is ``1 - confidence``.
    method : {"historical", "parametric"}
        ``"historical"``: the empirical quantile with linear interpolation (``numpy.quantile``,
        empyrical ``value_at_risk``). ``"parametric"``: the quantile of a normal distribution
        with the sample mean and standard deviation, ``mean + z * std(ddof=1)``.

    Returns
    -------
    float or numpy.ndarray
        A return, normally negative: -0.03 is a 3% loss.

    Examples
    --------
    >>> round(value_at_risk([-0.05, -0.01, 0.0, 0.01, 0.03], confidence=0.8), 6)
    -0.018
    """
    kernel = _tail_kernel("var", confidence, method)
    return to_metric(kernel(as_series(returns, min_length=2)))


def expected_shortfall(
    returns: npt.ArrayLike, confidence: float = 0.95, method: VaRMethod = "historical"
) -> Metric:
    """Expected shortfall (conditional VaR): the mean return in the worst ``1 - confidence`` tail.

    ``"historical"`` follows empyrical ``conditional_value_at_risk``: with ``k =
    int((n - 1) * (1 - confidence))`` it is the mean of the ``k + 1`` lowest returns.
    ``"parametric"`` is the normal closed form ``mean - std * pdf(z) / (1 - confidence)`` with
    ``z`` the tail quantile of the standard normal.

    Examples
    --------
    >>> round(expected_shortfall([-0.05, -0.01, 0.0, 0.01, 0.03], confidence=0.6), 6)
    -0.03
    """
    kernel = _tail_kernel("es", confidence, method)
    return to_metric(kernel(as_series(returns, min_length=2)))
