"""Alpha Vantage wire models -> :class:`~fin_infra.models.Quote`, :class:`Bar`, :class:`Security`.

Alpha Vantage stamps daily and longer bars with a bare date and intraday bars with New York
local time; both become aware UTC datetimes here (a date means midnight in New York, as Alpaca
and Polygon stamp daily bars). Adjusted series scale open, high and low by the same factor as
the close (``adjusted close / close``), rounded to the close's precision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final
from zoneinfo import ZoneInfo

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security, SecurityType
from fin_infra.money import validate_currency
from fin_infra.providers.market_data.alphavantage._wire import WireGlobalQuote, WireMatch, WirePoint

__all__ = ["NEW_YORK", "to_bar", "to_quote", "to_security"]

NEW_YORK: Final = ZoneInfo("America/New_York")
_CLOSE: Final = dt.time(16, 0)
_TYPES: Final = {
    "equity": SecurityType.EQUITY,
    "etf": SecurityType.ETF,
    "mutual fund": SecurityType.MUTUAL_FUND,
}


def to_quote(wire: WireGlobalQuote) -> Quote:
    """The latest price, stamped at the close of its trading day (the only time given)."""
    stamp = dt.datetime.combine(wire.latest_trading_day, _CLOSE, tzinfo=NEW_YORK)
    return Quote(
        symbol=wire.symbol,
        price=wire.price,
        timestamp=stamp.astimezone(dt.UTC),
        volume=wire.volume,
        source="alphavantage",
    )


def _stamp(key: str, tz: ZoneInfo) -> dt.datetime:
    if len(key) == 10:
        local = dt.datetime.combine(dt.date.fromisoformat(key), dt.time(0), tzinfo=tz)
    else:
        local = dt.datetime.fromisoformat(key).replace(tzinfo=tz)
    return local.astimezone(dt.UTC)


def to_bar(symbol: str, key: str, wire: WirePoint, tz: ZoneInfo = NEW_YORK) -> Bar:
    """One bar; adjusted when the series carries an adjusted close."""
    o, h, low, c = wire.open, wire.high, wire.low, wire.close
    if wire.adjusted_close is not None and c:
        factor = wire.adjusted_close / c
        exp = Decimal(1).scaleb(c.as_tuple().exponent)  # type: ignore[arg-type]
        o, h, low = ((x * factor).quantize(exp) for x in (o, h, low))
        c = wire.adjusted_close
        h, low = max(h, o, c), min(low, o, c)
    volume = wire.volume if wire.volume is not None else wire.adjusted_volume
    return Bar(
        symbol=symbol,
        timestamp=_stamp(key, tz),
        open=o,
        high=h,
        low=low,
        close=c,
        volume=volume if volume is not None else Decimal(0),
    )


def to_security(wire: WireMatch) -> Security:
    """A search match (currency ``XXX`` when Alpha Vantage names none we know)."""
    try:
        currency = validate_currency((wire.currency or "").upper())
    except ValidationError:
        currency = "XXX"
    return Security(
        id=wire.symbol,
        symbol=wire.symbol,
        name=wire.name,
        type=_TYPES.get(wire.type.lower(), SecurityType.OTHER),
        currency=currency,
    )
