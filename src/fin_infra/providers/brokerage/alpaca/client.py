"""``AlpacaClient`` and ``AsyncAlpacaClient``: Alpaca trading through fin-infra's HTTP seam.

Both are thin: every request, parse and the exactly-once order logic live in
:class:`~._core.AlpacaTradingCore`; these classes only pick the sync or async driver. Paper
trading is the default; the live host needs ``paper=False`` *and* ``allow_live=True``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import random
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Sequence
from typing import Final

import httpx

from fin_infra.errors import ValidationError
from fin_infra.providers._drive import iter_async, iter_sync, run_async, run_sync
from fin_infra.providers._http import DEFAULT_TIMEOUT, AsyncHttpClient, HttpClient
from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers._resource import AsyncResource, SyncResource
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.brokerage.alpaca._core import AlpacaTradingCore, Number
from fin_infra.providers.brokerage.alpaca._profile import ALPACA_RATE_LIMIT, alpaca_profile
from fin_infra.providers.brokerage.base import (
    Asset,
    BrokerageAccount,
    CalendarDay,
    MarketClock,
    Order,
    OrderSide,
    OrderType,
    PortfolioHistory,
    Position,
    TimeInForce,
)

__all__ = ["LIVE_URL", "PAPER_URL", "AlpacaClient", "AsyncAlpacaClient"]

PAPER_URL: Final = "https://paper-api.alpaca.markets"
LIVE_URL: Final = "https://api.alpaca.markets"


def _page_for(limit: int) -> int:
    """The page size for the newest ``limit`` orders (ValidationError when not positive)."""
    if limit < 1:
        raise ValidationError("limit must be at least 1")
    return min(limit, 500)


def _host(paper: bool, allow_live: bool, base_url: str | None) -> str:
    if not paper and not allow_live:
        raise ValidationError(
            "live trading moves real money: pass paper=False together with allow_live=True"
        )
    return base_url or (PAPER_URL if paper else LIVE_URL)


class _Shared:
    """What the sync and async clients share: the core, the paper flag, the repr."""

    name = "alpaca"
    _core: AlpacaTradingCore
    paper: bool

    def __repr__(self) -> str:
        return f"{type(self).__name__}(paper={self.paper!r})"


class AlpacaClient(_Shared, SyncResource):
    """Blocking Alpaca trading client; implements :class:`~..base.BrokerageProvider`::

    client = AlpacaClient(key_id, secret_key)  # paper trading
    order = client.submit_order("AAPL", "buy", "1", type="limit", limit_price="150")
    """

    def __init__(
        self,
        key_id: str,
        secret_key: str,
        *,
        paper: bool = True,
        allow_live: bool = False,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = ALPACA_RATE_LIMIT,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        new_id: Callable[[], str] | None = None,
    ) -> None:
        self.paper = paper
        profile = alpaca_profile(key_id, secret_key, _host(paper, allow_live, base_url), rate_limit)
        self._core = AlpacaTradingCore(new_id) if new_id else AlpacaTradingCore()
        self._http = HttpClient(
            profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
        )

    def account(self) -> BrokerageAccount:
        """Cash, buying power and equity."""
        return run_sync(self._http, self._core.account())

    def positions(self) -> list[Position]:
        """Every open position."""
        return run_sync(self._http, self._core.positions())

    def portfolio_history(
        self,
        *,
        period: str | None = None,
        timeframe: str | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> PortfolioHistory:
        """Equity over time (``period`` like ``"1M"``, ``timeframe`` like ``"1D"``)."""
        op = self._core.portfolio_history(period=period, timeframe=timeframe, start=start, end=end)
        return run_sync(self._http, op)

    def clock(self) -> MarketClock:
        """Whether the market is open, and its next open and close."""
        return run_sync(self._http, self._core.clock())

    def calendar(self, start: dt.date, end: dt.date) -> list[CalendarDay]:
        """Trading days between ``start`` and ``end``."""
        return run_sync(self._http, self._core.calendar(start, end))

    def assets(self, status: str = "active", asset_class: str = "us_equity") -> list[Asset]:
        """Every asset of ``asset_class`` with ``status``."""
        return run_sync(self._http, self._core.assets(status, asset_class))

    def asset(self, symbol: str) -> Asset:
        """One asset by symbol."""
        return run_sync(self._http, self._core.asset(symbol))

    def submit_order(
        self,
        symbol: str,
        side: OrderSide | str,
        qty: Number | None = None,
        *,
        notional: Number | None = None,
        type: OrderType | str = OrderType.MARKET,
        time_in_force: TimeInForce | str = TimeInForce.DAY,
        limit_price: Number | None = None,
        stop_price: Number | None = None,
        client_order_id: str | None = None,
        extended_hours: bool = False,
        trail_price: Number | None = None,
        trail_percent: Number | None = None,
    ) -> Order:
        """Place an order exactly once; see :class:`~._core.AlpacaTradingCore`."""
        body = self._core.order_body(
            symbol,
            side,
            qty,
            notional=notional,
            type=type,
            time_in_force=time_in_force,
            limit_price=limit_price,
            stop_price=stop_price,
            client_order_id=client_order_id,
            extended_hours=extended_hours,
            trail_price=trail_price,
            trail_percent=trail_percent,
        )
        return run_sync(self._http, self._core.submit_order(body))

    def replace_order(
        self,
        order_id: str,
        *,
        qty: Number | None = None,
        limit_price: Number | None = None,
        stop_price: Number | None = None,
        time_in_force: TimeInForce | str | None = None,
        client_order_id: str | None = None,
    ) -> Order:
        """Replace an open order; returns the new order (the old one becomes ``replaced``)."""
        op = self._core.replace_order(
            order_id,
            qty=qty,
            limit_price=limit_price,
            stop_price=stop_price,
            time_in_force=time_in_force,
            client_order_id=client_order_id,
        )
        return run_sync(self._http, op)

    def get_order(self, order_id: str) -> Order:
        """One order by Alpaca's id."""
        return run_sync(self._http, self._core.get_order(order_id))

    def get_order_by_client_id(self, client_order_id: str) -> Order:
        """One order by its ``client_order_id``."""
        return run_sync(self._http, self._core.get_order_by_client_id(client_order_id))

    def list_orders(
        self, status: str = "open", *, limit: int = 100, symbols: Sequence[str] = ()
    ) -> list[Order]:
        """The newest ``limit`` orders with ``status`` (open, closed, all), paging as needed."""
        orders = self.iter_orders(status, symbols=symbols, page_size=_page_for(limit))
        try:
            return list(itertools.islice(orders, limit))
        finally:
            orders.close()

    def iter_orders(
        self,
        status: str = "open",
        *,
        symbols: Sequence[str] = (),
        after: dt.datetime | None = None,
        until: dt.datetime | None = None,
        page_size: int = 500,
    ) -> Generator[Order, None, None]:
        """Every matching order, newest first, fetched one page at a time (memory stays flat)."""
        stream = self._core.order_pages(
            status, symbols=symbols, after=after, until=until, page_size=page_size
        )
        for page in iter_sync(self._http, stream):
            yield from page

    def cancel_order(self, order_id: str) -> None:
        """Cancel an open order (already cancelled counts as done)."""
        run_sync(self._http, self._core.cancel_order(order_id))

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


