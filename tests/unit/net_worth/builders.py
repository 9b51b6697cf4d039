"""Builders shared by the net-worth tests: accounts, holdings and quotes."""

from __future__ import annotations

import datetime as dt

from fin_infra.models import Account, AccountBalances, Holding, Quote

STAMP = dt.datetime(2025, 6, 30, 20, tzinfo=dt.UTC)


def account(
    id: str, type: str, current: str | None, currency: str = "USD", subtype: str | None = None
) -> Account:
    """An account with a current balance (owed, for credit and loan accounts)."""
    return Account(
        id=id,
        name=id,
        type=type,
        subtype=subtype,
        balances=AccountBalances(current=current, currency=currency),
    )


def holding(account_id: str, symbol: str | None, quantity: str, **kw: str) -> Holding:
    return Holding(
        account_id=account_id, security_id=f"sec-{symbol}", symbol=symbol, quantity=quantity, **kw
    )


def quote(symbol: str, price: str, currency: str = "USD", stamp: dt.datetime = STAMP) -> Quote:
    return Quote(symbol=symbol, price=price, currency=currency, timestamp=stamp)
