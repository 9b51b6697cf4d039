"""Unrealized gains: open lots valued at given prices on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from fin_infra.investments.ledger import Ledger
from fin_infra.investments.prices import PriceBook, Prices
from fin_infra.investments.rows import Lot, Term

if TYPE_CHECKING:
    from fin_infra.normalization import FxRates


__all__ = ["UnrealizedGain", "unrealized_gains"]


@dataclass(frozen=True, slots=True)
class UnrealizedGain:
    """One open lot at ``price`` (in the lot's currency) on ``as_of``."""

    lot: Lot
    price: Decimal
    as_of: dt.date

    @property
    def market_value(self) -> Decimal:
        """Quantity times price."""
        return self.lot.quantity * self.price

    @property
    def gain(self) -> Decimal:
        """Market value minus cost basis (negative for a loss)."""
        return self.market_value - self.lot.cost_basis

    @property
    def term(self) -> Term:
        """The holding term if the lot were sold on ``as_of``."""
        return self.lot.term(self.as_of)


def unrealized_gains(
    lots: Ledger | Iterable[Lot],
    prices: Prices | PriceBook,
    as_of: dt.date,
    *,
    fx: FxRates | None = None,
) -> list[UnrealizedGain]:
    """Value every open lot at its symbol's price (converted to the lot's currency with ``fx``).

    >>> from fin_infra.investments import Lot
    >>> lot = Lot("b1", "ira", "VTI", Decimal("2"), Decimal("300"), dt.date(2024, 1, 2),
    ...           dt.date(2024, 1, 2), Decimal(0), "USD")
    >>> [(u.gain, u.term) for u in unrealized_gains([lot], {"VTI": "140"}, dt.date(2025, 1, 3))]
    [(Decimal('-20'), <Term.LONG: 'long'>)]
    """
    book = prices if isinstance(prices, PriceBook) else PriceBook(prices, fx)
    items = lots.lots if isinstance(lots, Ledger) else lots
    return [UnrealizedGain(lot, book.price(lot.symbol, lot.currency), as_of) for lot in items]
