"""CoinGecko samples -> OHLC :class:`~fin_infra.models.Bar` and coins -> :class:`Security`.

CoinGecko's public range endpoint returns price *samples* (hourly for ranges up to 90 days),
not bars; a bar is built from the samples inside its interval: first, highest, lowest, last.
The samples carry no per-interval traded volume (only a rolling 24-hour figure), so bars carry
volume 0 rather than a number that would mean something else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from fin_infra.models import Bar, Security, SecurityType
from fin_infra.providers.market_data.base import Interval
from fin_infra.providers.market_data.coingecko._wire import WireCoin

__all__ = ["bucket_start", "join", "to_bars", "to_security"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def bucket_start(ts: dt.datetime, interval: Interval) -> dt.datetime:
    """The start of the ``interval`` containing ``ts`` (weeks start Monday, months the 1st).

    >>> bucket_start(dt.datetime(2024, 6, 27, 13, 45, tzinfo=dt.UTC), Interval.WEEK).isoformat()
    '2024-06-24T00:00:00+00:00'
    """
    if interval is Interval.MONTH:
        return ts.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    day = ts.replace(hour=0, minute=0, second=0, microsecond=0)
    if interval is Interval.WEEK:
        return day - dt.timedelta(days=ts.weekday())
    step = interval.seconds
    seconds = int((ts - _EPOCH).total_seconds()) // step * step
    return _EPOCH + dt.timedelta(seconds=seconds)


def to_bars(
    symbol: str, samples: Iterable[tuple[Decimal, Decimal]], interval: Interval, currency: str
) -> list[Bar]:
    """Bars of ``interval`` from ``[unix_ms, price]`` samples (in time order)."""
    bars: list[Bar] = []
    current: dt.datetime | None = None
    prices: list[Decimal] = []

    def flush() -> None:
        if current is not None and prices:
            bars.append(
                Bar(
                    symbol=symbol,
                    timestamp=current,
                    open=prices[0],
                    high=max(prices),
                    low=min(prices),
                    close=prices[-1],
                    volume=Decimal(0),
                    currency=currency,
                )
            )

    for ms, price in samples:
        start = bucket_start(_EPOCH + dt.timedelta(milliseconds=int(ms)), interval)
        if start != current:
            flush()
            current, prices = start, []
        prices.append(price)
    flush()
    return bars


def join(earlier: Bar, later: Bar) -> Bar:
    """One bar from two parts of the same interval (split across two pages of samples)."""
    return earlier.model_copy(
        update={
            "high": max(earlier.high, later.high),
            "low": min(earlier.low, later.low),
            "close": later.close,
        }
    )


def to_security(wire: WireCoin) -> Security:
    """A coin as a crypto security (its CoinGecko id is the security id)."""
    return Security(
        id=wire.id, symbol=wire.symbol.upper(), name=wire.name, type=SecurityType.CRYPTO
    )
