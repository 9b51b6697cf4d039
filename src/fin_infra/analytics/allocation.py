"""Allocation: what share of a portfolio sits in each asset class, sector or security, and drift.

Values are exact money (:class:`~fin_infra.money.Money` or ``Decimal``), weights exact ``Decimal``
fractions of the total. Grouping is by any mapping or function from a position key (usually a
security id) to a group name, so asset class, sector, region or account all work the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

from fin_infra.errors import CalculationError, CurrencyMismatchError, ValidationError
from fin_infra.money import D, Money

if TYPE_CHECKING:  # only read through attributes: analytics does not load pydantic
    from fin_infra.models import Holding

__all__ = [
    "Allocation",
    "Grouping",
    "WeightLike",
    "allocation",
    "check_targets",
    "drift",
    "holding_values",
]

Grouping: TypeAlias = Mapping[str, str] | Callable[[str], str]
"""Maps a position key to its group: a dict (``{"VTI": "equity"}``) or a function."""

WeightLike: TypeAlias = Decimal | int | str
"""An exact weight: Decimal, int or decimal string (``"0.6"``); never float."""

# Target weights may miss 1 by this much (e.g. thirds written as "0.3333").
_WEIGHT_SUM_TOLERANCE = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Allocation:
    """Values and weights per group.

    Attributes
    ----------
    values : dict of str to Money
        Market value per group, largest first.
    weights : dict of str to Decimal
        ``value / total`` per group (exact to Decimal precision), same order.
    total : Money
        Sum of all values.
    """

    values: dict[str, Money]
    weights: dict[str, Decimal]
    total: Money


def to_money(value: Money | Decimal | int | str, currency: str, name: str) -> Money:
    """``value`` as Money in ``currency``; bare numbers take ``currency``, Money must match it."""
    if isinstance(value, Money):
        if value.currency != currency:
            raise CurrencyMismatchError(
                f"{name} is in {value.currency}, expected {currency}; convert it first"
            )
        return value
    try:
        return Money(value, currency)
    except ValidationError as exc:
        raise ValidationError(f"{name}: {exc}") from None


def holding_values(
    holdings: Iterable[Holding],
    prices: Mapping[str, Decimal | int | str] | None = None,
    *,
    currency: str = "USD",
) -> dict[str, Money]:
    """Market value per security, summed across accounts, from :class:`Holding` models.

    Parameters
    ----------
    holdings : iterable of Holding
        Positions; all must be in ``currency``.
    prices : mapping of security id to Decimal, optional
        Prices to value at; a security missing here falls back to the holding's
        ``institution_price``.
    currency : str, default "USD"
        Currency of the result.

    Examples
    --------
    >>> from fin_infra.models import Holding
    >>> h = [Holding(account_id="a", security_id="VTI", quantity=D(3), institution_price=D(250))]
    >>> holding_values(h)
    {'VTI': Money(amount=Decimal('750'), currency='USD')}
    """
    totals: dict[str, Money] = {}
    for holding in holdings:
        if holding.currency != currency:
            raise CurrencyMismatchError(
                f"holding {holding.security_id!r} is in {holding.currency}, expected {currency}"
            )
        try:
            given = None if prices is None else prices.get(holding.security_id)
            price = None if given is None else D(given)
            value = Money(holding.market_value(price), currency)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        key = holding.security_id
        totals[key] = totals[key] + value if key in totals else value
    return totals


def _group_of(grouping: Grouping | None, key: str, default: str | None) -> str:
    if grouping is None:
        return key
    if callable(grouping):
        return grouping(key)
    if key in grouping:
        return grouping[key]
    if default is None:
        raise ValidationError(f"{key!r} has no group; add it to the mapping or pass default=")
    return default


def allocation(
    values: Mapping[str, Money | Decimal | int | str],
    by: Grouping | None = None,
    *,
    default: str | None = None,
    currency: str = "USD",
) -> Allocation:
    """Group position values and give each group's weight in the total.

    Parameters
    ----------
    values : mapping of str to Money or Decimal
        Market value per position (e.g. from :func:`holding_values`).
    by : mapping or callable, optional
        Position key to group (asset class, sector...). ``None`` keeps one group per position.
    default : str, optional
        Group for keys a mapping does not know; without it an unknown key is an error.
    currency : str, default "USD"
        Currency of bare numbers; Money values must be in it.

    Raises
    ------
    CalculationError
        When the total is not positive (weights would be meaningless).

    Examples
    --------
    >>> a = allocation({"VTI": D(600), "BND": D(300), "VXUS": D(100)},
    ...                by={"VTI": "equity", "VXUS": "equity", "BND": "bonds"})
    >>> {k: str(w) for k, w in a.weights.items()}
    {'equity': '0.7', 'bonds': '0.3'}
    """
    grouped: dict[str, Money] = {}
    for key, raw in values.items():
        value = to_money(raw, currency, f"values[{key!r}]")
        group = _group_of(by, key, default)
        grouped[group] = grouped[group] + value if group in grouped else value
    total = Money.sum(grouped.values(), currency)
    if total.amount <= 0:
        raise CalculationError(f"total value is {total}; weights need a positive total")
    ordered = dict(sorted(grouped.items(), key=lambda item: (-item[1].amount, item[0])))
    weights = {group: value.amount / total.amount for group, value in ordered.items()}
    return Allocation(values=ordered, weights=weights, total=total)


def check_targets(targets: Mapping[str, WeightLike]) -> dict[str, Decimal]:
    """Target weights as Decimals, each in ``[0, 1]`` and summing to 1 (within 0.0001)."""
    if not targets:
        raise ValidationError("targets is empty")
    result: dict[str, Decimal] = {}
    for key, raw in targets.items():
        try:
            weight = D(raw)
        except ValidationError as exc:
            raise ValidationError(f"targets[{key!r}]: {exc}") from None
        if not 0 <= weight <= 1:
            raise ValidationError(f"targets[{key!r}] = {weight} is not a weight in [0, 1]")
        result[key] = weight
    total = sum(result.values(), Decimal(0))
    if abs(total - 1) > _WEIGHT_SUM_TOLERANCE:
        raise ValidationError(f"target weights sum to {total}, not 1")
    return result


def drift(
    current: Allocation | Mapping[str, WeightLike], targets: Mapping[str, WeightLike]
) -> dict[str, Decimal]:
    """Current weight minus target weight per group (positive: overweight).

    Groups present on one side only count as weight 0 on the other. Keys come in the order of
    ``targets`` followed by any groups only held.

    Examples
    --------
    >>> drift({"equity": D("0.7"), "bonds": D("0.3")}, {"equity": "0.6", "bonds": "0.4"})
    {'equity': Decimal('0.1'), 'bonds': Decimal('-0.1')}
    """
    if isinstance(current, Allocation):
        weights = current.weights
    else:
        weights = {k: D(w) for k, w in current.items()}
    wanted = check_targets(targets)
    keys = list(wanted) + [k for k in weights if k not in wanted]
    return {k: weights.get(k, Decimal(0)) - wanted.get(k, Decimal(0)) for k in keys}
