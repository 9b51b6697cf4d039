"""Terse builders of investment transactions for the tests (ids are unique per call)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from fin_infra.investments import Action, InvestmentTransaction

_ids = itertools.count(1)

Num = str | int | Decimal


def day(text: str) -> dt.date:
    """``"2024-03-15"`` as a date."""
    return dt.date.fromisoformat(text)


def tx(action: Action, on: str, symbol: str = "XYZ", **fields: object) -> InvestmentTransaction:
    """A transaction with an automatic id unless one is given."""
    fields.setdefault("id", f"{action.value}{next(_ids)}")
    return InvestmentTransaction(action=action, date=day(on), symbol=symbol, **fields)  # type: ignore[arg-type]


def buy(
    on: str, qty: Num, price: Num, symbol: str = "XYZ", **fields: object
) -> InvestmentTransaction:
    return tx(Action.BUY, on, symbol, quantity=qty, price=price, **fields)


def sell(
    on: str, qty: Num, price: Num, symbol: str = "XYZ", **fields: object
) -> InvestmentTransaction:
    return tx(Action.SELL, on, symbol, quantity=qty, price=price, **fields)
