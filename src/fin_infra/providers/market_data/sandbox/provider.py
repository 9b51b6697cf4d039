"""``SandboxMarketData``: deterministic, offline prices for demos and tests.

Each symbol of a small catalog gets a price path derived from a hash of ``(seed, symbol, day)``:
the same seed always gives the same quotes and bars, with no network and no clock dependency
beyond ``as_of``. Prices are exact cents computed with integers; stocks trade Monday to Friday
(09:30-16:00 New York, approximated as 14:30-21:00 UTC), crypto every day around the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Final, NamedTuple

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security, SecurityType
from fin_infra.providers.errors import InvalidRequestError
from fin_infra.providers.market_data._common import BarsMixin, check_limit, rank_matches
from fin_infra.providers.market_data.base import BarsQuery, Interval

__all__ = ["CATALOG", "SandboxMarketData"]


class _Listing(NamedTuple):
    name: str
    type: SecurityType
    base_cents: int


CATALOG: Final[dict[str, _Listing]] = {
    "AAPL": _Listing("Apple Inc.", SecurityType.EQUITY, 18_500),
    "MSFT": _Listing("Microsoft Corporation", SecurityType.EQUITY, 41_000),
    "GOOGL": _Listing("Alphabet Inc. Class A", SecurityType.EQUITY, 16_500),
    "AMZN": _Listing("Amazon.com, Inc.", SecurityType.EQUITY, 18_000),
    "NVDA": _Listing("NVIDIA Corporation", SecurityType.EQUITY, 12_000),
    "JPM": _Listing("JPMorgan Chase & Co.", SecurityType.EQUITY, 20_000),
    "SPY": _Listing("SPDR S&P 500 ETF Trust", SecurityType.ETF, 52_000),
    "VTI": _Listing("Vanguard Total Stock Market ETF", SecurityType.ETF, 26_000),
    "BND": _Listing("Vanguard Total Bond Market ETF", SecurityType.ETF, 7_200),
    "BTC-USD": _Listing("Bitcoin", SecurityType.CRYPTO, 6_500_000),
    "ETH-USD": _Listing("Ethereum", SecurityType.CRYPTO, 320_000),
}
"""Symbols the sandbox prices, with their names, kinds and price levels."""

_CENT: Final = Decimal("0.01")
_OPEN: Final = dt.time(14, 30)
_SESSION_MINUTES: Final = 390
_DAY: Final = dt.timedelta(days=1)


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


class SandboxMarketData(BarsMixin):
    """An offline :class:`MarketDataProvider` with deterministic prices.

    >>> md = SandboxMarketData(as_of=dt.datetime(2024, 6, 28, 22, tzinfo=dt.UTC))
    >>> md.quote("AAPL") == md.quote("aapl")
    True
    >>> len(md.bars("AAPL", dt.date(2024, 6, 24), dt.date(2024, 6, 30)))  # Mon-Fri
    5
    """

    name = "sandbox"

    def __init__(
        self, seed: int = 0, *, as_of: dt.datetime | None = None, page_size: int = 1000
    ) -> None:
        if as_of is not None and as_of.tzinfo is None:
            raise ValidationError("as_of must be timezone-aware")
        if page_size < 1:
            raise ValidationError("page_size must be at least 1")
        self.seed = seed
        self.as_of = as_of
        self.page_size = page_size

    def __repr__(self) -> str:
        return f"SandboxMarketData(seed={self.seed})"

    # --- prices -----------------------------------------------------------------------------

    def _listing(self, symbol: str) -> tuple[str, _Listing]:
        key = symbol.strip().upper()
        listing = CATALOG.get(key)
        if listing is None:
            raise InvalidRequestError(
                f"unknown symbol {key!r}; the sandbox prices {sorted(CATALOG)}",
                provider=self.name,
                status=404,
            )
        return key, listing

    def _close_cents(self, symbol: str, base: int, day: dt.date) -> int:
        """The day's close: a slow trend plus a bounded daily wobble, in cents."""
        n = day.toordinal() - dt.date(2000, 1, 1).toordinal()
        trend = base * ((n % 1461) - 730) // 7300  # +-10% over a four-year cycle
        amp = max(1, base // 40)
        wobble = _h(self.seed, symbol, day) % (2 * amp + 1) - amp
        return max(1, base + trend + wobble)

    def _path(self, symbol: str, base: int, day: dt.date, steps: int) -> list[int]:
        """``steps + 1`` prices from the previous close to this day's close, in cents."""
        start = self._close_cents(symbol, base, day - _DAY)
        end = self._close_cents(symbol, base, day)
        amp = max(1, base // 400)
        path = [start]
        for i in range(1, steps):
            line = start + (end - start) * i // steps
            path.append(max(1, line + _h(self.seed, symbol, day, i) % (2 * amp + 1) - amp))
        path.append(end)
        return path

    @staticmethod
    def _trades_on(listing: _Listing, day: dt.date) -> bool:
        return listing.type is SecurityType.CRYPTO or day.weekday() < 5

    def _bar(self, symbol: str, ts: dt.datetime, cents: list[int], volume: int) -> Bar:
        o, c = cents[0], cents[-1]
        hi, lo = max(cents), min(cents)
        return Bar(
            symbol=symbol,
            timestamp=ts,
            open=Decimal(o) * _CENT,
            high=Decimal(hi) * _CENT,
            low=Decimal(lo) * _CENT,
            close=Decimal(c) * _CENT,
            volume=Decimal(volume),
        )

    def _day_bars(
        self, symbol: str, listing: _Listing, day: dt.date, interval: Interval
    ) -> list[Bar]:
        crypto = listing.type is SecurityType.CRYPTO
        minutes = 1440 if crypto else _SESSION_MINUTES
        opening = dt.datetime.combine(day, dt.time(0) if crypto else _OPEN, tzinfo=dt.UTC)
        volume = 1_000_000 + _h(self.seed, symbol, day, "v") % 9_000_000
        if not interval.intraday:
            path = self._path(symbol, listing.base_cents, day, 8)
            midnight = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
            return [self._bar(symbol, midnight, path, volume)]
        step = interval.seconds // 60
        count = -(-minutes // step)
        path = self._path(symbol, listing.base_cents, day, count)
        return [
            self._bar(
                symbol,
                opening + dt.timedelta(minutes=i * step),
                path[i : i + 2],
                volume // count,
            )
            for i in range(count)
        ]

    def _all_bars(self, query: BarsQuery) -> Iterator[Bar]:
        symbol, listing = self._listing(query.symbol)
        grouped = query.interval in (Interval.WEEK, Interval.MONTH)
        inner = Interval.DAY if grouped else query.interval
        day, last = query.start.date(), query.end.date()
        if self.as_of is not None:
            last = min(last, self.as_of.date())
        group: list[Bar] = []
        while day <= last:
            if self._trades_on(listing, day):
                for bar in self._day_bars(symbol, listing, day, inner):
                    if not query.contains(bar):
                        continue
                    if not grouped:
                        yield bar
                        continue
                    if group and _period(group[0].date, query.interval) != _period(
                        bar.date, query.interval
                    ):
                        yield _merge(group)
                        group = []
                    group.append(bar)
            day += _DAY
        if group:
            yield _merge(group)

    # --- MarketDataProvider -------------------------------------------------------------------

    def quote(self, symbol: str) -> Quote:
        """The close of the last trading day up to ``as_of`` (or today), bid/ask a cent apart."""
        key, listing = self._listing(symbol)
        now = self.as_of or dt.datetime.now(dt.UTC)
        day = now.date()
        while not self._trades_on(listing, day):
            day -= _DAY
        cents = self._close_cents(key, listing.base_cents, day)
        price = Decimal(cents) * _CENT
        return Quote(
            symbol=key,
            price=price,
            timestamp=min(now, dt.datetime.combine(day, dt.time(21), tzinfo=dt.UTC)),
            bid=price - _CENT,
            ask=price + _CENT,
            volume=Decimal(1_000_000 + _h(self.seed, key, day, "v") % 9_000_000),
            source=self.name,
        )

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:
        """Bars for ``query`` in pages of ``page_size``."""
        self._listing(query.symbol)
        page: list[Bar] = []
        for bar in self._all_bars(query):
            page.append(bar)
            if len(page) == self.page_size:
                yield page
                page = []
        if page:
            yield page

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Catalog entries whose symbol or name matches ``query``."""
        check_limit(limit)
        found = (
            Security(id=f"sandbox:{symbol}", symbol=symbol, name=listing.name, type=listing.type)
            for symbol, listing in CATALOG.items()
        )
        return rank_matches(query, found, limit)


def _period(day: dt.date, interval: Interval) -> tuple[int, int]:
    if interval is Interval.WEEK:
        iso = day.isocalendar()
        return iso.year, iso.week
    return day.year, day.month


def _merge(bars: list[Bar]) -> Bar:
    """One bar spanning ``bars`` (stamped with the first one's start)."""
    first = bars[0]
    return Bar(
        symbol=first.symbol,
        timestamp=first.timestamp,
        open=first.open,
        high=max(b.high for b in bars),
        low=min(b.low for b in bars),
        close=bars[-1].close,
        volume=sum((b.volume for b in bars), Decimal(0)),
    )
