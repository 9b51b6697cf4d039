"""Every market-data client has an asyncio twin that answers exactly like it (issue 15)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from fin_infra.providers import MalformedResponseError, RateLimitError
from fin_infra.providers.market_data import BarsQuery
from fin_infra.providers.market_data.alpaca import AlpacaMarketData, AsyncAlpacaMarketData
from fin_infra.providers.market_data.alphavantage import (
    AlphaVantageMarketData,
    AsyncAlphaVantageMarketData,
)
from fin_infra.providers.market_data.coingecko import (
    AsyncCoinGeckoMarketData,
    CoinGeckoMarketData,
)
from fin_infra.providers.market_data.polygon import AsyncPolygonMarketData, PolygonMarketData
from tests.fakes.alphavantage import AV_KEY, FakeAlphaVantage
from tests.fakes.coingecko import FakeCoinGecko
from tests.fakes.market import (
    ALPACA_KEY_ID,
    ALPACA_SECRET,
    POLYGON_KEY,
    FakeAlpacaData,
    FakePolygon,
)
from tests.fakes.wire import tampered

START, END = dt.date(2024, 6, 3), dt.date(2024, 6, 28)


def _twins(vendor: str, server: Any) -> tuple[Any, Any]:
    transport = httpx.MockTransport(server)
    if vendor == "alpaca":
        kw: dict[str, Any] = {"transport": transport, "rate_limit": None, "page_size": 7}
        return (
            AlpacaMarketData(ALPACA_KEY_ID, ALPACA_SECRET, **kw),
            AsyncAlpacaMarketData(ALPACA_KEY_ID, ALPACA_SECRET, **kw),
        )
    if vendor == "polygon":
        kw = {"transport": transport, "page_size": 7}
        return PolygonMarketData(POLYGON_KEY, **kw), AsyncPolygonMarketData(POLYGON_KEY, **kw)
    if vendor == "alphavantage":
        kw = {"transport": transport, "windows": (), "today": lambda: dt.date(2024, 6, 28)}
        return AlphaVantageMarketData(AV_KEY, **kw), AsyncAlphaVantageMarketData(AV_KEY, **kw)
    kw = {"transport": transport, "windows": ()}
    return CoinGeckoMarketData(**kw), AsyncCoinGeckoMarketData(**kw)


SERVERS: dict[str, Callable[[], Any]] = {
    "alpaca": FakeAlpacaData,
    "polygon": FakePolygon,
    "alphavantage": lambda: FakeAlphaVantage(per_minute=1000, per_day=1000),
    "coingecko": FakeCoinGecko,
}
SYMBOLS = {"alpaca": "AAPL", "polygon": "AAPL", "alphavantage": "IBM", "coingecko": "BTC"}


@pytest.mark.parametrize("vendor", sorted(SERVERS))
def test_async_twin_returns_what_the_sync_client_returns(vendor: str) -> None:
    sync, twin = _twins(vendor, SERVERS[vendor]())
    symbol = SYMBOLS[vendor]
    expected = (sync.quote(symbol), sync.bars(symbol, START, END))

    async def run() -> tuple[Any, Any, list[Any]]:
        async with twin:
            pages = [p async for p in twin.iter_bars(BarsQuery.of(symbol, START, END))]
            return await twin.quote(symbol), await twin.bars(symbol, START, END), pages

    quote, bars, pages = asyncio.run(run())
    assert (quote, bars) == expected
    assert [b for p in pages for b in p] == bars
    assert len(bars) > 0
    assert type(sync._core) is type(twin._core)  # one core, two drivers


@pytest.mark.parametrize("vendor", ["alpaca", "polygon", "alphavantage", "coingecko"])
def test_async_twin_searches_like_the_sync_client(vendor: str) -> None:
    sync, twin = _twins(vendor, SERVERS[vendor]())
    needle = "bit" if vendor == "coingecko" else "micro"
    expected = sync.search(needle, limit=3)
    assert asyncio.run(twin.search(needle, limit=3)) == expected


def test_async_twin_refuses_a_price_of_zero() -> None:
    def zero(request: httpx.Request, body: Any) -> Any:
        body["latestTrade"]["p"] = 0
        return body

    server = tampered(FakeAlpacaData(), zero, r"/snapshot")
    twin = AsyncAlpacaMarketData(ALPACA_KEY_ID, ALPACA_SECRET, transport=server, rate_limit=None)
    with pytest.raises(MalformedResponseError, match="not a price"):
        asyncio.run(twin.quote("AAPL"))


def test_async_alphavantage_classifies_200_errors_and_keeps_quotas() -> None:
    fake = FakeAlphaVantage(per_minute=1)
    twin = AsyncAlphaVantageMarketData(AV_KEY, transport=httpx.MockTransport(fake), windows=())

    async def run() -> None:
        await twin.quote("IBM")
        await twin.quote("IBM")

    with pytest.raises(RateLimitError):
        asyncio.run(run())


def test_async_alpaca_crypto() -> None:
    twin = AsyncAlpacaMarketData(
        ALPACA_KEY_ID, ALPACA_SECRET, transport=FakeAlpacaData().transport, rate_limit=None
    )

    async def run() -> tuple[Any, Any]:
        async with twin:
            return await twin.quote("BTC/USD"), await twin.bars("BTC/USD", START, END)

    quote, bars = asyncio.run(run())
    assert quote.symbol == "BTC/USD"
    assert len(bars) == 26
