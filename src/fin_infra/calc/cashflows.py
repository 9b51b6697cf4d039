"""Cash-flow analysis: NPV, IRR, MIRR and their dated twins XNPV, XIRR, XNFV, XFV.

Periodic functions take flows at equal intervals (``values[0]`` at time 0). Dated functions take
flows on calendar dates in any order, measured in years by a day count (``act/365F`` by default,
as the spreadsheet's XIRR). Solvers (``irr``, ``xirr``) raise a :class:`CalculationError`
subclass when no rate exists; ``raise_exceptions=False`` returns NaN instead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from fin_infra.calc._args import ArrayLike, as_float_vector, coerce, finish
from fin_infra.calc._dates import DateLike, to_date, year_fractions
from fin_infra.calc._solve import solve_rate
from fin_infra.calc.daycount import DayCount, exact_year_fraction, year_fraction
from fin_infra.errors import CalculationError, NoSolutionError

__all__ = ["irr", "mirr", "npv", "xfv", "xirr", "xnfv", "xnpv"]

FloatArray = npt.NDArray[np.float64]
Flows = Sequence[float | int | Decimal] | npt.NDArray[Any]
_PURE_PYTHON_MAX = 48  # below this many flows a Horner loop beats NumPy's call overhead


def npv(
    rate: ArrayLike,
    values: Flows,
    convention: Literal["t0", "excel"] = "t0",
) -> Any:
    """Net present value of periodic cash flows.

    ``convention="t0"`` (the default, numpy-financial's) puts ``values[0]`` at time 0, undiscounted;
    ``"excel"`` follows the spreadsheet's NPV, which discounts the first value by one period.
    A ``Decimal`` rate with Decimal/int values gives an exact ``Decimal``; an array of rates gives
    an array of NPVs.

    >>> round(npv(0.05, [-15000, 1500, 2500, 3500, 4500, 6000]), 6)
    122.894855
    >>> round(npv(0.1, [-10000, 3000, 4200, 6800], convention="excel"), 2)
    1188.44
    """
    if convention not in ("t0", "excel"):
        raise CalculationError(f"convention must be 't0' or 'excel', not {convention!r}")
    shift = 1 if convention == "excel" else 0
    flows = list(values) if not isinstance(values, np.ndarray) else values
    if len(flows) == 0:
        raise CalculationError("values must not be empty")
    if isinstance(rate, Decimal):
        _, converted = coerce(rate, *flows)
        r, cash = converted[0], converted[1:]
        if r <= -1:
            raise CalculationError("rate must be greater than -1")
        return sum((c / (1 + r) ** (t + shift) for t, c in enumerate(cash)), Decimal(0))
    cash_array = as_float_vector(flows)
    _, (r,) = coerce(rate)
    if np.any(r <= -1):
        raise CalculationError("rate must be greater than -1")
    periods = np.arange(shift, shift + cash_array.size, dtype=np.float64)
    with np.errstate(over="ignore"):
        discount = (1.0 + r[..., np.newaxis]) ** -periods
    return finish(False, discount @ cash_array, rate)


def _check_sign_change(flows: FloatArray, what: str) -> None:
    if not (flows.max() > 0 > flows.min()):
        raise NoSolutionError(
            f"{what}: the cash flows need at least one positive and one negative value "
            "(with one sign only, no rate makes their value zero)"
        )


def irr(
    values: Flows,
    guess: float | None = None,
    *,
    raise_exceptions: bool = True,
) -> float:
    """Internal rate of return of periodic cash flows (``values[0]`` at time 0).

    Newton's method from ``guess`` (0.1, as the spreadsheet, when not given), falling back to the
    bracketed root nearest the guess, so series with several IRRs give the spreadsheet's answer.

    >>> round(irr([-70000, 12000, 15000, 18000, 21000, 26000]), 9)
    0.086630948
    """
    try:
        flows = as_float_vector(values)
        _check_sign_change(flows, "IRR")
    except CalculationError:
        if raise_exceptions:
            raise
        return float("nan")
    if flows.size <= _PURE_PYTHON_MAX:
        coefficients = flows[::-1].tolist()  # highest power of x = 1/(1+r) first

        def evaluate(r: float) -> tuple[float, float, float]:
            # Horner's rule for the polynomial in x, its derivative and its size, in one pass.
            x = 1.0 / (1.0 + r)
            size_x = abs(x)
            total = slope = size = 0.0
            for c in coefficients:
                slope = slope * x + total
                total = total * x + c
                size = size * size_x + abs(c)
            return total, -slope * x * x, 1e-9 * size

    else:
        t = np.arange(flows.size, dtype=np.float64)
        stacked = np.vstack((flows, t * flows, np.abs(flows)))

        def evaluate(r: float) -> tuple[float, float, float]:
            with np.errstate(over="ignore", invalid="ignore"):
                value, moment, size = stacked @ np.exp(t * -math.log1p(r))
            return float(value), float(-moment / (1.0 + r)), 1e-9 * float(size)

    return solve_rate(
        lambda r: evaluate(r)[0],
        guess,
        evaluate=evaluate,
        raise_exceptions=raise_exceptions,
        what="IRR",
    )


def mirr(
    values: Flows,
    finance_rate: float | Decimal,
    reinvest_rate: float | Decimal,
    *,
    raise_exceptions: bool = True,
) -> float:
    """Modified IRR: outflows financed at ``finance_rate``, inflows reinvested at ``reinvest_rate``.

    >>> round(mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.1, 0.12), 8)
    0.12609413
    """
    try:
        flows = as_float_vector(values)
        _check_sign_change(flows, "MIRR")
        if flows.size < 2:
            raise CalculationError("MIRR needs at least two cash flows")
    except CalculationError:
        if raise_exceptions:
            raise
        return float("nan")
    fin, rein = float(finance_rate), float(reinvest_rate)
    if fin <= -1 or rein <= -1:
        raise CalculationError("finance_rate and reinvest_rate must be greater than -1")
    n = flows.size - 1
    t = np.arange(flows.size, dtype=np.float64)
    future_inflows = float(np.where(flows > 0, flows, 0.0) @ (1.0 + rein) ** (n - t))
    present_outflows = float(np.where(flows < 0, flows, 0.0) @ (1.0 + fin) ** -t)
    return float((future_inflows / -present_outflows) ** (1.0 / n) - 1.0)


def _dated(
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    day_count: DayCount | str,
    origin: str = "min",
) -> tuple[FloatArray, FloatArray]:
    flows = as_float_vector(amounts, "amounts")
    if len(dates) != flows.size:
        raise CalculationError(
            f"dates and amounts must have the same length ({len(dates)} != {flows.size})"
        )
    return year_fractions(dates, day_count, origin), flows


@overload
def xnpv(
    rate: Decimal,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    *,
    day_count: DayCount | str = "act/365F",
) -> Decimal: ...


@overload
def xnpv(
    rate: float,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    *,
    day_count: DayCount | str = "act/365F",
) -> float: ...


def xnpv(
    rate: float | Decimal,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    *,
    day_count: DayCount | str = "act/365F",
) -> float | Decimal:
    """Net present value of dated cash flows, discounted to the earliest date (``XNPV``).

    >>> round(xnpv(0.09, ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"],
    ...            [-10000, 2750, 4250, 3250, 2750]), 4)
    2086.6476
    """
    if isinstance(rate, Decimal):
        return _exact_dated_value(rate, dates, amounts, day_count, origin="min")
    r = float(rate)
    if r <= -1:
        raise CalculationError("rate must be greater than -1")
    t, flows = _dated(dates, amounts, day_count)
    return float(flows @ (1.0 + r) ** -t)


def _exact_dated_value(
    rate: Decimal,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    day_count: DayCount | str,
    origin: str,
) -> Decimal:
    """Exact sum of ``amount * (1 + rate)^-t``, ``t`` in years from the earliest or latest date."""
    _, cash = coerce(rate, *amounts)
    if rate <= -1:
        raise CalculationError("rate must be greater than -1")
    days = [to_date(d) for d in dates]
    if len(days) != len(cash) - 1 or not days:
        raise CalculationError(
            f"dates and amounts must have the same non-zero length ({len(days)} != {len(cash) - 1})"
        )
    anchor = min(days) if origin == "min" else max(days)
    growth = 1 + rate
    total = Decimal(0)
    for day, amount in zip(days, cash[1:], strict=True):
        years = exact_year_fraction(anchor, day, day_count)
        total += amount / growth ** (Decimal(years.numerator) / Decimal(years.denominator))
    return total


def xirr(
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    guess: float | None = None,
    day_count: DayCount | str = "act/365F",
    *,
    raise_exceptions: bool = True,
) -> float:
    """Annual internal rate of return of dated cash flows (``XIRR``); dates may be in any order.

    >>> round(xirr(["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"],
    ...            [-10000, 2750, 4250, 3250, 2750]), 8)
    0.37336253
    """
    try:
        t, flows = _dated(dates, amounts, day_count)
        _check_sign_change(flows, "XIRR")
    except CalculationError:
        if raise_exceptions:
            raise
        return float("nan")
    return solve_xirr(t, flows, guess, raise_exceptions=raise_exceptions)


def solve_xirr(
    years: FloatArray, flows: FloatArray, guess: float | None, *, raise_exceptions: bool
) -> float:
    """XIRR from flows already placed in time (``years`` from any common origin)."""
    # NPV, its slope and the size of its terms in one matrix product per iteration.
    stacked = np.vstack((flows, years * flows, np.abs(flows)))

    def evaluate(r: float) -> tuple[float, float, float]:
        with np.errstate(over="ignore", invalid="ignore"):
            value, moment, size = stacked @ np.exp(years * -math.log1p(r))
        return float(value), float(-moment / (1.0 + r)), 1e-9 * float(size)

    return solve_rate(
        lambda r: evaluate(r)[0],
        guess,
        evaluate=evaluate,
        raise_exceptions=raise_exceptions,
        what="XIRR",
    )


@overload
def xnfv(
    rate: Decimal,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    *,
    day_count: DayCount | str = "act/365F",
) -> Decimal: ...


@overload
def xnfv(
    rate: float,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    *,
    day_count: DayCount | str = "act/365F",
) -> float: ...


def xnfv(
    rate: float | Decimal,
    dates: Sequence[DateLike] | npt.NDArray[Any],
    amounts: Flows,
    *,
    day_count: DayCount | str = "act/365F",
) -> float | Decimal:
    """Net future value of dated cash flows, compounded to the latest date.

    >>> round(xnfv(0.025, ["2011-11-30", "2012-03-15", "2012-07-18", "2012-11-30", "2013-01-23",
    ...                    "2013-04-30", "2014-02-06"],
    ...            [-100000, -50000, -2500, 12500, 37500, 75000, 90000]), 4)
    57238.1249
    """
    if isinstance(rate, Decimal):
        return _exact_dated_value(rate, dates, amounts, day_count, origin="max")
    r = float(rate)
    if r <= -1:
        raise CalculationError("rate must be greater than -1")
    t, flows = _dated(dates, amounts, day_count, origin="max")
    return float(flows @ (1.0 + r) ** -t)


def xfv(
    start_date: DateLike | dt.date,
    cash_flow_date: DateLike | dt.date,
    end_date: DateLike | dt.date,
    cash_flow_rate: float,
    end_rate: float,
    cash_flow: float,
    *,
    day_count: DayCount | str = "act/365F",
) -> float:
    """Value at ``end_date`` of ``cash_flow`` paid on ``cash_flow_date``, rates from ``start_date``.

    ``cash_flow_rate`` is the annual rate from the start to the flow's date, ``end_rate`` the
    annual rate from the start to the end date: the flow grows by
    ``(1 + end_rate)^t_end / (1 + cash_flow_rate)^t_flow``.

    >>> round(xfv("2011-02-01", "2011-03-01", "2012-02-01", 0.00142, 0.00246, 100000), 6)
    100235.088392
    """
    start, flow_day, end = to_date(start_date), to_date(cash_flow_date), to_date(end_date)
    if cash_flow_rate <= -1 or end_rate <= -1:
        raise CalculationError("rates must be greater than -1")
    t_flow = year_fraction(start, flow_day, day_count)
    t_end = year_fraction(start, end, day_count)
    growth: float = (1.0 + end_rate) ** t_end / (1.0 + cash_flow_rate) ** t_flow
    return float(cash_flow) * growth
