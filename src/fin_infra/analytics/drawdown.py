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

__all__ = [
    "Drawdown",
    "drawdown_details",
    "drawdown_periods",
    "drawdown_series",
    "max_drawdown",
]


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


class _Labeller:
    """Maps positions to the caller's labels (or to themselves when there are none)."""

    def __init__(self, labels: Sequence[Hashable] | None, periods: int) -> None:
        self.labels = labels
        # One label more than periods: labels[0] dates the starting capital.
        self.shift = 1 if labels is not None and len(labels) == periods + 1 else 0

    def __call__(self, position: int | None) -> Hashable | None:
        if self.labels is None:
            return position
        if position is None:
            return self.labels[0] if self.shift else None
        return self.labels[position + self.shift]


def _episodes(r: FloatArray, label: _Labeller) -> list[Drawdown]:
    """Every spell below the high-water mark of one series, in time order.

    A spell starts at the first period that closes below the mark and ends at the period that
    closes back at or above it (its recovery); its peak is the period just before it started.
    """
    wealth = np.cumprod(1.0 + r)
    high = np.maximum(np.maximum.accumulate(wealth), 1.0)
    underwater = wealth / high - 1.0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], (wealth < high).astype(np.int8), [0]])))
    spells = []
    for first, after in zip(edges[::2], edges[1::2], strict=True):
        trough = int(first + np.argmin(underwater[first:after]))
        peak = int(first) - 1 if first > 0 else None
        recovery = int(after) if after < r.shape[0] else None
        depth = float(underwater[trough])
        spells.append(
            Drawdown(depth, peak, trough, recovery, label(peak), label(trough), label(recovery))
        )
    return spells


def _worst(spells: list[Drawdown]) -> Drawdown:
    if not spells:
        return Drawdown(0.0, None, None, None, None, None, None)
    return min(spells, key=lambda d: d.depth)  # the first of equal depths


def _labels_for(
    returns: npt.ArrayLike, r: FloatArray, index: Sequence[Hashable] | None
) -> _Labeller:
    labels = index_of(returns) if index is None else list(index)
    if labels is not None and len(labels) not in (r.shape[0], r.shape[0] + 1):
        raise ValidationError(
            f"index has {len(labels)} labels for {r.shape[0]} periods; "
            "give one per period (or one more, dating the starting capital)"
        )
    return _Labeller(labels, r.shape[0])


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
    label = _labels_for(returns, r, index)
    if r.ndim == 1:
        return _worst(_episodes(r, label))
    return [_worst(_episodes(r[:, j], label)) for j in range(r.shape[1])]


def drawdown_periods(
    returns: npt.ArrayLike, top: int = 5, index: Sequence[Hashable] | None = None
) -> list[Drawdown] | list[list[Drawdown]]:
    """The ``top`` deepest separate drawdowns, deepest first (pyfolio's drawdown table).

    A drawdown runs from a high-water mark until wealth closes at or above that mark again, so
    the periods never overlap; the first one is :func:`drawdown_details`. Each has the fields of
    :class:`Drawdown`; the last may be unrecovered.

    Parameters
    ----------
    returns : array_like
        Simple returns, 1-D or 2-D (periods x assets).
    top : int, default 5
        How many drawdowns to return at most (fewer if the series has fewer).
    index : sequence, optional
        Labels for the periods, as for :func:`drawdown_details`.

    Returns
    -------
    list of Drawdown, or one such list per asset for a 2-D panel

    Examples
    --------
    >>> [(round(d.depth, 2), d.peak, d.trough, d.recovery)
    ...  for d in drawdown_periods([0.1, -0.1, 0.2, -0.3, 0.1, 0.5, -0.05])]
    [(-0.3, 2, 3, 5), (-0.1, 0, 1, 2), (-0.05, 5, 6, None)]
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValidationError(f"top must be a positive int, got {top!r}")
    r = as_series(returns)
    _check_wealth(r)
    label = _labels_for(returns, r, index)

    def deepest(column: FloatArray) -> list[Drawdown]:
        return sorted(_episodes(column, label), key=lambda d: d.depth)[:top]

    if r.ndim == 1:
        return deepest(r)
    return [deepest(r[:, j]) for j in range(r.shape[1])]
