"""The holdings view: positions valued in one currency, with weights, returns and allocation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal

from fin_infra.investments.ledger import Ledger
from fin_infra.investments.prices import PriceBook, Prices
from fin_infra.investments.rows import IncomeKind
from fin_infra.money import D, Money
from fin_infra.normalization import FxRates

if TYPE_CHECKING:
    from fin_infra.analytics import Allocation
    from fin_infra.models import Security

__all__ = ["UNCLASSIFIED", "HoldingRow", "HoldingsView", "holdings_view"]

UNCLASSIFIED: Final = "unclassified"
"""The allocation bucket of a symbol with no security type or sector given."""

_ZERO: Final = Decimal(0)

AllocationKey = Literal["asset_class", "sector", "account", "symbol"]


@dataclass(frozen=True, slots=True)
class HoldingRow:
    """One position (a symbol, in one account when the view is per account), in the view currency.

    ``total_return`` is unrealized plus realized gain plus dividends of the symbol;
    ``total_return_pct`` divides it by all basis ever put in (open and sold).
    ``day_change`` is ``None`` when no previous close was given.
    """

    account_id: str | None
    symbol: str
    quantity: Decimal
    price: Decimal
    market_value: Decimal
    cost_basis: Decimal
    weight: Decimal
    day_change: Decimal | None
    realized_gain: Decimal
    dividends: Decimal
    total_return: Decimal
    total_return_pct: Decimal | None
    asset_class: str
    sector: str

    @property
    def unrealized_gain(self) -> Decimal:
        """Market value minus cost basis."""
        return self.market_value - self.cost_basis


@dataclass(frozen=True, slots=True)
class HoldingsView:
    """Rows plus totals, all in ``currency``; weights are exact fractions of the market value."""

    currency: str
    rows: tuple[HoldingRow, ...]

    @property
    def market_value(self) -> Decimal:
        """Total market value."""
        return sum((row.market_value for row in self.rows), _ZERO)

    @property
    def cost_basis(self) -> Decimal:
        """Total basis of the open positions."""
        return sum((row.cost_basis for row in self.rows), _ZERO)

    @property
    def day_change(self) -> Decimal | None:
        """Total day change, ``None`` if any row lacks a previous close."""
        changes = [row.day_change for row in self.rows]
        if any(change is None for change in changes):
            return None
        return sum((change for change in changes if change is not None), _ZERO)

    def allocation(self, by: AllocationKey = "asset_class") -> Allocation:
        """Values and weights by asset class, sector, account or symbol, largest first.

        Computed by :func:`fin_infra.analytics.allocation` (loaded on first call); raises
        :class:`~fin_infra.errors.CalculationError` when the view has no positive value.
        """
        from fin_infra.analytics import allocation

        values: dict[str, Decimal] = {}
        groups: dict[str, str] = {}
        for row in self.rows:
            key = f"{row.account_id}/{row.symbol}" if row.account_id else row.symbol
            values[key] = row.market_value
            groups[key] = {
                "asset_class": row.asset_class,
                "sector": row.sector,
                "account": row.account_id or UNCLASSIFIED,
                "symbol": row.symbol,
            }[by]
        return allocation(values, groups, currency=self.currency)


def holdings_view(
    ledger: Ledger,
    prices: Prices | PriceBook,
    *,
    currency: str = "USD",
    fx: FxRates | None = None,
    previous_close: Mapping[str, Decimal | str | int] | None = None,
    securities: Mapping[str, Security] | None = None,
    sectors: Mapping[str, str] | None = None,
    by_account: bool = False,
) -> HoldingsView:
    """Value the ledger's open positions at ``prices`` in ``currency``.

    Amounts held in another currency are converted with ``fx`` at the given rates (a missing rate
    raises :class:`~fin_infra.normalization.MissingFxRateError`). Asset class comes from
    ``securities[symbol].type``, sector from ``sectors[symbol]``; unknown ones are
    :data:`UNCLASSIFIED`. ``previous_close`` (in the symbol's price currency) gives day change.
    """
    book = prices if isinstance(prices, PriceBook) else PriceBook(prices, fx)

    def convert(amount: Decimal, source: str) -> Decimal:
        if source == currency:
            return amount
        return (fx or FxRates()).convert(Money(amount, source), currency).amount

    def key_of(account_id: str, symbol: str) -> tuple[str | None, str]:
        return (account_id if by_account else None, symbol)

    quantity: dict[tuple[str | None, str], Decimal] = defaultdict(lambda: _ZERO)
    basis: dict[tuple[str | None, str], Decimal] = defaultdict(lambda: _ZERO)
    native: dict[tuple[str | None, str], str] = {}
    for lot in ledger.lots:
        key = key_of(lot.account_id, lot.symbol)
        quantity[key] += lot.quantity
        basis[key] += convert(lot.cost_basis, lot.currency)
        native[key] = lot.currency
    realized: dict[tuple[str | None, str], Decimal] = defaultdict(lambda: _ZERO)
    sold_basis: dict[tuple[str | None, str], Decimal] = defaultdict(lambda: _ZERO)
    for row in ledger.realized:
        key = key_of(row.account_id, row.symbol)
        realized[key] += convert(row.gain, row.currency)
        sold_basis[key] += convert(row.cost_basis, row.currency)
    dividends: dict[tuple[str | None, str], Decimal] = defaultdict(lambda: _ZERO)
    for income in ledger.income:
        if income.kind is IncomeKind.DIVIDEND:
            key = key_of(income.account_id, income.symbol)
            dividends[key] += convert(income.amount, income.currency)

    values: dict[tuple[str | None, str], tuple[Decimal, Decimal, Decimal | None]] = {}
    for key, units in quantity.items():
        symbol, lot_currency = key[1], native[key]
        price = book.price(symbol, lot_currency)
        change = None
        if previous_close is not None and symbol in previous_close:
            change = convert(units * (price - D(previous_close[symbol])), lot_currency)
        values[key] = (convert(price, lot_currency), convert(units * price, lot_currency), change)
    total = sum((value for _, value, _ in values.values()), _ZERO)

    rows = []
    for key in sorted(values, key=lambda k: (k[0] or "", k[1])):
        account_id, symbol = key
        price, value, change = values[key]
        total_return = value - basis[key] + realized[key] + dividends[key]
        invested = basis[key] + sold_basis[key]
        security = (securities or {}).get(symbol)
        rows.append(
            HoldingRow(
                account_id=account_id,
                symbol=symbol,
                quantity=quantity[key],
                price=price,
                market_value=value,
                cost_basis=basis[key],
                weight=value / total if total else _ZERO,
                day_change=change,
                realized_gain=realized[key],
                dividends=dividends[key],
                total_return=total_return,
                total_return_pct=total_return / invested if invested else None,
                asset_class=str(security.type) if security is not None else UNCLASSIFIED,
                sector=(sectors or {}).get(symbol, UNCLASSIFIED),
            )
        )
    return HoldingsView(currency=currency, rows=tuple(rows))
