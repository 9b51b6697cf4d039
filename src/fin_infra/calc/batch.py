"""Batch solvers: XIRR for a whole fleet of portfolios in one vectorised pass.

``xirr_many`` runs Newton's method on every series at once with NumPy (one exponential per flow
per iteration), then hands any series that did not settle to the scalar :func:`xirr`, with its
bracketing fallback, so the answers are the scalar function's answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from fin_infra.calc._dates import DateLike, day_numbers, year_fractions
from fin_infra.calc.cashflows import solve_xirr
from fin_infra.calc.daycount import DayCount
from fin_infra.errors import CalculationError, NoSolutionError

__all__ = ["xirr_many"]

FloatArray = npt.NDArray[np.float64]
_MAX_ITER = 50
_STEP_TOL = 1e-13


def _grid(
    dates: Sequence[Sequence[DateLike]] | npt.NDArray[Any],
    amounts: Sequence[Sequence[Any]] | npt.NDArray[Any],
    day_count: DayCount | str,
) -> tuple[FloatArray, FloatArray]:
    """Year fractions and amounts as two (series x flows) arrays, short series padded with zeros."""
    if (
        isinstance(dates, np.ndarray)
        and dates.ndim == 2
        and np.issubdtype(dates.dtype, np.datetime64)
        and day_count in ("act/365F", "act/360")
    ):
        flows = np.asarray(amounts, dtype=np.float64)
        if flows.shape != dates.shape:
            raise CalculationError(f"dates {dates.shape} and amounts {flows.shape} differ in shape")
        days = dates.astype("datetime64[D]").astype(np.int64)
        years = (days - days.min(axis=1, keepdims=True)) / (
            365.0 if day_count == "act/365F" else 360.0
        )
        return years, flows
    date_rows, amount_rows = list(dates), list(amounts)
    if len(date_rows) != len(amount_rows):
        raise CalculationError(
            f"got {len(date_rows)} date series but {len(amount_rows)} amount series"
        )
    lengths = np.array([len(row) for row in amount_rows], dtype=np.int64)
    for i, (row_dates, size) in enumerate(zip(date_rows, lengths.tolist(), strict=True)):
        if len(row_dates) != size:
            raise CalculationError(f"series {i}: dates and amounts differ in length")
        if size == 0:
            raise CalculationError(f"series {i} is empty")
    width = int(lengths.max(initial=0))
    filled = np.arange(width) < lengths[:, np.newaxis]  # row-major, like the flattened lists
    years = np.zeros((len(amount_rows), width))
    flows = np.zeros((len(amount_rows), width))
    try:
        flows[filled] = np.array([a for row in amount_rows for a in row], dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise CalculationError(f"amounts must be numbers: {exc}") from None
    if day_count in ("act/365F", "act/360"):
        # One pass over every date, then whole-array arithmetic: the fast path for fleets.
        days = day_numbers([d for row in date_rows for d in row])
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        first = np.repeat(np.minimum.reduceat(days, starts), lengths)
        years[filled] = (days - first) / (365.0 if day_count == "act/365F" else 360.0)
    else:
        for i, row_dates in enumerate(date_rows):
            years[i, : lengths[i]] = year_fractions(row_dates, day_count)
    return years, flows


def xirr_many(
    dates: Sequence[Sequence[DateLike]] | npt.NDArray[Any],
    amounts: Sequence[Sequence[Any]] | npt.NDArray[Any],
    guess: float | None = None,
    day_count: DayCount | str = "act/365F",
    *,
    raise_exceptions: bool = True,
) -> FloatArray:
    """XIRR of many dated cash-flow series at once: element ``i`` is ``xirr(dates[i], amounts[i])``.

    ``dates`` and ``amounts`` are sequences of series (lengths may differ) or, fastest, two 2-D
    arrays of the same shape (``datetime64`` dates, float amounts). A series with no solution
    raises (naming its index) or, with ``raise_exceptions=False``, gives NaN.

    >>> rates = xirr_many([["2020-01-01", "2021-01-01"], ["2020-01-01", "2022-01-01"]],
    ...                   [[-100, 110], [-100, 121]])
    >>> [round(float(r), 6) for r in rates]
    [0.099714, 0.099857]
    """
    years, flows = _grid(dates, amounts, day_count)
    if not np.all(np.isfinite(flows)):
        raise CalculationError("amounts must be finite (no NaN or infinity)")
    count = flows.shape[0]
    result = np.full(count, np.nan)
    solvable = np.any(flows > 0, axis=1) & np.any(flows < 0, axis=1)
    if raise_exceptions and not np.all(solvable):
        bad = int(np.flatnonzero(~solvable)[0])
        raise NoSolutionError(
            f"XIRR of series {bad}: the cash flows need a positive and a negative value"
        )
    rate = np.full(count, 0.1 if guess is None else float(guess))
    active = np.flatnonzero(solvable)
    weighted = years * flows
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(_MAX_ITER):
            if active.size == 0:
                break
            if active.size == count:  # no copies while every series is still iterating
                t, cash, cash_t = years, flows, weighted
            else:
                t, cash, cash_t = years[active], flows[active], weighted[active]
            r = rate[active]
            growth = np.multiply(t, -np.log1p(r)[:, np.newaxis])
            np.exp(growth, out=growth)
            value = np.einsum("ij,ij->i", cash, growth)
            slope = -np.einsum("ij,ij->i", cash_t, growth) / (1.0 + r)
            new = r - value / slope
            new = np.where(new <= -1.0, (r - 1.0) / 2.0, new)
            ok = np.isfinite(new)
            done = np.flatnonzero(
                ok & (np.abs(new - r) <= _STEP_TOL * np.maximum(1.0, np.abs(new)))
            )
            # Accept only true roots: |NPV| small next to the size of the discounted flows.
            size = np.einsum("ij,ij->i", np.abs(cash[done]), growth[done])
            root = np.abs(value[done]) <= 1e-9 * size
            result[active[done[root]]] = new[done[root]]
            rate[active] = new
            keep = ok.copy()
            keep[done] = False
            active = active[keep]
    for i in np.flatnonzero(solvable & ~np.isfinite(result)):
        try:
            result[i] = solve_xirr(years[i], flows[i], guess, raise_exceptions=True)
        except CalculationError as exc:
            if raise_exceptions:
                raise type(exc)(f"XIRR of series {i}: {exc}") from None
    return result
