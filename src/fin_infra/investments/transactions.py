"""Investment transactions: the input of the lot ledger (buys, sells, splits, transfers...)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from fin_infra.errors import ValidationError
from fin_infra.money import D, validate_currency

__all__ = ["Action", "InvestmentTransaction"]

_ZERO = Decimal(0)


class Action(StrEnum):
    """What an investment transaction does to the lots of one account and symbol."""

    BUY = "buy"
    SELL = "sell"
    REINVEST = "reinvest"
    """Dividend reinvestment: dividend income that buys a new lot."""
    DIVIDEND = "dividend"
    SPLIT = "split"
    TRANSFER_IN = "transfer_in"
    TRANSFER_OUT = "transfer_out"
    FEE = "fee"


_UNITS = frozenset(
    {Action.BUY, Action.SELL, Action.REINVEST, Action.TRANSFER_IN, Action.TRANSFER_OUT}
)
_CASH = frozenset({Action.DIVIDEND, Action.FEE})


@dataclass(frozen=True, slots=True, kw_only=True)
class InvestmentTransaction:
    """One investment event on ``symbol`` in ``account_id``; Decimal fields refuse floats.

    - ``BUY`` / ``REINVEST``: ``quantity`` units at ``price``; ``fees`` are added to the basis.
    - ``SELL``: ``quantity`` units at ``price``; ``fees`` reduce the proceeds; ``lot_id`` picks a
      specific lot (the id of the buy that opened it).
    - ``SPLIT``: ``ratio`` new units per old unit (``2`` for 2-for-1, ``0.1`` for 1-for-10); the
      basis is unchanged.
    - ``TRANSFER_IN``: ``quantity`` units arriving with total basis ``amount`` and original
      acquisition date ``acquired`` (default: ``date``).
    - ``TRANSFER_OUT``: ``quantity`` units leave, to ``to_account`` in the same ledger (basis and
      dates kept) or out of it.
    - ``DIVIDEND`` / ``FEE``: cash ``amount`` received or paid (positive).

    Symbols are compared as given: pass them through
    :func:`fin_infra.normalization.normalize_symbol` when they come from different vendors.

    >>> InvestmentTransaction(id="b1", date=dt.date(2024, 1, 2), action=Action.BUY,
    ...                       symbol="VTI", quantity="10", price="200.50").quantity
    Decimal('10')
    """

    id: str
    date: dt.date
    action: Action
    symbol: str
    account_id: str = "default"
    quantity: Decimal = _ZERO
    price: Decimal = _ZERO
    fees: Decimal = _ZERO
    amount: Decimal = _ZERO
    ratio: Decimal = _ZERO
    currency: str = "USD"
    lot_id: str | None = None
    acquired: dt.date | None = None
    to_account: str | None = None

    def __post_init__(self) -> None:
        for name in ("quantity", "price", "fees", "amount", "ratio"):
            value = getattr(self, name)
            if type(value) is not Decimal:
                object.__setattr__(self, name, D(value))
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise ValidationError(f"{self.id}: date must be a datetime.date (the trade date)")
        if not self.id or not self.symbol or not self.account_id:
            raise ValidationError("an investment transaction needs an id, a symbol and an account")
        action = Action(self.action)
        object.__setattr__(self, "action", action)
        if self.currency != "USD":
            validate_currency(self.currency)
        if action in _UNITS and not self.quantity > 0:
            raise ValidationError(f"{self.id}: {action} quantity must be positive")
        if self.price < 0 or self.fees < 0:
            raise ValidationError(f"{self.id}: price and fees must not be negative")
        if action is Action.SPLIT and not self.ratio > 0:
            raise ValidationError(f"{self.id}: a split needs a positive ratio")
        if action in _CASH and not self.amount > 0:
            raise ValidationError(f"{self.id}: {action} amount must be positive")
        if action is Action.TRANSFER_IN and self.amount < 0:
            raise ValidationError(f"{self.id}: transferred basis must not be negative")
        if self.acquired is not None and self.acquired > self.date:
            raise ValidationError(f"{self.id}: acquired after the transfer date")
