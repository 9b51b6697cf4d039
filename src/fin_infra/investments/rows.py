"""Typed result rows of the ledger: open lots, realized gains, income, wash-sale adjustments.

All rows are frozen dataclasses holding exact ``Decimal`` values in the row's ``currency``;
nothing is rounded here (round at the report edge, e.g. :mod:`fin_infra.tax.form8949`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

__all__ = ["Income", "IncomeKind", "Lot", "RealizedGain", "Term", "WashSale", "holding_term"]


class Term(StrEnum):
    """Short-term (held one year or less) or long-term (held more than one year)."""

    SHORT = "short"
    LONG = "long"


@lru_cache(maxsize=8192)
def _anniversary(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: its anniversary is 28 February
        return day.replace(year=day.year + 1, day=28)


def holding_term(acquired: dt.date, sold: dt.date) -> Term:
    """Long-term when held more than one year: sold after the first anniversary of ``acquired``.

    The holding period starts the day after acquisition and includes the sale date, so stock
    bought 2023-03-15 is long-term when sold on or after 2024-03-16.

    >>> holding_term(dt.date(2023, 3, 15), dt.date(2024, 3, 15))
    <Term.SHORT: 'short'>
    >>> holding_term(dt.date(2023, 3, 15), dt.date(2024, 3, 16))
    <Term.LONG: 'long'>
    """
    return Term.LONG if sold > _anniversary(acquired) else Term.SHORT


@dataclass(frozen=True, slots=True)
class Lot:
    """Units of one symbol bought together and still held.

    ``lot_id`` is unique among open lots: the id of the transaction that opened the lot, with a
    suffix for units split off it (``/w1`` replacement units of a wash sale, ``/t1`` units moved
    to another account).
    ``acquired`` is the trade date; ``holding_start`` is the date the holding period counts from
    (earlier than ``acquired`` when a wash sale tacked on the sold shares' holding period).
    ``cost_basis`` is the total basis, ``wash_adjustment`` included.
    """

    lot_id: str
    account_id: str
    symbol: str
    quantity: Decimal
    cost_basis: Decimal
    acquired: dt.date
    holding_start: dt.date
    wash_adjustment: Decimal
    currency: str

    @property
    def unit_basis(self) -> Decimal:
        """Cost basis per unit."""
        return self.cost_basis / self.quantity

    def term(self, on: dt.date) -> Term:
        """The holding term if sold on ``on``."""
        return holding_term(self.holding_start, on)


@dataclass(frozen=True, slots=True)
class RealizedGain:
    """The part of one lot disposed of by one sale.

    ``gain`` is the economic result ``proceeds - cost_basis``. When part of a loss is a wash sale,
    ``wash_disallowed`` (positive) is the loss not deductible now; ``reportable_gain`` adds it back.
    """

    sale_id: str
    lot_id: str
    account_id: str
    symbol: str
    quantity: Decimal
    acquired: dt.date
    sold: dt.date
    proceeds: Decimal
    cost_basis: Decimal
    term: Term
    currency: str
    wash_disallowed: Decimal = Decimal(0)

    @property
    def gain(self) -> Decimal:
        """Proceeds minus cost basis (negative for a loss)."""
        return self.proceeds - self.cost_basis

    @property
    def reportable_gain(self) -> Decimal:
        """The gain or loss recognised this year: ``gain`` plus any disallowed wash-sale loss."""
        return self.gain + self.wash_disallowed


class IncomeKind(StrEnum):
    """Cash income or expense outside of trades."""

    DIVIDEND = "dividend"
    FEE = "fee"


@dataclass(frozen=True, slots=True)
class Income:
    """A dividend received (reinvested or not) or a fee paid: a positive ``amount``."""

    transaction_id: str
    account_id: str
    symbol: str
    date: dt.date
    kind: IncomeKind
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class WashSale:
    """Loss of a sale disallowed and carried into a replacement lot.

    ``quantity`` units of the sold lot ``sold_lot_id`` were matched with replacement lot
    ``replacement_lot_id``, whose basis rose by ``disallowed`` and whose holding period now starts
    on ``holding_start``. When the replacement is in a tax-deferred account (an IRA),
    ``basis_added`` is false: the loss is disallowed and not carried anywhere.
    """

    sale_id: str
    sold_lot_id: str
    sold: dt.date
    replacement_lot_id: str
    replacement_account_id: str
    quantity: Decimal
    disallowed: Decimal
    basis_added: bool
    holding_start: dt.date
