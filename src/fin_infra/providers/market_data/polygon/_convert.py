"""Polygon wire models -> :class:`~fin_infra.models.Quote`, :class:`Bar` and :class:`Security`.

Polygon stamps aggregates in Unix milliseconds and trades in Unix nanoseconds (UTC); both are
turned into aware datetimes here, with integer arithmetic so no timestamp is rounded.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security, SecurityType
from fin_infra.money import validate_currency
from fin_infra.providers.errors import MalformedResponseError
from fin_infra.providers.market_data.polygon._wire import WireAgg, WireTicker, WireTickerSnapshot

__all__ = ["from_millis", "from_nanos", "to_bar", "to_quote", "to_security"]

NO_CURRENCY: Final = "XXX"
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_TYPES: Final = {
    "CS": SecurityType.EQUITY,
    "ETF": SecurityType.ETF,
    "FUND": SecurityType.MUTUAL_FUND,
}


def from_millis(ms: int) -> dt.datetime:
    """A Unix-millisecond timestamp as an aware UTC datetime.

    >>> from_millis(1577941200000).isoformat()
    '2020-01-02T05:00:00+00:00'
    """
    return _EPOCH + dt.timedelta(milliseconds=ms)


def from_nanos(ns: int) -> dt.datetime:
    """A Unix-nanosecond timestamp as an aware UTC datetime (truncated to microseconds)."""
    return _EPOCH + dt.timedelta(microseconds=ns // 1000)


def to_bar(symbol: str, wire: WireAgg) -> Bar:
    """One aggregate as a bar."""
    return Bar(
        symbol=symbol,
        timestamp=from_millis(wire.t),
        open=wire.o,
        high=wire.h,
        low=wire.low,
        close=wire.c,
        volume=wire.v,
        vwap=wire.vw,
    )


def to_quote(symbol: str, wire: WireTickerSnapshot | None) -> Quote:
    """The snapshot's last trade, with its last bid/ask and the day's volume."""
    if wire is None or wire.last_trade is None:
        raise MalformedResponseError(f"snapshot of {symbol} has no last trade", provider="polygon")
    q = wire.last_quote
    return Quote(
        symbol=symbol,
        price=wire.last_trade.p,
        timestamp=from_nanos(wire.last_trade.t),
        bid=None if q is None else q.bid,
        ask=None if q is None else q.ask,
        volume=None if wire.day is None else wire.day.v,
        source="polygon",
    )


def to_security(wire: WireTicker) -> Security:
    """A reference ticker as a neutral security."""
    if wire.market == "crypto":
        kind = SecurityType.CRYPTO
    else:
        kind = _TYPES.get(wire.type or "", SecurityType.OTHER)
    try:
        currency = validate_currency((wire.currency_name or "usd").upper())
    except ValidationError:
        currency = NO_CURRENCY
    return Security(
        id=wire.composite_figi or wire.ticker,
        symbol=wire.ticker,
        name=wire.name,
        type=kind,
        currency=currency,
    )