class AsyncAlpacaClient(_Shared, AsyncResource):
    """The asyncio twin of :class:`AlpacaClient` (same core and arguments, awaitable calls)."""

    def __init__(
        self,
        key_id: str,
        secret_key: str,
        *,
        paper: bool = True,
        allow_live: bool = False,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = ALPACA_RATE_LIMIT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        new_id: Callable[[], str] | None = None,
    ) -> None:
        self.paper = paper
        profile = alpaca_profile(key_id, secret_key, _host(paper, allow_live, base_url), rate_limit)
        self._core = AlpacaTradingCore(new_id) if new_id else AlpacaTradingCore()
        self._http = AsyncHttpClient(
            profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
        )

    async def account(self) -> BrokerageAccount:
        """Cash, buying power and equity."""
        return await run_async(self._http, self._core.account())

    async def positions(self) -> list[Position]:
        """Every open position."""
        return await run_async(self._http, self._core.positions())

    async def portfolio_history(
        self,
        *,
        period: str | None = None,
        timeframe: str | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> PortfolioHistory:
        """Equity over time (``period`` like ``"1M"``, ``timeframe`` like ``"1D"``)."""
        op = self._core.portfolio_history(period=period, timeframe=timeframe, start=start, end=end)
        return await run_async(self._http, op)

    async def clock(self) -> MarketClock:
        """Whether the market is open, and its next open and close."""
        return await run_async(self._http, self._core.clock())

    async def calendar(self, start: dt.date, end: dt.date) -> list[CalendarDay]:
        """Trading days between ``start`` and ``end``."""
        return await run_async(self._http, self._core.calendar(start, end))

    async def assets(self, status: str = "active", asset_class: str = "us_equity") -> list[Asset]:
        """Every asset of ``asset_class`` with ``status``."""
        return await run_async(self._http, self._core.assets(status, asset_class))

    async def asset(self, symbol: str) -> Asset:
        """One asset by symbol."""
        return await run_async(self._http, self._core.asset(symbol))

    async def submit_order(
        self,
        symbol: str,
        side: OrderSide | str,
        qty: Number | None = None,
        *,
        notional: Number | None = None,
        type: OrderType | str = OrderType.MARKET,
        time_in_force: TimeInForce | str = TimeInForce.DAY,
        limit_price: Number | None = None,
        stop_price: Number | None = None,
        client_order_id: str | None = None,
        extended_hours: bool = False,
        trail_price: Number | None = None,
        trail_percent: Number | None = None,
    ) -> Order:
        """Place an order exactly once; see :class:`~._core.AlpacaTradingCore`."""
        body = self._core.order_body(
            symbol,
            side,
            qty,
            notional=notional,
            type=type,
            time_in_force=time_in_force,
            limit_price=limit_price,
            stop_price=stop_price,
            client_order_id=client_order_id,
            extended_hours=extended_hours,
            trail_price=trail_price,
            trail_percent=trail_percent,
        )
        return await run_async(self._http, self._core.submit_order(body))

    async def replace_order(
        self,
        order_id: str,
        *,
        qty: Number | None = None,
        limit_price: Number | None = None,
        stop_price: Number | None = None,
        time_in_force: TimeInForce | str | None = None,
        client_order_id: str | None = None,
    ) -> Order:
        """Replace an open order; returns the new order (the old one becomes ``replaced``)."""
        op = self._core.replace_order(
            order_id,
            qty=qty,
            limit_price=limit_price,
            stop_price=stop_price,
            time_in_force=time_in_force,
            client_order_id=client_order_id,
        )
        return await run_async(self._http, op)

    async def get_order(self, order_id: str) -> Order:
        """One order by Alpaca's id."""
        return await run_async(self._http, self._core.get_order(order_id))

    async def get_order_by_client_id(self, client_order_id: str) -> Order:
        """One order by its ``client_order_id``."""
        return await run_async(self._http, self._core.get_order_by_client_id(client_order_id))

    async def list_orders(
        self, status: str = "open", *, limit: int = 100, symbols: Sequence[str] = ()
    ) -> list[Order]:
        """The newest ``limit`` orders with ``status`` (open, closed, all), paging as needed."""
        orders = self.iter_orders(status, symbols=symbols, page_size=_page_for(limit))
        found: list[Order] = []
        try:
            async for order in orders:
                found.append(order)
                if len(found) >= limit:
                    break
        finally:
            await orders.aclose()
        return found

    async def iter_orders(
        self,
        status: str = "open",
        *,
        symbols: Sequence[str] = (),
        after: dt.datetime | None = None,
        until: dt.datetime | None = None,
        page_size: int = 500,
    ) -> AsyncGenerator[Order, None]:
        """Every matching order, newest first, fetched one page at a time (memory stays flat)."""
        stream = self._core.order_pages(
            status, symbols=symbols, after=after, until=until, page_size=page_size
        )
        async for page in iter_async(self._http, stream):
            for order in page:
                yield order

    async def cancel_order(self, order_id: str) -> None:
        """Cancel an open order (already cancelled counts as done)."""
        await run_async(self._http, self._core.cancel_order(order_id))

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()
