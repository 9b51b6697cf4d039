"""What every blocking market-data client shares: driving its core, ``bars()``, lifetime.

A vendor writes an I/O-free core (:class:`VendorCore`: ``quote``, ``bar_pages`` and ``search``
operations); :class:`SyncClientBase` drives it with the blocking HTTP client, adds ``bars()``
on top of ``iter_bars`` and closes the connection pool.

Every quote and bar a vendor returns passes :func:`check_quote` / :func:`check_bars`: a price of
zero or below is never handed out as a price (it is a :class:`MalformedResponseError`), and a
bid or ask of zero (no quote on that side) becomes ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers._drive import Op, Stream, iter_async, iter_sync, run_async, run_sync
from fin_infra.providers._http import AsyncHttpClient, HttpClient
from fin_infra.providers._resource import AsyncResource, SyncResource
from fin_infra.providers.errors import MalformedResponseError
from fin_infra.providers.market_data.base import BarsQuery, Interval, collect_bars

__all__ = [
    "AsyncClientBase",
    "AsyncSearchingClientBase",
    "BarsMixin",
    "PricesCore",
    "SearchingClientBase",
    "SyncClientBase",
    "VendorCore",
    "check_bars",
    "check_limit",
    "check_quote",
    "rank_matches",
]


def check_limit(limit: int) -> int:
    """``limit`` for a search, or ValidationError when it is not positive."""
    if limit < 1:
        raise ValidationError("limit must be at least 1")
    return limit


def check_quote(quote: Quote, provider: str) -> Quote:
    """``quote`` when its price is positive (non-positive bid/ask dropped); else malformed."""
    if quote.price <= 0:
        raise MalformedResponseError(
            f"{quote.symbol}: price {quote.price} is not a price (must be above zero)",
            provider=provider,
        )
    drop = {
        side: None
        for side in ("bid", "ask")
        if getattr(quote, side) is not None and getattr(quote, side) <= 0
    }
    return quote.model_copy(update=drop) if drop else quote


def check_bars(page: list[Bar], provider: str) -> list[Bar]:
    """``page`` when every bar's prices are positive; else :class:`MalformedResponseError`."""
    for bar in page:
        if min(bar.open, bar.high, bar.low, bar.close) <= 0:
            raise MalformedResponseError(
                f"{bar.symbol} bar at {bar.timestamp.isoformat()} has a price of zero or below",
                provider=provider,
            )
    return page


class BarsMixin:
    """``bars()`` as every page of ``iter_bars()`` joined."""

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:  # pragma: no cover - abstract
        raise NotImplementedError

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
        query = BarsQuery.of(symbol, start, end, interval=interval, adjusted=adjusted)
        return self._collect(query)

    def _collect(self, query: BarsQuery) -> list[Bar]:
        return collect_bars(self.iter_bars(query))


class PricesCore(Protocol):
    """A vendor's I/O-free price operations (see :mod:`fin_infra.providers._drive`)."""

    def quote(self, symbol: str) -> Op[Quote]: ...

    def bar_pages(self, query: BarsQuery) -> Stream[list[Bar]]: ...


class VendorCore(PricesCore, Protocol):
    """A vendor core that can also search on the same host."""

    def search(self, query: str, limit: int) -> Op[list[Security]]: ...


C = TypeVar("C", bound=PricesCore)
V = TypeVar("V", bound=VendorCore)


class SyncClientBase(BarsMixin, SyncResource, Generic[C]):
    """Quotes and bars of a blocking ``MarketDataProvider``: its core driven over ``_http``."""

    name: str
    _core: C
    _http: HttpClient

    def quote(self, symbol: str) -> Quote:
        """The latest price of ``symbol``."""
        return check_quote(run_sync(self._http, self._core.quote(symbol)), self.name)

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:
        """Bars for ``query`` page by page, following the vendor's pagination."""
        pages = iter_sync(self._http, self._core.bar_pages(query))
        return (check_bars(page, self.name) for page in pages)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


class SearchingClientBase(SyncClientBase[V]):
    """:class:`SyncClientBase` plus ``search()`` through the same core and host."""

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Securities matching ``query``, best first."""
        return run_sync(self._http, self._core.search(query, check_limit(limit)))


class AsyncClientBase(AsyncResource, Generic[C]):
    """The asyncio twin of :class:`SyncClientBase`: the same core, driven with ``await``."""

    name: str
    _core: C
    _http: AsyncHttpClient

    async def quote(self, symbol: str) -> Quote:
        """The latest price of ``symbol``."""
        return check_quote(await run_async(self._http, self._core.quote(symbol)), self.name)

    async def iter_bars(self, query: BarsQuery) -> AsyncIterator[list[Bar]]:
        """Bars for ``query`` page by page, following the vendor's pagination."""
        pages = iter_async(self._http, self._core.bar_pages(query))
        try:
            async for page in pages:
                yield check_bars(page, self.name)
        finally:
            await pages.aclose()

    async def bars(
        self,
        symbol: str,
        start: dt.date | dt.datetime,
        end: dt.date | dt.datetime | None = None,
        *,
        interval: Interval | str = Interval.DAY,
        adjusted: bool = True,
    ) -> list[Bar]:
        """Every bar of ``symbol`` between ``start`` and ``end`` (inclusive), oldest first."""
        query = BarsQuery.of(symbol, start, end, interval=interval, adjusted=adjusted)
        return collect_bars([page async for page in self.iter_bars(query)])

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()


class AsyncSearchingClientBase(AsyncClientBase[V]):
    """:class:`AsyncClientBase` plus ``search()`` through the same core and host."""

    async def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Securities matching ``query``, best first."""
        return await run_async(self._http, self._core.search(query, check_limit(limit)))


def rank_matches(query: str, found: Iterable[Security], limit: int) -> list[Security]:
    """``found`` filtered to those matching ``query``: exact symbol, symbol prefix, then name.

    >>> from fin_infra.models import Security
    >>> s = [Security(id="1", symbol="AAPB"), Security(id="2", symbol="AAPL", name="Apple")]
    >>> [m.symbol for m in rank_matches("aapl", s, 5)]
    ['AAPL']
    >>> [m.symbol for m in rank_matches("app", s, 5)]
    ['AAPL']
    """
    needle = query.strip().lower()
    scored: list[tuple[int, int, Security]] = []
    for i, sec in enumerate(found):
        symbol, name = (sec.symbol or "").lower(), (sec.name or "").lower()
        if symbol == needle:
            rank = 0
        elif symbol.startswith(needle):
            rank = 1
        elif needle in name:
            rank = 2
        else:
            continue
        scored.append((rank, i, sec))
    scored.sort(key=lambda item: item[:2])
    return [sec for _, _, sec in scored[:limit]]
