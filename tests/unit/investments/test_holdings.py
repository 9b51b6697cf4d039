"""Unrealized gains and the holdings view: prices, weights, day change, allocation, currencies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fin_infra.errors import CalculationError, CurrencyMismatchError
from fin_infra.investments import (
    UNCLASSIFIED,
    Action,
    InvestmentTransaction,
    MissingPriceError,
    PriceBook,
    QuoteSource,
    Term,
    build_ledger,
    holdings_view,
    unrealized_gains,
)
from fin_infra.models import Quote, Security, SecurityType
from fin_infra.money import Money
from fin_infra.normalization import FxRates, MissingFxRateError
from tests.unit.investments.builders import buy, day, sell, tx

D = Decimal


class FakeQuotes:
    """A quote source as a market-data client would be: counts calls, knows a few symbols."""

    def __init__(self, prices: dict[str, tuple[str, str]]) -> None:
        self.prices = prices
        self.calls: list[str] = []

    def latest_quote(self, symbol: str) -> Quote:
        self.calls.append(symbol)
        price, currency = self.prices[symbol]
        return Quote(
            symbol=symbol,
            price=D(price),
            currency=currency,
            timestamp=dt.datetime(2024, 7, 1, 20, tzinfo=dt.UTC),
        )


def ledger_two_accounts() -> list[InvestmentTransaction]:
    return [
        buy("2023-01-03", 10, 100, "VTI", account_id="ira"),
        buy("2024-02-01", 10, 120, "VTI", account_id="taxable"),
        buy("2024-02-01", 20, 50, "BND", account_id="taxable"),
        sell("2024-03-01", 5, 130, "VTI", account_id="taxable"),
        tx(Action.DIVIDEND, "2024-03-28", "VTI", account_id="taxable", amount="10"),
    ]


def test_unrealized_gains_per_lot_from_a_quote_source() -> None:
    quotes = FakeQuotes({"VTI": ("110", "USD"), "BND": ("49", "USD")})
    assert isinstance(quotes, QuoteSource)
    rows = unrealized_gains(build_ledger(ledger_two_accounts()), quotes, day("2024-07-01"))
    assert [(r.lot.symbol, r.market_value, r.gain, r.term) for r in rows] == [
        ("VTI", D(1100), D(100), Term.LONG),
        ("BND", D(980), D(-20), Term.SHORT),
        ("VTI", D(550), D(-50), Term.SHORT),
    ]
    assert sorted(quotes.calls) == ["BND", "VTI"]  # each symbol fetched once


def test_holdings_view_weights_returns_and_allocation() -> None:
    ledger = build_ledger(ledger_two_accounts())
    view = holdings_view(
        ledger,
        {"VTI": "110", "BND": "49"},
        previous_close={"VTI": "108", "BND": "49.50"},
        securities={"VTI": Security(id="VTI", type=SecurityType.ETF)},
        sectors={"BND": "bonds"},
    )
    bnd, vti = view.rows
    assert (vti.quantity, vti.market_value, vti.cost_basis) == (15, D(1650), D(1600))
    assert vti.day_change == 30
    assert bnd.day_change == -10
    assert view.day_change == 20
    assert view.market_value == D(2630)
    assert vti.weight == D(1650) / D(2630)
    # VTI: unrealized 50, realized 5 * (130 - 120) = 50, dividends 10; invested 1600 + 600.
    assert (vti.unrealized_gain, vti.realized_gain, vti.total_return) == (50, 50, 110)
    assert vti.total_return_pct == D(110) / D(2200)
    assert view.allocation("asset_class").weights == {"etf": vti.weight, UNCLASSIFIED: bnd.weight}
    assert view.allocation().values == {"etf": Money(1650, "USD"), UNCLASSIFIED: Money(980, "USD")}
    assert view.allocation("sector").weights == {UNCLASSIFIED: vti.weight, "bonds": bnd.weight}
    assert sum(view.allocation("symbol").weights.values()) == 1
    per_account = holdings_view(ledger, PriceBook({"VTI": D(110), "BND": D(49)}), by_account=True)
    assert [(r.account_id, r.symbol, r.quantity) for r in per_account.rows] == [
        ("ira", "VTI", 10),
        ("taxable", "BND", 20),
        ("taxable", "VTI", 5),
    ]
    assert per_account.allocation("account").weights["ira"] == D(1100) / D(2630)
    assert per_account.allocation("symbol").total == Money(2630, "USD")
    assert per_account.day_change is None


def test_other_currencies_convert_with_given_rates_only() -> None:
    ledger = build_ledger(
        [buy("2024-01-02", 10, 100, "SAP", currency="EUR"), buy("2024-01-02", 1, 10)]
    )
    prices = {"SAP": Money("110", "EUR"), "XYZ": "12"}
    fx = FxRates({("EUR", "USD"): "1.10"})
    view = holdings_view(ledger, prices, fx=fx)
    sap = view.rows[0]
    assert (sap.price, sap.market_value, sap.cost_basis) == (
        D("121.00"),
        D("1210.00"),
        D("1100.00"),
    )
    assert view.market_value == D("1222.00")
    with pytest.raises(MissingFxRateError):
        holdings_view(ledger, prices)
    usd_priced = {"SAP": Money("121", "USD"), "XYZ": "12"}
    assert unrealized_gains(ledger, usd_priced, day("2024-02-01"), fx=fx)[0].price == D(110)
    with pytest.raises(CurrencyMismatchError, match="fx="):
        unrealized_gains(ledger, usd_priced, day("2024-02-01"))


def test_missing_and_negative_prices_fail_loudly() -> None:
    ledger = build_ledger([buy("2024-01-02", 1, 10)])
    with pytest.raises(MissingPriceError, match="XYZ"):
        holdings_view(ledger, {"ABC": "1"})
    with pytest.raises(MissingPriceError, match="negative"):
        unrealized_gains(ledger, {"XYZ": "-1"}, day("2024-02-01"))
    empty = holdings_view(build_ledger([]), {})
    assert (empty.rows, empty.market_value, empty.day_change) == ((), 0, 0)
    with pytest.raises(CalculationError, match="positive total"):
        empty.allocation()
