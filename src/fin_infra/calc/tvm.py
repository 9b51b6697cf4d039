"""Time value of money: the spreadsheet TVM family (PV, FV, PMT, IPMT, PPMT, NPER, RATE, ...).

Sign convention as in spreadsheets: money paid out is negative, money received is positive, so a
loan of 10,000 (``pv=10000``) has a negative payment. ``when`` says whether payments fall at the
``"end"`` (default) or ``"begin"`` of each period.

All closed forms take exact inputs (``Decimal``/``int`` -> ``Decimal``) or binary ones
(``float``/NumPy arrays -> ``float``/``ndarray``, broadcast element-wise).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from fin_infra.calc._args import ArrayLike, When, coerce, finish, select, when_factor
from fin_infra.calc._solve import solve_rate
from fin_infra.errors import CalculationError, NoSolutionError

__all__ = [
    "cumipmt",
    "cumprinc",
    "effect",
    "fv",
    "fvschedule",
    "ipmt",
    "nper",
    "pmt",
    "ppmt",
    "pv",
    "rate",
]


def _annuity_factor(exact: bool, r: Any, n: Any, w: int) -> tuple[Any, Any]:
    """``(1+r)^n`` and the annuity factor ``(1+r*w)((1+r)^n-1)/r`` (``n`` when ``r`` is 0)."""
    if exact:
        growth = (1 + r) ** n
        # A rate so small that (1+r)^n rounds to 1 behaves as zero at this precision.
        if r == 0 or growth == 1:
            return growth, n
        return growth, (1 + r * w) * (growth - 1) / r
    # log1p/expm1 keep full precision for tiny rates, where (1+r)^n - 1 would cancel to 0.
    log_growth = n * np.log1p(r)
    is_zero = r == 0
    safe_r = np.where(is_zero, 1.0, r)
    factor = np.where(is_zero, n, (1 + safe_r * w) * np.expm1(log_growth) / safe_r)
    return np.exp(log_growth), factor


def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = 0, when: When = "end"
) -> Any:
    """Future value of a present amount and a stream of equal payments (spreadsheet ``FV``).

    >>> round(fv(0.01, 12, -1000), 2)
    12682.5
    >>> from decimal import Decimal
    >>> fv(Decimal("0.005"), 10, -200, -500, when="begin").quantize(Decimal("0.01"))
    Decimal('2581.40')
    """
    w = when_factor(when)
    exact, (r, n, p, v) = coerce(rate, nper, pmt, pv)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        growth, factor = _annuity_factor(exact, r, n, w)
        return finish(exact, -(v * growth + p * factor), rate, nper, pmt, pv)


def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = 0, when: When = "end"
) -> Any:
    """Present value of a stream of equal payments and a final amount (spreadsheet ``PV``).

    >>> round(pv(0.08 / 12, 240, 500), 2)
    -59777.15
    """
    w = when_factor(when)
    exact, (r, n, p, f) = coerce(rate, nper, pmt, fv)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        growth, factor = _annuity_factor(exact, r, n, w)
        return finish(exact, -(f + p * factor) / growth, rate, nper, pmt, fv)


def pmt(
    rate: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike = 0, when: When = "end"
) -> Any:
    """Payment per period that pays off ``pv`` (down to ``fv``) over ``nper`` periods (``PMT``).

    >>> round(pmt(0.08 / 12, 10, 10000), 2)
    -1037.03
    """
    w = when_factor(when)
    exact, (r, n, v, f) = coerce(rate, nper, pv, fv)
    if exact and n == 0:
        raise CalculationError("nper must not be zero")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        growth, factor = _annuity_factor(exact, r, n, w)
        return finish(exact, -(f + v * growth) / factor, rate, nper, pv, fv)


def nper(
    rate: ArrayLike,
    pmt: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = 0,
    when: When = "end",
    *,
    raise_exceptions: bool = True,
) -> Any:
    """Number of periods for ``pv`` to reach ``fv`` with payments ``pmt`` (spreadsheet ``NPER``).

    Raises :class:`NoSolutionError` when no number of periods can work (for example payments too
    small to cover the interest); with ``raise_exceptions=False`` such entries are NaN instead.

    >>> round(nper(0.01, -100, -1000, 10000), 7)
    60.0821229
    """
    w = when_factor(when)
    exact, (r, p, v, f) = coerce(rate, pmt, pv, fv)
    if exact:
        if r == 0:
            if p == 0:
                return _no_nper(raise_exceptions, exact)
            return -(f + v) / p
        z = p * (1 + r * w) / r
        num, den = z - f, v + z
        if den == 0 or num / den <= 0 or r <= -1:
            return _no_nper(raise_exceptions, exact)
        return (num / den).ln() / (1 + r).ln()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        safe_r = np.where(r == 0, 1.0, r)
        z = p * (1 + safe_r * w) / safe_r
        ratio = (z - f) / (v + z)
        result = np.where(r == 0, -(f + v) / p, np.log(ratio) / np.log1p(safe_r))
    bad = ~np.isfinite(result)
    if raise_exceptions and np.any(bad):
        raise NoSolutionError(
            "no number of periods reaches fv with these payments (check signs: payments must "
            "move the balance towards fv)"
        )
    return finish(exact, result, rate, pmt, pv, fv)


def _no_nper(raise_exceptions: bool, exact: bool) -> Any:
    if raise_exceptions:
        raise NoSolutionError(
            "no number of periods reaches fv with these payments (check signs: payments must "
            "move the balance towards fv)"
        )
    return Decimal("NaN") if exact else float("nan")


def _check_periods(exact: bool, per: Any, n: Any) -> None:
    if exact:
        if per != per.to_integral_value() or not 1 <= per <= n:
            raise CalculationError(f"per must be a whole period in 1..nper, got {per} of {n}")
        return
    if np.any((per < 1) | (per > n) | (per != np.floor(per))):
        raise CalculationError("per must be a whole period in 1..nper")


def ipmt(
    rate: ArrayLike,
    per: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = 0,
    when: When = "end",
) -> Any:
    """Interest part of payment number ``per`` (1-based) of a level-payment loan (``IPMT``).

    >>> round(ipmt(0.1, 3, 3, 8000), 2)
    -292.45
    """
    w = when_factor(when)
    exact, (r, k, n, v, f) = coerce(rate, per, nper, pv, fv)
    _check_periods(exact, k, n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        interest = _balance_after(exact, r, k - 1, n, v, f) * r
        if w == 1:
            interest = select(exact, k == 1, 0 * interest, interest / (1 + r))
        return finish(exact, interest, rate, per, nper, pv, fv)


def _balance_after(exact: bool, r: Any, m: Any, n: Any, v: Any, f: Any) -> Any:
    """Balance (in FV's sign) after ``m`` of ``n`` level payments that take ``v`` to ``f``.

    Written without the payment itself and in powers of ``(1+r)`` no greater than 1 in size, so
    late periods of long, high-rate loans do not lose every digit to cancellation.
    """
    g = 1 + r
    is_zero = r == 0
    growing = g > 1
    safe_g = select(exact, is_zero, 2 * g, g)
    # For g > 1 divide through by g^n; for g < 1 use the plain form (all powers <= 1 either way).
    inv_n, rel = safe_g ** (-n), safe_g ** (m - n)
    grown_n, grown_m = safe_g**n, safe_g**m
    stable_up = -(v * (1 - rel) + f * (inv_n - rel)) / (1 - inv_n)
    stable_down = -(v * (grown_n - grown_m) + f * (1 - grown_m)) / (grown_n - 1)
    at_zero = -(v * (n - m) - f * m) / n
    return select(exact, is_zero, at_zero, select(exact, growing, stable_up, stable_down))


def _raw_pmt(exact: bool, r: Any, n: Any, v: Any, f: Any, w: int) -> Any:
    growth, factor = _annuity_factor(exact, r, n, w)
    return -(f + v * growth) / factor


def ppmt(
    rate: ArrayLike,
    per: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = 0,
    when: When = "end",
) -> Any:
    """Principal part of payment number ``per`` (1-based) of a level-payment loan (``PPMT``).

    >>> round(ppmt(0.1 / 12, 1, 24, 2000), 2)
    -75.62
    """
    w = when_factor(when)
    exact, (r, _, n, v, f) = coerce(rate, per, nper, pv, fv)
    total = _raw_pmt(exact, r, n, v, f, w)
    interest = ipmt(rate, per, nper, pv, fv, when)
    if not exact:
        interest = np.asarray(interest)
    return finish(exact, total - interest, rate, per, nper, pv, fv)


def _cumulative(
    part: str, rate: Any, nper: Any, pv: Any, start_period: int, end_period: int, when: When
) -> Any:
    exact, (r, n, v) = coerce(rate, nper, pv)
    for name, value in (("rate", r), ("nper", n), ("pv", v)):
        if np.ndim(value) != 0:
            raise CalculationError(f"{name} must be a scalar for cumulative sums")
    if not (r > 0 and n > 0 and v > 0):
        raise CalculationError("rate, nper and pv must all be positive (as in the spreadsheet)")
    if not (
        isinstance(start_period, int)
        and isinstance(end_period, int)
        and 1 <= start_period <= end_period <= n
    ):
        raise CalculationError(
            f"need whole periods 1 <= start_period <= end_period <= nper, "
            f"got {start_period}..{end_period} of {n}"
        )
    func = ipmt if part == "interest" else ppmt
    if exact:
        return sum(
            (func(r, Decimal(k), n, v, 0, when) for k in range(start_period, end_period + 1)),
            Decimal(0),
        )
    periods = np.arange(start_period, end_period + 1, dtype=np.float64)
    return float(np.sum(func(float(r), periods, float(n), float(v), 0.0, when)))


def cumipmt(
    rate: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    start_period: int,
    end_period: int,
    when: When = "end",
) -> Any:
    """Total interest paid from ``start_period`` to ``end_period`` inclusive (``CUMIPMT``).

    >>> round(cumipmt(0.09 / 12, 360, 125000, 13, 24), 5)
    -11135.23213
    """
    return _cumulative("interest", rate, nper, pv, start_period, end_period, when)


def cumprinc(
    rate: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    start_period: int,
    end_period: int,
    when: When = "end",
) -> Any:
    """Total principal repaid from ``start_period`` to ``end_period`` inclusive (``CUMPRINC``).

    >>> round(cumprinc(0.09 / 12, 360, 125000, 13, 24), 4)
    -934.1071
    """
    return _cumulative("principal", rate, nper, pv, start_period, end_period, when)


def rate(
    nper: float | int | Decimal,
    pmt: float | int | Decimal,
    pv: float | int | Decimal,
    fv: float | int | Decimal = 0,
    when: When = "end",
    guess: float = 0.1,
    *,
    raise_exceptions: bool = True,
) -> float:
    """Interest rate per period that makes the TVM equation balance (spreadsheet ``RATE``).

    Newton's method from ``guess`` as the spreadsheet does, with a bracketing fallback over
    rates in (-1, inf). Raises :class:`NoSolutionError` when no rate balances the equation and
    :class:`ConvergenceError` when the solver cannot settle; ``raise_exceptions=False`` returns
    NaN instead.

    >>> round(rate(48, -200, 8000), 10)
    0.0077014725
    """
    w = when_factor(when)
    n, p, v, f = (float(x) for x in (nper, pmt, pv, fv))
    if not n > 0:
        raise CalculationError("nper must be positive")

    def balance(r: float) -> float:
        growth = (1.0 + r) ** n
        factor = n if r == 0 else (1.0 + r * w) * (growth - 1.0) / r
        result: float = v * growth + p * factor + f
        return result

    return solve_rate(balance, guess, raise_exceptions=raise_exceptions, what="RATE")


def effect(nominal_rate: ArrayLike, npery: ArrayLike) -> Any:
    """Effective annual rate of ``nominal_rate`` compounded ``npery`` times a year (``EFFECT``).

    ``npery`` is truncated to a whole number, as spreadsheets do.

    >>> round(effect(0.0525, 4), 10)
    0.0535426674
    """
    exact, (r, m) = coerce(nominal_rate, npery)
    m = m.to_integral_value(rounding="ROUND_DOWN") if exact else np.trunc(m)
    if np.any(r <= 0) or np.any(m < 1):
        raise CalculationError("nominal_rate must be positive and npery at least 1")
    return finish(exact, (1 + r / m) ** m - 1, nominal_rate, npery)


def fvschedule(principal: ArrayLike, schedule: Any) -> Any:
    """Future value of ``principal`` after applying each rate of ``schedule`` (``FVSCHEDULE``).

    >>> round(fvschedule(1, [0.09, 0.11, 0.1]), 5)
    1.33089
    """
    rates = list(schedule)
    exact, values = coerce(principal, *rates)
    result = values[0]
    for r in values[1:]:
        result = result * (1 + r)
    return finish(exact, result, principal)
