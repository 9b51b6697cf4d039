"""The provider-neutral market-data interface: latest quote, historical bars, symbol search.

Callers program against :class:`MarketDataProvider`; every vendor (Alpaca, Polygon, Alpha
Vantage, CoinGecko, the offline sandbox) implements it and converts into
:class:`~fin_infra.models.Quote`, :class:`~fin_infra.models.Bar` and
:class:`~fin_infra.models.Security`. Long histories arrive page by page through
:meth:`MarketDataProvider.iter_bars` so a caller can show progress with bounded memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security

__all__ = ["BarsQuery", "Interval", "MarketDataProvider", "collect_bars"]


class Interval(StrEnum):
    """The width of one bar."""

    MINUTE = "1min"
    FIVE_MINUTES = "5min"
    FIFTEEN_MINUTES = "15min"
    HOUR = "1hour"
    DAY = "1day"
    WEEK = "1week"
    MONTH = "1month"

    @property
    def seconds(self) -> int:
        """Nominal length in seconds (a month counts 31 days)."""
        return _SECONDS[self]

    @property
    def intraday(self) -> bool:
        """True for intervals shorter than a day."""
        return self.seconds < 86_400


_SECONDS = {
    Interval.MINUTE: 60,
    Interval.FIVE_MINUTES: 300,
    Interval.FIFTEEN_MINUTES: 900,
    Interval.HOUR: 3600,
    Interval.DAY: 86_400,
    Interval.WEEK: 7 * 86_400,
    Interval.MONTH: 31 * 86_400,
}


def _as_utc(value: dt.date | dt.datetime, *, end: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValidationError("datetimes must be timezone-aware (e.g. tzinfo=datetime.UTC)")
        return value.astimezone(dt.UTC)
    start = dt.datetime.combine(value, dt.time(0), tzinfo=dt.UTC)
    return start + dt.timedelta(days=1) - dt.timedelta(microseconds=1) if end else start


@dataclass(frozen=True, slots=True)
class BarsQuery:
    """A normalized request for bars: ``[start, end]`` in UTC, both ends inclusive.

    A ``date`` start means that day's first instant, a ``date`` end that day's last one; a
    missing ``end`` means now.

    >>> q = BarsQuery.of("aapl", dt.date(2024, 1, 2), dt.date(2024, 1, 3))
    >>> q.symbol, q.start.isoformat(), q.end.date().isoformat(), q.interval.value
    ('AAPL', '2024-01-02T00:00:00+00:00', '2024-01-03', '1day')
    """

    symbol: str
    start: dt.datetime
    end: dt.datetime
    interval: Interval = Interval.DAY
    adjusted: bool = True

    @classmethod
    def of(
        cls,
        symbol: str,
        start: dt.date | dt.datetime,
        end: dt.date | dt.datetime | None = None,
        *,
        interval: Interval | str = Interval.DAY,
        adjusted: bool = True,
        now: dt.datetime | None = None,
    ) -> BarsQuery:
        """Validate and normalize the arguments every ``bars()`` call takes."""
        symbol = symbol.strip().upper()
        if not symbol:
            raise ValidationError("symbol must not be empty")
        try:
            interval = Interval(interval)
        except ValueError:
            choices = ", ".join(i.value for i in Interval)
            raise ValidationError(f"unknown interval {interval!r}; choose from {choices}") from None
        lo = _as_utc(start, end=False)
        hi = _as_utc(end, end=True) if end is not None else (now or dt.datetime.now(dt.UTC))
        if hi < lo:
            raise ValidationError(f"end {hi.isoformat()} is before start {lo.isoformat()}")
        return cls(symbol, lo, hi, interval, adjusted)

    def contains(self, bar: Bar) -> bool:
        """True when ``bar`` starts inside the query's range."""
        return self.start <= bar.timestamp <= self.end


def collect_bars(pages: Iterable[list[Bar]]) -> list[Bar]:
    """Concatenate pages of bars in order, dropping a repeated timestamp at a page seam."""
    out: list[Bar] = []
    for page in pages:
        for bar in page:
            if out and bar.timestamp <= out[-1].timestamp:
                continue
            out.append(bar)
    return out


@runtime_checkable
class MarketDataProvider(Protocol):
    """What every market-data vendor offers, in provider-neutral types (blocking calls)."""

    name: str

    def quote(self, symbol: str) -> Quote:
        """The latest price of ``symbol`` (bid/ask when the vendor gives them)."""
        ...

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:
        """Bars for ``query`` page by page, oldest first, following the vendor's pagination."""
        ...

    def bars(
        self,
        symbol: str,
        start: dt.date | dt.datetime,
        end: dt.date | dt.datetime | None = None,
        *,
        interval: Interval | str = Interval.DAY,
        adjusted: bool = True,
    ) -> list[Bar]:
        """Every bar of ``symbol`` between ``start`` and ``end`` (inclusive), oldest first."""
        ...

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Securities whose symbol or name matches ``query``, best matches first."""
        ...
