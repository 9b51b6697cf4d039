"""Performance with external cash flows: time-weighted and money-weighted returns.

Deposits and withdrawals change a portfolio's value without being performance. Three standard
answers, all taking money as exact amounts (``Decimal``, ``int``, ``str`` or :class:`Money`; never
``float``) and returning the rate as a float:

- :func:`time_weighted_return` from a valuation at every flow (daily valuation): sub-period
  returns that strip each flow out, chained geometrically. Measures the manager, not the timing
  of the client's deposits.
- :func:`modified_dietz` for one period valued only at its ends, weighting each flow by the
  fraction of the period it was invested; :func:`linked_modified_dietz` chains such periods
  (e.g. monthly statements) into a time-weighted approximation.
- :func:`money_weighted_return`: the internal rate of return (XIRR) of the investor's flows,
  which does reward or punish the timing of deposits.

Flows are signed from the portfolio's point of view: a deposit is positive, a withdrawal negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Literal, TypeAlias

import numpy as np

from fin_infra.analytics._series import FloatArray
from fin_infra.errors import CalculationError, CurrencyMismatchError, ValidationError
from fin_infra.money import D, Money

__all__ = [
    "AmountLike",
    "flow_adjusted_returns",
    "linked_modified_dietz",
    "modified_dietz",
    "money_weighted_return",
    "time_weighted_return",
]

AmountLike: TypeAlias = Decimal | int | str | Money
"""An exact amount: Decimal, int, decimal string or Money (one currency per call)."""


class _Amounts:
    """Turns amounts into Decimals, insisting that every Money in one call shares a currency."""

    def __init__(self) -> None:
        self.currency: str | None = None

    def __call__(self, value: AmountLike, name: str) -> Decimal:
        if isinstance(value, Money):
            if self.currency is None:
                self.currency = value.currency
            elif value.currency != self.currency:
                raise CurrencyMismatchError(
                    f"{name} is in {value.currency} but earlier amounts are in {self.currency}"
                )
            return value.amount
        try:
            return D(value)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {exc}") from None


def _check_date(value: object, name: str) -> date:
    if not isinstance(value, date):
        raise ValidationError(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def _dated(
    flows: Iterable[tuple[date, AmountLike]], amount: _Amounts
) -> list[tuple[date, Decimal]]:
    result = []
    for i, item in enumerate(flows):
        try:
            when, value = item
        except (TypeError, ValueError):
            raise ValidationError(f"flows[{i}] must be a (date, amount) pair") from None
        result.append((_check_date(when, f"flows[{i}] date"), amount(value, f"flows[{i}]")))
    return result


@dataclass(frozen=True, slots=True)
class _Period:
    """A checked period: start and end values and dates, and the flows inside it."""

    bmv: Decimal
    emv: Decimal
    start: date
    end: date
    flows: list[tuple[date, Decimal]]


def _period(
    start_value: AmountLike,
    end_value: AmountLike,
    start: date,
    end: date,
    flows: Iterable[tuple[date, AmountLike]],
) -> _Period:
    amount = _Amounts()
    bmv = amount(start_value, "start_value")
    emv = amount(end_value, "end_value")
    first, last = _check_date(start, "start"), _check_date(end, "end")
    if last <= first:
        raise ValidationError(f"end ({last}) must be after start ({first})")
    dated = _dated(flows, amount)
    for i, (when, _) in enumerate(dated):
        if not first <= when <= last:
            raise ValidationError(f"flows[{i}] on {when} is outside {first}..{last}")
    return _Period(bmv, emv, first, last, dated)


def flow_adjusted_returns(
    values: Sequence[AmountLike],
    flows: Sequence[AmountLike] | None = None,
    when: Literal["end", "begin"] = "end",
) -> FloatArray:
    """Sub-period returns with external flows taken out, one per valuation after the first.

    Parameters
    ----------
    values : sequence of amounts
        Portfolio value ``V[0], ..., V[n]`` at each valuation point (e.g. each day's close).
    flows : sequence of amounts, optional
        ``F[1], ..., F[n]``: the net external flow of each sub-period (deposit positive). ``None``
        means no flows.
    when : {"end", "begin"}
        ``"end"`` (default): the flow arrives at the end of its sub-period, so it is in ``V[t]``
        but earned nothing: ``r[t] = (V[t] - F[t]) / V[t-1] - 1``. ``"begin"``: it arrives at the
        start and is invested for the whole sub-period: ``r[t] = V[t] / (V[t-1] + F[t]) - 1``.

    Raises
    ------
    CalculationError
        When a sub-period starts with nothing invested (the return is undefined).

    Examples
    --------
    >>> flow_adjusted_returns(["100", "150", "165"], ["40", "0"]).round(4).tolist()
    [0.1, 0.1]
    """
    return np.array([float(g - 1) for g in _growth_factors(values, flows, when)])


def _growth_factors(
    values: Sequence[AmountLike],
    flows: Sequence[AmountLike] | None,
    when: Literal["end", "begin"],
) -> list[Decimal]:
    """``1 + r[t]`` for each sub-period, exact in Decimal."""
    amount = _Amounts()
    v = [amount(x, f"values[{i}]") for i, x in enumerate(values)]
    if len(v) < 2:
        raise ValidationError("values needs at least two valuations (a start and an end)")
    if flows is None:
        f = [Decimal(0)] * (len(v) - 1)
    else:
        f = [amount(x, f"flows[{i}]") for i, x in enumerate(flows)]
        if len(f) != len(v) - 1:
            raise ValidationError(
                f"flows needs one amount per sub-period: {len(v) - 1}, got {len(f)}"
            )
    if when not in ("end", "begin"):
        raise ValidationError(f"when must be 'end' or 'begin', got {when!r}")
    out = []
    for t in range(1, len(v)):
        invested = v[t - 1] + (f[t - 1] if when == "begin" else 0)
        gained = v[t] - (f[t - 1] if when == "end" else 0)
        if invested <= 0:
            raise CalculationError(
                f"sub-period {t} starts with {invested} invested; its return is undefined"
            )
        out.append(gained / invested)
    return out


def time_weighted_return(
    values: Sequence[AmountLike],
    flows: Sequence[AmountLike] | None = None,
    when: Literal["end", "begin"] = "end",
) -> float:
    """Time-weighted return: the sub-period returns of :func:`flow_adjusted_returns` chained.

    ``TWR = prod(1 + r[t]) - 1`` over the whole span (not annualised), chained in Decimal so long
    series lose no precision. Without flows it equals the plain return ``V[n] / V[0] - 1``.

    Examples
    --------
    >>> round(time_weighted_return(["100", "150", "165"], ["40", "0"]), 10)
    0.21
    """
    growth = Decimal(1)
    for factor in _growth_factors(values, flows, when):
        growth *= factor
    return float(growth - 1)


def modified_dietz(
    start_value: AmountLike,
    end_value: AmountLike,
    *,
    start: date,
    end: date,
    flows: Iterable[tuple[date, AmountLike]] = (),
) -> float:
    """Modified Dietz return of one period valued only at its ends.

    ``R = (EMV - BMV - sum(F)) / (BMV + sum(w_i * F_i))`` with ``w_i = (CD - D_i) / CD``: ``CD``
    is the number of calendar days in the period and ``D_i`` the days from ``start`` to flow ``i``,
    which is taken to arrive at the end of its day (a flow on ``start`` still counts as invested
    for the whole period, ``w = 1``; one on ``end`` has ``w = 0``).

    Parameters
    ----------
    start_value, end_value : amount
        Beginning and ending market value (BMV, EMV).
    start, end : datetime.date
        The period, ``start < end``.
    flows : iterable of (date, amount)
        External flows inside ``[start, end]``, deposits positive.

    Examples
    --------
    >>> from datetime import date
    >>> r = modified_dietz(
    ...     "1000", "1150", start=date(2024, 1, 1), end=date(2024, 1, 31),
    ...     flows=[(date(2024, 1, 16), "100")],
    ... )
    >>> round(r, 6)
    0.047619
    """
    p = _period(start_value, end_value, start, end, flows)
    days = Decimal((p.end - p.start).days)
    net = sum((value for _, value in p.flows), Decimal(0))
    weighted = sum(
        (value * (days - (when - p.start).days) / days for when, value in p.flows), Decimal(0)
    )
    capital = p.bmv + weighted
    if capital <= 0:
        raise CalculationError(
            f"average invested capital is {capital}; the Modified Dietz return is undefined"
        )
    return float((p.emv - p.bmv - net) / capital)


def linked_modified_dietz(
    valuations: Sequence[tuple[date, AmountLike]],
    flows: Iterable[tuple[date, AmountLike]] = (),
) -> float:
    """Modified Dietz returns of consecutive periods, chained geometrically.

    ``valuations`` are (date, value) points in increasing date order (month ends, say); each pair
    of neighbours is one :func:`modified_dietz` period. A flow dated exactly on a valuation date
    belongs to the period that *ends* there (it arrived at the end of that day); a flow on the
    first date belongs to the first period.

    Parameters
    ----------
    valuations : sequence of (date, amount)
        At least two valuation points, dates strictly increasing.
    flows : iterable of (date, amount)
        External flows within the valued span, deposits positive.

    Examples
    --------
    >>> from datetime import date
    >>> points = [(date(2024, 1, 1), "100"), (date(2024, 2, 1), "110"), (date(2024, 3, 1), "121")]
    >>> round(linked_modified_dietz(points), 10)
    0.21
    """
    amount = _Amounts()
    points = [
        (_check_date(d, f"valuations[{i}] date"), amount(v, f"valuations[{i}]"))
        for i, (d, v) in enumerate(valuations)
    ]
    if len(points) < 2:
        raise ValidationError("valuations needs at least two (date, value) points")
    for (d0, _), (d1, _) in pairwise(points):
        if d1 <= d0:
            raise ValidationError(f"valuation dates must increase: {d1} follows {d0}")
    dated = _dated(flows, amount)
    for when, _ in dated:
        if not points[0][0] <= when <= points[-1][0]:
            raise ValidationError(f"flow on {when} is outside the valued span")
    growth = 1.0
    for (d0, v0), (d1, v1) in pairwise(points):
        inside = [(w, a) for w, a in dated if d0 < w <= d1 or (w == d0 and d0 == points[0][0])]
        growth *= 1.0 + modified_dietz(v0, v1, start=d0, end=d1, flows=inside)
    return growth - 1.0


def money_weighted_return(
    start_value: AmountLike,
    end_value: AmountLike,
    *,
    start: date,
    end: date,
    flows: Iterable[tuple[date, AmountLike]] = (),
    day_count: str = "act/365F",
) -> float:
    """Money-weighted return: the annual XIRR of the investor's cash flows.

    The investor pays ``start_value`` on ``start``, pays each deposit (receives each withdrawal)
    on its date and receives ``end_value`` on ``end``; the result is the annual rate at which those
    flows have zero net present value (:func:`fin_infra.calc.xirr`). Unlike the time-weighted
    return it is annualised and rewards well-timed deposits.

    Parameters
    ----------
    start_value, end_value : amount
        Portfolio value on ``start`` and on ``end``.
    start, end : datetime.date
        The period, ``start < end``.
    flows : iterable of (date, amount)
        External flows inside ``[start, end]``, deposits positive.
    day_count : str, default "act/365F"
        Day count for year fractions, as :func:`fin_infra.calc.xirr` takes it.

    Raises
    ------
    NoSolutionError, ConvergenceError
        From ``xirr`` when no rate (or no convergence) exists.

    Examples
    --------
    >>> from datetime import date
    >>> r = money_weighted_return("1000", "1100", start=date(2023, 1, 1), end=date(2024, 1, 1))
    >>> round(r, 6)
    0.1
    """
    from fin_infra.calc import xirr

    p = _period(start_value, end_value, start, end, flows)
    dates = [p.start, *(when for when, _ in p.flows), p.end]
    amounts = [-p.bmv, *(-value for _, value in p.flows), p.emv]
    return float(xirr(dates, amounts, day_count=day_count))
