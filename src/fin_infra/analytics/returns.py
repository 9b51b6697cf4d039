"""Returns: from prices to period returns, and from period returns to growth (cumulative, CAGR).

Definitions follow empyrical. A return series ``r`` holds simple (arithmetic) returns per period;
wealth after period ``t`` is ``prod(1 + r[:t+1])`` for one unit of starting capital. Every function
takes a 1-D series or a 2-D panel (periods x assets) and works down axis 0, one value per asset.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fin_infra.analytics._series import (
    FloatArray,
    Metric,
    accumulate,
    as_series,
    check_periods_per_year,
    to_metric,
)
from fin_infra.errors import ValidationError

__all__ = [
    "annual_volatility",
    "cagr",
    "cum_return",
    "cum_returns",
    "log_returns",
    "simple_returns",
]


def simple_returns(prices: npt.ArrayLike) -> FloatArray:
    """Period returns ``p[t] / p[t-1] - 1`` from a price (or value) series.

    Parameters
    ----------
    prices : array_like
        Strictly positive prices, 1-D (periods) or 2-D (periods x assets), at least two periods.

    Returns
    -------
    numpy.ndarray
        One period fewer than ``prices``.

    Examples
    --------
    >>> simple_returns([100, 110, 99]).round(4).tolist()
    [0.1, -0.1]
    """
    p = as_series(prices, "prices", min_length=2)
    if (p <= 0).any():
        raise ValidationError("prices must be strictly positive")
    return p[1:] / p[:-1] - 1.0


def log_returns(prices: npt.ArrayLike) -> FloatArray:
    """Continuously compounded period returns ``log(p[t] / p[t-1])`` from strictly positive prices.

    >>> log_returns([1.0, np.e]).round(6).tolist()
    [1.0]
    """
    return np.log1p(simple_returns(prices))


def _check_wealth(r: FloatArray) -> None:
    if (r < -1.0).any():
        raise ValidationError(
            "a return below -100% makes wealth negative; compounding it has no meaning"
        )


def _growth(r: FloatArray) -> FloatArray:
    """Final wealth per unit of starting capital, along axis 0."""
    return np.asarray(np.prod(1.0 + r, axis=0), dtype=np.float64)


def _cagr(r: FloatArray, periods_per_year: float) -> FloatArray:
    years = r.shape[0] / periods_per_year
    return np.asarray(_growth(r) ** (1.0 / years) - 1.0)


def _std(r: FloatArray) -> FloatArray:
    """Sample standard deviation along axis 0, exactly 0 for a constant column.

    Rounding in the mean can leave a constant column with a dispersion of ~1e-16 instead of 0,
    which would turn an undefined ratio into an enormous one.
    """
    n = r.shape[0]
    mean = np.mean(r, axis=0)
    dev = r - mean
    squares = np.einsum("i...,i...->...", dev, dev)
    # Only columns whose dispersion is at rounding level need the exact (costlier) check.
    suspect = squares <= n * (1e-12 * np.abs(mean)) ** 2
    if np.any(suspect):
        squares = np.where(suspect & (np.ptp(r, axis=0) == 0), 0.0, squares)
    return np.asarray(np.sqrt(squares / (n - 1)))


def _volatility(r: FloatArray, periods_per_year: float) -> FloatArray:
    return np.asarray(_std(r) * np.sqrt(periods_per_year))


def cum_returns(returns: npt.ArrayLike, starting_value: float = 0.0) -> FloatArray:
    """Cumulative return after each period, ``prod(1 + r[:t+1]) - 1`` (empyrical ``cum_returns``).

    Parameters
    ----------
    returns : array_like
        Simple returns, 1-D or 2-D (periods x assets); none below -1.
    starting_value : float, default 0
        With 0 the result is a cumulative *return*; with a positive value it is the *wealth* path of
        that much starting capital, ``starting_value * prod(1 + r[:t+1])``.

    Examples
    --------
    >>> cum_returns([0.1, 0.1]).round(4).tolist()
    [0.1, 0.21]
    >>> cum_returns([0.1, 0.1], starting_value=100).round(4).tolist()
    [110.0, 121.0]
    """
    r = as_series(returns)
    _check_wealth(r)
    wealth = accumulate(np.multiply, 1.0 + r)
    if starting_value == 0:
        return wealth - 1.0
    return wealth * starting_value


def cum_return(returns: npt.ArrayLike) -> Metric:
    """Total compounded return ``prod(1 + r) - 1`` (empyrical ``cum_returns_final``).

    Returns
    -------
    float or numpy.ndarray
        A float for a 1-D series, one value per asset for a 2-D panel.

    Examples
    --------
    >>> round(cum_return([0.1, -0.1]), 10)
    -0.01
    """
    r = as_series(returns)
    _check_wealth(r)
    return to_metric(_growth(r) - 1.0)


def cagr(returns: npt.ArrayLike, periods_per_year: float = 252) -> Metric:
    """Compound annual growth rate ``prod(1 + r) ** (periods_per_year / n) - 1``.

    This is empyrical's ``annual_return``: the number of years is the number of periods divided by
    ``periods_per_year`` (252 trading days, 52 weeks, 12 months), not calendar time.

    Examples
    --------
    >>> round(cagr([0.01] * 12, periods_per_year=12), 10)
    0.1268250301
    """
    r = as_series(returns)
    _check_wealth(r)
    return to_metric(_cagr(r, check_periods_per_year(periods_per_year)))


def annual_volatility(returns: npt.ArrayLike, periods_per_year: float = 252) -> Metric:
    """Annualised volatility ``std(r, ddof=1) * sqrt(periods_per_year)``.

    The sample standard deviation; needs at least two periods (empyrical ``annual_volatility``).

    Examples
    --------
    >>> round(annual_volatility([0.01, -0.01], periods_per_year=4), 10)
    0.0282842712
    """
    r = as_series(returns, min_length=2)
    return to_metric(_volatility(r, check_periods_per_year(periods_per_year)))
