"""Prices for the portfolio: daily closes from a market-data provider, and portfolio values.

Any :class:`~fin_infra.providers.market_data.base.MarketDataProvider` works; the example uses the
offline sandbox. Quantities are today's positions held over the whole window, which is what a
"how has what I hold performed" chart shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from fin_infra.providers.market_data.base import MarketDataProvider

__all__ = ["CASH_SYMBOLS", "daily_closes", "portfolio_values"]

CASH_SYMBOLS = frozenset({"USD"})
"""Holdings valued at par (quantity x 1) instead of with market prices."""


def daily_closes(
    market: MarketDataProvider, symbols: Sequence[str], start: dt.date, end: dt.date
) -> dict[str, dict[dt.date, Decimal]]:
    """Each symbol's close on each trading day from ``start`` to ``end`` (inclusive)."""
    closes: dict[str, dict[dt.date, Decimal]] = {}
    for symbol in symbols:
        if symbol in CASH_SYMBOLS:
            continue
        bars = market.bars(symbol, start, end)
        closes[symbol] = {bar.timestamp.date(): bar.close for bar in bars}
    return closes


def portfolio_values(
    quantities: Mapping[str, Decimal], closes: Mapping[str, Mapping[dt.date, Decimal]]
) -> list[tuple[dt.date, Decimal]]:
    """The portfolio's value on every day all priced symbols traded, oldest first."""
    priced = [s for s in quantities if s not in CASH_SYMBOLS]
    if not priced:
        return []
    days = sorted(set.intersection(*(set(closes[s]) for s in priced)))
    cash = sum((q for s, q in quantities.items() if s in CASH_SYMBOLS), Decimal(0))
    return [(day, cash + sum(quantities[s] * closes[s][day] for s in priced)) for day in days]
