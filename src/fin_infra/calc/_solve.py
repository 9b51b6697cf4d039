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

# f(r), f'(r), and the largest |f(r)| accepted as zero at r (scaled to the discounted terms).
Evaluation = Callable[[float], tuple[float, float, float]]

_MAX_NEWTON = 60
_STEP_TOL = 1e-13
# The fallback's grid in g = ln(1 + r): from e^-25 to e^9, so it reaches rates within 1e-11 of -1
# and up to about 8,000 (800,000 %) per period, in steps of 2.5 % of (1 + r).
_GRID = np.linspace(-25.0, 9.0, 1361)


def _newton(evaluate: Evaluation, guess: float) -> float | None:
    r = guess
    for _ in range(_MAX_NEWTON):
        value, slope, tolerance = evaluate(r)
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
            # Converged: r and new agree to ~13 digits, so |f(r)| judges the root.
            return new if abs(value) <= tolerance else None
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
    evaluate: Evaluation | None = None,
    f_tol: float = 1e-7,
    raise_exceptions: bool = True,
    what: str = "rate",
) -> float:
    """Find ``r > -1`` with ``f(r) == 0``: Newton from ``guess``, else the nearest bracketed root.

    ``evaluate(r)`` returns ``f(r)``, ``f'(r)`` and the largest ``|f(r)|`` to accept as a root
    there, in one pass; without it a central difference gives the slope and ``f_tol`` the
    tolerance. Returns NaN instead of raising when ``raise_exceptions`` is False.
    """
    start = 0.1 if guess is None else float(guess)
    if not start > -1.0:
        raise CalculationError(f"{what}: guess must be greater than -1, got {guess}")
    root = _newton(evaluate or _with_numeric_slope(f, f_tol), start)
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


def _with_numeric_slope(f: Callable[[float], float], f_tol: float) -> Evaluation:
    def evaluate(r: float) -> tuple[float, float, float]:
        h = min(1e-7 * max(1.0, abs(r)), (r + 1.0) / 2.0)
        return f(r), (f(r + h) - f(r - h)) / (2.0 * h), f_tol

    return evaluate
