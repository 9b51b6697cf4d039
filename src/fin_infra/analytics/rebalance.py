"""Rebalancing: the trades that bring a portfolio back to its target weights.

The plan is in exact money. It keeps a cash buffer, skips trades smaller than a minimum size (not
worth their cost), never spends cash it does not have, and rounds trades to the currency's minor
unit (sells to the nearest unit, buys down so rounding never overspends).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from fin_infra.analytics.allocation import WeightLike, check_targets, to_money
from fin_infra.errors import ValidationError
from fin_infra.money import Money, minor_units, quantize

__all__ = ["RebalancePlan", "Trade", "rebalance"]


@dataclass(frozen=True, slots=True)
class Trade:
    """Buy (positive amount) or sell (negative amount) ``amount`` worth of ``asset``."""

    asset: str
    amount: Money

    @property
    def side(self) -> Literal["buy", "sell"]:
        """``"buy"`` or ``"sell"``."""
        return "buy" if self.amount.amount > 0 else "sell"


@dataclass(frozen=True, slots=True)
class RebalancePlan:
    """Trades to execute and the portfolio they leave behind.

    Attributes
    ----------
    trades : tuple of Trade
        Sells first (they fund the buys), then buys; each at least ``min_trade`` in size.
    targets : dict of str to Money
        Target value per asset: ``(total - cash_buffer) * weight``.
    values_after : dict of str to Money
        Value per asset once the trades are done (at today's prices).
    cash_after : Money
        Cash left: the starting cash minus buys plus sells.
    """

    trades: tuple[Trade, ...]
    targets: dict[str, Money]
    values_after: dict[str, Money]
    cash_after: Money


def rebalance(
    values: Mapping[str, Money | Decimal | int | str],
    targets: Mapping[str, WeightLike],
    *,
    cash: Money | Decimal | int | str = 0,
    cash_buffer: Money | Decimal | int | str = 0,
    min_trade: Money | Decimal | int | str = 0,
    currency: str = "USD",
) -> RebalancePlan:
    """Plan the trades that move ``values`` towards ``targets``, keeping ``cash_buffer`` in cash.

    Parameters
    ----------
    values : mapping of str to Money or Decimal
        Current market value per asset.
    targets : mapping of str to weight
        Target weight per asset (``Decimal`` or string), summing to 1. A held asset missing here
        has target 0 (sell it); a target missing from ``values`` is bought from zero.
    cash : amount, default 0
        Uninvested cash available, part of the total to allocate.
    cash_buffer : amount, default 0
        Cash to keep aside; the rest of ``sum(values) + cash`` is invested by the target weights.
    min_trade : amount, default 0
        Smallest trade worth making; an asset already within ``min_trade`` of its target is left
        alone.
    currency : str, default "USD"
        Currency of bare numbers and of the plan.

    Notes
    -----
    Each asset's raw trade is ``target - value``. Trades under ``min_trade`` are dropped; sells
    are made in full, then buys are scaled down pro rata if the cash they need (after the buffer)
    is short, which happens only when skipped small sells left cash missing. If a scaled buy
    falls below ``min_trade``, the smallest such buy is dropped and the rest rescaled. Hence:
    sold assets end at target, bought assets end at or below target, cash never falls below the
    buffer because of a buy, and an asset left untraded is within ``min_trade`` of its target
    unless it is underweight and the spare cash (above the buffer) is less than ``min_trade``.

    Examples
    --------
    >>> plan = rebalance({"VTI": "700", "BND": "300"}, {"VTI": "0.6", "BND": "0.4"},
    ...                  cash="100", cash_buffer="50", min_trade="10")
    >>> [(t.asset, str(t.amount.amount)) for t in plan.trades]
    [('VTI', '-70.00'), ('BND', '120.00')]
    >>> plan.cash_after
    Money(amount=Decimal('50.00'), currency='USD')
    """
    held = {k: to_money(v, currency, f"values[{k!r}]").amount for k, v in values.items()}
    weights = check_targets(targets)
    free = to_money(cash, currency, "cash").amount
    buffer = to_money(cash_buffer, currency, "cash_buffer").amount
    smallest = to_money(min_trade, currency, "min_trade").amount
    if buffer < 0 or smallest < 0 or free < 0:
        raise ValidationError("cash, cash_buffer and min_trade must not be negative")
    if any(v < 0 for v in held.values()):
        raise ValidationError("rebalance() handles long positions only; a value is negative")
    places = minor_units(currency)
    investable = sum(held.values(), Decimal(0)) + free - buffer
    if investable < 0:
        raise ValidationError(f"cash_buffer {buffer} exceeds the portfolio's total value")

    assets = list(weights) + [k for k in held if k not in weights]
    target = {k: investable * weights.get(k, Decimal(0)) for k in assets}
    raw = {k: target[k] - held.get(k, Decimal(0)) for k in assets}

    sells: dict[str, Decimal] = {}
    for k, t in raw.items():
        if t < 0 and -t >= smallest:
            # Never sell more than is held, whatever the rounding.
            sells[k] = max(quantize(t, places), -held[k])
            if sells[k] == 0:
                del sells[k]
    available = free - buffer - sum(sells.values(), Decimal(0))

    wanted = {k: t for k, t in raw.items() if t > 0 and t >= smallest}
    buys: dict[str, Decimal] = {}
    while wanted:
        need = sum(wanted.values(), Decimal(0))
        scale = min(Decimal(1), max(available, Decimal(0)) / need)
        buys = {k: quantize(t * scale, places, ROUND_DOWN) for k, t in wanted.items()}
        too_small = [(b, k) for k, b in buys.items() if b < smallest or b <= 0]
        if not too_small:
            break
        # Drop only the smallest: the cash it frees may lift the others back over the minimum.
        del wanted[min(too_small)[1]]
        buys = {}

    trades = tuple(Trade(k, Money(a, currency)) for k, a in {**sells, **buys}.items())
    after = {k: held.get(k, Decimal(0)) for k in assets}
    for trade in trades:
        after[trade.asset] += trade.amount.amount
    spent = sum((t.amount.amount for t in trades), Decimal(0))
    return RebalancePlan(
        trades=trades,
        targets={k: Money(v, currency) for k, v in target.items()},
        values_after={k: Money(v, currency) for k, v in after.items()},
        cash_after=Money(free - spent, currency),
    )
