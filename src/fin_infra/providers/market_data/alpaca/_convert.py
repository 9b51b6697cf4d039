"""Alpaca market-data wire models -> :class:`~fin_infra.models.Quote` and :class:`Bar`."""

from __future__ import annotations

from fin_infra.models import Bar, Quote
from fin_infra.providers.errors import MalformedResponseError
from fin_infra.providers.market_data.alpaca._wire import WireBar, WireSnapshot

__all__ = ["to_bar", "to_quote"]


def to_quote(symbol: str, wire: WireSnapshot, currency: str = "USD") -> Quote:
    """The last trade's price, with the latest bid/ask and the day's volume when present."""
    trade, quote = wire.latest_trade, wire.latest_quote
    if trade is None:
        raise MalformedResponseError(f"snapshot of {symbol} has no latest trade", provider="alpaca")
    return Quote(
        symbol=symbol,
        price=trade.p,
        currency=currency,
        timestamp=trade.t,
        bid=None if quote is None else quote.bp,
        ask=None if quote is None else quote.ap,
        volume=None if wire.daily_bar is None else wire.daily_bar.v,
        source="alpaca",
    )


def to_bar(symbol: str, wire: WireBar, currency: str = "USD") -> Bar:
    """One OHLCV bar."""
    return Bar(
        symbol=symbol,
        currency=currency,
        timestamp=wire.t,
        open=wire.o,
        high=wire.h,
        low=wire.low,
        close=wire.c,
        volume=wire.v,
        vwap=wire.vw,
    )
