"""Root finding for rates: Newton's method first, a bracketing fallback second.

Spreadsheets solve RATE, IRR and XIRR with Newton's method from a guess (0.1 by default), so
when several rates solve an equation they return the one Newton reaches from the guess. We do the
same, then fall back to a scan of the whole domain (-1, inf) for sign changes, solving the bracket
whose root lies nearest the guess with Brent's method (SciPy). A rate must stay above -1: below it
``(1 + r)`` is negative and the discounting meaningless.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from fin_infra.errors import CalculationError, ConvergenceError, NoSolutionError

__all__ = ["solve_rate"]

_MAX_NEWTON = 60
_STEP_TOL = 1e-13
# Candidate rates for the bracketing scan: (1 + r) spaced evenly in log from e^-25 to e^9, so the
# scan reaches rates within 1e-11 of -1 and up to about 8,000 (800,000 %) per period.
_SCAN = np.expm1(np.linspace(-25.0, 9.0, 1361))


def _newton(
    f: Callable[[float], float],
    fprime: Callable[[float], float],
    guess: float,
    f_tol: Callable[[float], float],
) -> float | None:
    r = guess
    for _ in range(_MAX_NEWTON):
        value = f(r)
        if not math.isfinite(value):
            return None
        if value == 0.0:
            return r
        slope = fprime(r)
        if slope == 0.0 or not math.isfinite(slope):
            return None
        step = value / slope
        new = r - step
        if new <= -1.0:
            # Never leave the domain: halve the distance to -1 instead.
            new = (r - 1.0) / 2.0 if r > -1.0 else float("nan")
            if not math.isfinite(new) or new <= -1.0:
                return None
        if abs(new - r) <= _STEP_TOL * max(1.0, abs(new)):
            final = f(new)
            return new if math.isfinite(final) and abs(final) <= f_tol(new) else None
        r = new
    return None


def _bracketed(f: Callable[[float], float], guess: float) -> float | None:
    from scipy.optimize import brentq

    with np.errstate(all="ignore"):
        values = np.array([f(float(r)) for r in _SCAN])
    finite = np.isfinite(values)
    exact_roots = _SCAN[finite & (values == 0.0)]
    signs = np.sign(values)
    change = finite[:-1] & finite[1:] & (signs[:-1] * signs[1:] < 0)
    lows = np.flatnonzero(change)
    candidates: list[float] = [float(r) for r in exact_roots]
    for i in lows:
        try:
            root = brentq(f, float(_SCAN[i]), float(_SCAN[i + 1]), xtol=1e-15, maxiter=200)
        except RuntimeError as exc:  # brentq gives up only on pathological functions
            raise ConvergenceError(f"bracketed root search did not converge: {exc}") from None
        candidates.append(float(root))
    if not candidates:
        return None
    return min(candidates, key=lambda r: abs(r - guess))


def solve_rate(
    f: Callable[[float], float],
    guess: float | None,
    *,
    fprime: Callable[[float], float] | None = None,
    f_tol: float | Callable[[float], float] = 1e-7,
    raise_exceptions: bool = True,
    what: str = "rate",
) -> float:
    """Find ``r > -1`` with ``f(r) == 0``: Newton from ``guess``, else the nearest bracketed root.

    ``f_tol`` is the largest ``|f(r)|`` accepted from Newton, or a function of ``r`` giving it
    (scale it to the size of the discounted terms).
    Returns NaN instead of raising when ``raise_exceptions`` is False.
    """
    start = 0.1 if guess is None else float(guess)
    if not start > -1.0:
        raise CalculationError(f"{what}: guess must be greater than -1, got {guess}")
    derivative = fprime or _numeric_derivative(f)
    tolerance = f_tol if callable(f_tol) else (lambda _r: float(f_tol))
    root = _newton(f, derivative, start, tolerance)
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


def _numeric_derivative(f: Callable[[float], float]) -> Callable[[float], float]:
    def slope(r: float) -> float:
        h = 1e-7 * max(1.0, abs(r))
        h = min(h, (r + 1.0) / 2.0)
        return (f(r + h) - f(r - h)) / (2.0 * h)

    return slope
