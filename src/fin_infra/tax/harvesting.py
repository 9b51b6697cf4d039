"""Tax-loss harvesting: open lots worth selling at a loss, what they save, and wash-sale risk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from fin_infra.errors import ValidationError
from fin_infra.investments import Ledger, PriceBook, Prices, Term, unrealized_gains
from fin_infra.money import D
from fin_infra.tax.wash_sales import WashSaleRule

if TYPE_CHECKING:
    from fin_infra.normalization import FxRates

__all__ = ["HarvestCandidate", "PlannedBuy", "TaxRates", "harvest_candidates"]

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class TaxRates:
    """Marginal rates as fractions (``Decimal("0.35")``) for short- and long-term gains."""

    short_term: Decimal
    long_term: Decimal

    def __post_init__(self) -> None:
        for name in ("short_term", "long_term"):
            value = D(getattr(self, name))
            if not 0 <= value <= 1:
                raise ValidationError(f"{name} rate must be a fraction between 0 and 1")
            object.__setattr__(self, name, value)

    def rate(self, term: Term) -> Decimal:
        """The rate that applies to ``term``."""
        return self.long_term if term is Term.LONG else self.short_term


@dataclass(frozen=True, slots=True)
class PlannedBuy:
    """A purchase the owner intends to make (including a scheduled dividend reinvestment)."""

    symbol: str
    date: dt.date
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class HarvestCandidate:
    """Selling ``quantity`` units of lot ``lot_id`` now realizes ``loss`` (positive).

    ``at_risk_quantity`` units would be wash sales because of ``conflicts`` (ids of lots bought
    in the last window days, or planned buys); ``estimated_tax_saved`` counts only the rest.
    ``replacements`` are configured alternatives that are not substantially identical.
    """

    lot_id: str
    account_id: str
    symbol: str
    quantity: Decimal
    price: Decimal
    cost_basis: Decimal
    loss: Decimal
    term: Term
    estimated_tax_saved: Decimal
    at_risk_quantity: Decimal
    conflicts: tuple[str, ...]
    replacements: tuple[str, ...]

    @property
    def wash_sale_risk(self) -> bool:
        """True when some of the loss would be disallowed as things stand."""
        return self.at_risk_quantity > 0


@dataclass(slots=True)
class _Units:
    """Units that could replace a harvested lot (an open lot or a planned buy)."""

    acquired: dt.date
    ref: str
    units: Decimal


def harvest_candidates(
    ledger: Ledger,
    prices: Prices | PriceBook,
    as_of: dt.date,
    *,
    rates: TaxRates,
    min_loss: Decimal = _ZERO,
    rule: WashSaleRule | None = None,
    planned_buys: Iterable[PlannedBuy] = (),
    replacements: Mapping[str, Sequence[str]] | None = None,
    fx: FxRates | None = None,
) -> list[HarvestCandidate]:
    """Lots whose loss exceeds ``min_loss``, the largest estimated saving first.

    Wash-sale risk comes from other open lots of a substantially identical symbol bought within
    the rule's window before ``as_of`` (not yet used as replacements) and from ``planned_buys``
    within the window after; those units are matched to candidates earliest first, as a sale
    would be. Suggestions from ``replacements`` that are substantially identical are dropped.
    """
    rule = rule or WashSaleRule()
    window = dt.timedelta(days=rule.window_days)
    losers = [
        u
        for u in unrealized_gains(ledger, prices, as_of, fx=fx)
        if u.gain < 0 and -u.gain > min_loss
    ]
    # Replacement units available per group, earliest acquired first.
    pool: dict[str, list[_Units]] = {}
    for lot in ledger.lots:
        if as_of - window <= lot.acquired <= as_of and not lot.wash_adjustment:
            units = _Units(lot.acquired, lot.lot_id, lot.quantity)
            pool.setdefault(rule.group(lot.symbol), []).append(units)
    for buy in planned_buys:
        if as_of <= buy.date <= as_of + window:
            units = _Units(buy.date, f"planned {buy.symbol} {buy.date}", D(buy.quantity))
            pool.setdefault(rule.group(buy.symbol), []).append(units)
    for entries in pool.values():
        entries.sort(key=lambda entry: (entry.acquired, entry.ref))

    out = []
    for u in sorted(losers, key=lambda u: (u.lot.acquired, u.lot.lot_id)):
        lot, group = u.lot, rule.group(u.lot.symbol)
        left, conflicts = lot.quantity, []
        for entry in pool.get(group, []):
            if not left:
                break
            if entry.ref == lot.lot_id or not entry.units:
                continue
            used = min(entry.units, left)
            entry.units -= used
            left -= used
            conflicts.append(entry.ref)
        at_risk = lot.quantity - left
        loss = -u.gain
        allowed = loss * left / lot.quantity
        suggestions = tuple(
            s for s in (replacements or {}).get(lot.symbol, ()) if rule.group(s) != group
        )
        out.append(
            HarvestCandidate(
                lot_id=lot.lot_id,
                account_id=lot.account_id,
                symbol=lot.symbol,
                quantity=lot.quantity,
                price=u.price,
                cost_basis=lot.cost_basis,
                loss=loss,
                term=u.term,
                estimated_tax_saved=allowed * rates.rate(u.term),
                at_risk_quantity=at_risk,
                conflicts=tuple(conflicts),
                replacements=suggestions,
            )
        )
    return sorted(out, key=lambda c: (-c.estimated_tax_saved, -c.loss, c.lot_id))
