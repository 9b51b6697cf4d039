"""Drawdown: how far wealth has fallen below its running peak, and when it fell and recovered.

Following empyrical, the starting capital counts as the first peak: a series that loses from its
very first period is in drawdown from the start. Wealth after period ``t`` is
``W[t] = prod(1 + r[:t+1])`` and the drawdown is ``W[t] / max(1, W[0], ..., W[t]) - 1`` (never
positive). Maximum drawdown is the lowest point of that curve.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fin_infra.analytics._series import (
    FloatArray,
    Metric,
    accumulate,
    as_series,
    index_of,
    to_metric,
)
from fin_infra.analytics.returns import _check_wealth
from fin_infra.errors import ValidationError

__all__ = ["Drawdown", "drawdown_details", "drawdown_series", "max_drawdown"]


def _wealth_over_peak(r: FloatArray) -> FloatArray:
    """``W[t] / max(1, W[:t+1])`` along axis 0, in place on two temporaries."""
    wealth = accumulate(np.multiply, np.add(r, 1.0))
    peak = accumulate(np.maximum, wealth)
    np.maximum(peak, 1.0, out=peak)
    return np.asarray(np.divide(wealth, peak, out=peak))


def _underwater(r: FloatArray) -> FloatArray:
    return _wealth_over_peak(r) - 1.0


def _max_drawdown(r: FloatArray) -> FloatArray:
    return np.asarray(np.minimum(np.min(_wealth_over_peak(r), axis=0) - 1.0, 0.0))


def drawdown_series(returns: npt.ArrayLike) -> FloatArray:
    """The drawdown after each period, ``W[t] / max(1, W[:t+1]) - 1`` (the "underwater" curve).

    Examples
    --------
    >>> drawdown_series([0.1, -0.5, 0.2]).round(4).tolist()
    [0.0, -0.5, -0.4]
    """
    r = as_series(returns)
    _check_wealth(r)
    return _underwater(r)


def max_drawdown(returns: npt.ArrayLike) -> Metric:
    """Maximum drawdown: the worst fall from a running peak, a number in ``[-1, 0]``.

    The starting capital is the first peak (empyrical ``max_drawdown``), so ``[-0.1]`` has a
    maximum drawdown of -10%.

    Examples
    --------
    >>> round(max_drawdown([-0.1, 0.05, -0.2, 0.3]), 10)
    -0.244
    """
    r = as_series(returns)
    _check_wealth(r)
    return to_metric(_max_drawdown(r))


@dataclass(frozen=True, slots=True)
class Drawdown:
    """The maximum drawdown of one series and where it happened.

    Positions count periods of the returns series from 0: ``peak = 3`` means the high-water mark
    was the wealth at the end of period 3. ``peak`` is None when the high-water mark is the
    starting capital (before the first period). The ``*_label`` fields carry the same points as
    dates or index labels when the caller gave an index (or a pandas Series), else they repeat the
    positions.

    Attributes
    ----------
    depth : float
        Maximum drawdown, in ``[-1, 0]``; 0 when wealth never fell below a peak.
    peak, trough, recovery : int or None
        Position of the high-water mark, of the lowest point, and of the first period that closed
        back at or above the high-water mark (None: not recovered by the end of the series).
    duration : int or None
        Periods from the peak to the recovery (None while not recovered).
    """

    depth: float
    peak: int | None
    trough: int | None
    recovery: int | None
    peak_label: Hashable | None
    trough_label: Hashable | None
    recovery_label: Hashable | None

    @property
    def duration(self) -> int | None:
        """Periods from the peak (the start counts as position -1) to the recovery."""
        if self.recovery is None or self.trough is None:
            return None
        return self.recovery - (-1 if self.peak is None else self.peak)

    @property
    def recovered(self) -> bool:
        """True when wealth climbed back to the high-water mark (or never fell)."""
        return self.trough is None or self.recovery is not None


def _details(r: FloatArray, labels: Sequence[Hashable] | None) -> Drawdown:
    n = r.shape[0]
    wealth = np.cumprod(1.0 + r)
    high = np.maximum(np.maximum.accumulate(wealth), 1.0)
    underwater = wealth / high - 1.0
    trough = int(np.argmin(underwater))
    depth = float(underwater[trough])

    def label(position: int | None) -> Hashable | None:
        if labels is None:
            return position
        if len(labels) == n + 1:  # labels[0] dates the starting capital
            return labels[0 if position is None else position + 1]
        return None if position is None else labels[position]

    if depth >= 0.0:
        return Drawdown(0.0, None, None, None, None, None, None)
    mark = high[trough]
    at_mark = np.flatnonzero(wealth[: trough + 1] >= mark)
    peak = int(at_mark[-1]) if at_mark.size else None
    back = np.flatnonzero(wealth[trough + 1 :] >= mark)
    recovery = trough + 1 + int(back[0]) if back.size else None
    return Drawdown(depth, peak, trough, recovery, label(peak), label(trough), label(recovery))


def drawdown_details(
    returns: npt.ArrayLike, index: Sequence[Hashable] | None = None
) -> Drawdown | list[Drawdown]:
    """The maximum drawdown with its peak, trough and recovery (empyrical ``get_max_drawdown``).

    Parameters
    ----------
    returns : array_like
        Simple returns, 1-D or 2-D (periods x assets). A pandas Series/DataFrame lends its index as
        labels unless ``index`` is given.
    index : sequence, optional
        Labels (usually dates) for the periods: one per period, or one more whose first element
        dates the starting capital (so a peak at the start gets a date too).

    Returns
    -------
    Drawdown or list of Drawdown
        One :class:`Drawdown` for a 1-D series, one per asset for a 2-D panel.

    Examples
    --------
    >>> d = drawdown_details([0.1, -0.2, 0.05, 0.2], index=["jan", "feb", "mar", "apr"])
    >>> round(d.depth, 4), d.peak_label, d.trough_label, d.recovery_label, d.duration
    (-0.2, 'jan', 'feb', 'apr', 3)
    """
    r = as_series(returns)
    _check_wealth(r)
    labels = index_of(returns) if index is None else list(index)
    if labels is not None and len(labels) not in (r.shape[0], r.shape[0] + 1):
        raise ValidationError(
            f"index has {len(labels)} labels for {r.shape[0]} periods; "
            "give one per period (or one more, dating the starting capital)"
        )
    if r.ndim == 1:
        return _details(r, labels)
    return [_details(r[:, j], labels) for j in range(r.shape[1])]
