"""A net-worth snapshot from accounts and holdings, valued with quotes and converted with FX.

- Every account counts on the side its type says: depository, investment and other accounts are
  assets; credit and loan accounts are debt (their ``current`` balance is the amount owed). A
  negative balance switches side: an overdraft is owed, a credit balance on a card is owned (cash).
- An account that holds positions is valued by its holdings (quantity times the latest quote for
  the symbol, or the institution's price when no quote is given), not by its reported balance;
  holdings of accounts not passed are counted as investments.
- Each amount is converted to the snapshot currency with the given rates; a missing rate raises
  :class:`~fin_infra.normalization.MissingFxRateError`. A missing balance or price raises too.
- Breakdown lines are rounded to the currency's minor unit and the totals are their sums, so the
  snapshot adds up to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from fin_infra.errors import ValidationError
from fin_infra.models import Account, AccountType, Holding, NetWorthSnapshot, Quote
from fin_infra.money import Money, minor_units, quantize
from fin_infra.net_worth.models import NetWorthCategory
from fin_infra.normalization import FxRates

__all__ = ["PROPERTY_SUBTYPES", "account_category", "compute_snapshot"]

PROPERTY_SUBTYPES = frozenset({"property", "real estate", "real_estate", "home", "vehicle"})
"""Subtypes of an ``other`` account that count as property rather than other assets."""

_DEFAULT = {
    AccountType.DEPOSITORY: NetWorthCategory.CASH,
    AccountType.INVESTMENT: NetWorthCategory.INVESTMENTS,
    AccountType.CREDIT: NetWorthCategory.DEBT,
    AccountType.LOAN: NetWorthCategory.DEBT,
}


def account_category(
    account: Account, overrides: Mapping[str, NetWorthCategory | str] | None = None
) -> NetWorthCategory:
    """The category ``account`` counts in: ``overrides[account.id]`` or the default by type.

    >>> account_category(Account(id="h", name="House", type="other", subtype="real estate"))
    <NetWorthCategory.PROPERTY: 'property'>
    """
    if overrides and account.id in overrides:
        return NetWorthCategory(overrides[account.id])
    if account.type in _DEFAULT:
        return _DEFAULT[account.type]
    subtype = (account.subtype or "").strip().lower()
    return NetWorthCategory.PROPERTY if subtype in PROPERTY_SUBTYPES else NetWorthCategory.OTHER


def _latest_quotes(quotes: Iterable[Quote]) -> dict[str, Quote]:
    latest: dict[str, Quote] = {}
    for quote in quotes:
        seen = latest.get(quote.symbol)
        if seen is None or quote.timestamp > seen.timestamp:
            latest[quote.symbol] = quote
    return latest


def _holding_value(holding: Holding, quotes: Mapping[str, Quote]) -> Money:
    quote = quotes.get(holding.symbol) if holding.symbol else None
    if quote is not None:
        return Money(holding.quantity * quote.price, quote.currency)
    if holding.institution_price is None:
        raise ValidationError(
            f"no quote for {holding.symbol or holding.security_id!r} and no institution price"
        )
    return Money(holding.market_value(), holding.currency)


def compute_snapshot(
    accounts: Iterable[Account],
    holdings: Iterable[Holding] = (),
    quotes: Iterable[Quote] = (),
    *,
    as_of: dt.date,
    currency: str = "USD",
    fx: FxRates | None = None,
    categories: Mapping[str, NetWorthCategory | str] | None = None,
) -> NetWorthSnapshot:
    """Net worth on ``as_of`` in ``currency``; ``categories`` overrides categories by account id.

    >>> from datetime import UTC, date, datetime
    >>> from fin_infra.models import AccountBalances
    >>> accounts = [
    ...     Account(id="chk", name="Checking", type="depository",
    ...             balances=AccountBalances(current="2500")),
    ...     Account(id="isa", name="Broker", type="investment",
    ...             balances=AccountBalances(current="0", currency="EUR")),
    ...     Account(id="visa", name="Card", type="credit", balances=AccountBalances(current="700")),
    ... ]
    >>> holdings = [Holding(account_id="isa", security_id="s1", symbol="VWCE", quantity="10")]
    >>> quotes = [Quote(symbol="VWCE", price="120", currency="EUR",
    ...                 timestamp=datetime(2025, 6, 30, tzinfo=UTC))]
    >>> snap = compute_snapshot(accounts, holdings, quotes, as_of=date(2025, 6, 30),
    ...                         fx=FxRates({("EUR", "USD"): "1.10"}))
    >>> snap.assets_breakdown
    {'cash': Decimal('2500.00'), 'investments': Decimal('1320.00')}
    >>> snap.liabilities_breakdown, snap.net_worth
    ({'credit': Decimal('700.00')}, Decimal('3120.00'))
    """
    rates = fx or FxRates()
    places = minor_units(currency)
    prices = _latest_quotes(quotes)
    assets: defaultdict[str, Decimal] = defaultdict(Decimal)
    liabilities: defaultdict[str, Decimal] = defaultdict(Decimal)
    positions: defaultdict[str, list[Holding]] = defaultdict(list)
    for holding in holdings:
        positions[holding.account_id].append(holding)

    def add(category: NetWorthCategory, owed_as: str, value: Money) -> None:
        amount = rates.convert(value, currency).amount
        if category is NetWorthCategory.DEBT:
            if amount >= 0:
                liabilities[owed_as] += amount
            else:
                assets[NetWorthCategory.CASH.value] -= amount
        elif amount >= 0:
            assets[category.value] += amount
        else:
            liabilities["overdraft"] -= amount

    for account in accounts:
        category = account_category(account, categories)
        owed_as = account.type.value if account.is_liability else "other"
        held = positions.pop(account.id, [])
        if held:
            for holding in held:
                add(category, owed_as, _holding_value(holding, prices))
            continue
        if account.balances.current is None:
            raise ValidationError(f"account {account.id!r} has no current balance")
        add(category, owed_as, Money(account.balances.current, account.balances.currency))
    for held in positions.values():
        for holding in held:
            add(NetWorthCategory.INVESTMENTS, "other", _holding_value(holding, prices))
    assets_out = {k: quantize(v, places) for k, v in assets.items()}
    liabilities_out = {k: quantize(v, places) for k, v in liabilities.items()}
    total_assets = sum(assets_out.values(), quantize(Decimal(0), places))
    total_liabilities = sum(liabilities_out.values(), quantize(Decimal(0), places))
    return NetWorthSnapshot(
        as_of=as_of,
        currency=currency,
        total_assets=total_assets,
        total_liabilities=total_liabilities,
        net_worth=total_assets - total_liabilities,
        assets_breakdown=assets_out,
        liabilities_breakdown=liabilities_out,
    )
