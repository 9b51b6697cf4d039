"""Root finding for rates: Newton's method first, a bracketing fallback second.

Spreadsheets solve RATE, IRR and XIRR with Newton's method from a guess (0.1 by default), so
when several rates solve an equation they return the one Newton reaches from the guess. We do the
same, then fall back to a search of the whole domain (-1, inf) for a sign change, working outward
from the guess, and solve the first bracket found with Brent's method (SciPy). A rate must stay
above -1: below it ``(1 + r)`` is negative and the discounting meaningless.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from fin_infra.errors import CalculationError, ConvergenceError, NoSolutionError

__all__ = ["solve_rate"]

ValueAndSlope = Callable[[float], tuple[float, float]]

_MAX_NEWTON = 60
_STEP_TOL = 1e-13
# The fallback's grid in g = ln(1 + r): from e^-25 to e^9, so it reaches rates within 1e-11 of -1
# and up to about 8,000 (800,000 %) per period, in steps of 2.5 % of (1 + r).
_GRID = np.linspace(-25.0, 9.0, 1361)


def _newton(
    value_and_slope: ValueAndSlope, guess: float, f_tol: Callable[[float], float]
) -> float | None:
    r = guess
    for _ in range(_MAX_NEWTON):
        value, slope = value_and_slope(r)
        if not math.isfinite(value):
            return None
        if value == 0.0:
            return r
        if slope == 0.0 or not math.isfinite(slope):
            return None
        new = r - value / slope
        if new <= -1.0:
            new = (r - 1.0) / 2.0  # never leave the domain: go halfway to -1 instead
            if new <= -1.0:
                return None
        if abs(new - r) <= _STEP_TOL * max(1.0, abs(new)):
            final, _ = value_and_slope(new)
            return new if math.isfinite(final) and abs(final) <= f_tol(new) else None
        r = new
    return None


def _bracketed(f: Callable[[float], float], guess: float) -> float | None:
    """The root in the first bracket found working outward from ``guess`` on the grid."""
    from scipy.optimize import brentq

    start = math.log1p(guess)
    middles = (_GRID[:-1] + _GRID[1:]) / 2.0
    order = np.argsort(np.abs(middles - start), kind="stable")
    values: dict[int, float] = {}

    def at(i: int) -> float:
        if i not in values:
            with np.errstate(all="ignore"):
                values[i] = f(math.expm1(float(_GRID[i])))
        return values[i]

    for k in order.tolist():
        low, high = at(k), at(k + 1)
        if low == 0.0:
            return math.expm1(float(_GRID[k]))
        if high == 0.0:
            return math.expm1(float(_GRID[k + 1]))
        if math.isfinite(low) and math.isfinite(high) and (low < 0.0) != (high < 0.0):
            a, b = math.expm1(float(_GRID[k])), math.expm1(float(_GRID[k + 1]))
            try:
                return float(brentq(f, a, b, xtol=1e-15, maxiter=200))
            except RuntimeError as exc:  # brentq gives up only on pathological functions
                raise ConvergenceError(f"bracketed root search did not converge: {exc}") from None
    return None


def solve_rate(
    f: Callable[[float], float],
    guess: float | None,
    *,
    value_and_slope: ValueAndSlope | None = None,
    f_tol: float | Callable[[float], float] = 1e-7,
    raise_exceptions: bool = True,
    what: str = "rate",
) -> float:
    """Find ``r > -1`` with ``f(r) == 0``: Newton from ``guess``, else the nearest bracketed root.

    ``value_and_slope(r)`` returns ``f(r)`` and ``f'(r)`` together (a central difference is used
    when it is not given). ``f_tol`` is the largest ``|f(r)|`` accepted from Newton, or a function
    of ``r`` giving it (scale it to the size of the discounted terms). Returns NaN instead of
    raising when ``raise_exceptions`` is False.
    """
    start = 0.1 if guess is None else float(guess)
    if not start > -1.0:
        raise CalculationError(f"{what}: guess must be greater than -1, got {guess}")
    tolerance = f_tol if callable(f_tol) else (lambda _r: float(f_tol))
    root = _newton(value_and_slope or _with_numeric_slope(f), start, tolerance)
    if root is None:
        root = _bracketed(f, start)
    if root is not None:
        return root
    if not raise_exceptions:
        return float("nan")
    raise NoSolutionError(
        f"{what}: no rate in (-1, inf) solves the equation (the cash flows never change the sign "
        "of their value at any rate)"
    )


def _with_numeric_slope(f: Callable[[float], float]) -> ValueAndSlope:
    def value_and_slope(r: float) -> tuple[float, float]:
        h = min(1e-7 * max(1.0, abs(r)), (r + 1.0) / 2.0)
        return f(r), (f(r + h) - f(r - h)) / (2.0 * h)

    return value_and_slope
