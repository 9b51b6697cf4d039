"""Fallback across real vendor clients on their fakes; TTL cache in memory and in Redis."""

from __future__ import annotations

import datetime as dt
import pickle
import uuid
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers import InvalidRequestError, RateLimitError
from fin_infra.providers.market_data import (
    AllProvidersFailedError,
    BarsQuery,
    CachedMarketData,
    FallbackMarketData,
    MarketDataProvider,
    MemoryCache,
    RedisCache,
    available_market_data,
    easy_market_data,
    register_market_data,
)
from fin_infra.providers.market_data.alpaca import AlpacaMarketData
from fin_infra.providers.market_data.coingecko import CoinGeckoMarketData
from fin_infra.providers.market_data.polygon import PolygonMarketData
from fin_infra.providers.market_data.sandbox import SandboxMarketData
from tests.fakes.coingecko import FakeCoinGecko
from tests.fakes.market import FakeAlpacaData

AS_OF = dt.datetime(2024, 6, 28, 22, tzinfo=dt.UTC)


class Counting:
    """A provider wrapper counting calls (to see what the cache saves)."""

    def __init__(self, inner: MarketDataProvider) -> None:
        self.inner, self.name, self.calls = inner, inner.name, 0

    def quote(self, symbol: str) -> Quote:
        self.calls += 1
        return self.inner.quote(symbol)

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:
        self.calls += 1
        return self.inner.iter_bars(query)

    def bars(self, *args: object, **kwargs: object) -> list[Bar]:  # pragma: no cover - unused
        raise NotImplementedError

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        self.calls += 1
        return self.inner.search(query, limit=limit)


def test_quote_falls_back_when_the_first_vendor_is_rate_limited(
    alpaca: AlpacaMarketData,
    alpaca_fake: FakeAlpacaData,
    polygon: PolygonMarketData,
) -> None:
    alpaca_fake.fail_next("snapshot", times=3, status=429)
    md = FallbackMarketData([alpaca, polygon])
    quote = md.quote("AAPL")
    assert quote.source == "polygon"
    assert md.quote("AAPL").source == "alpaca"  # the outage is over
    assert md.name == "fallback(alpaca,polygon)"


def test_crypto_falls_through_to_coingecko(polygon: PolygonMarketData) -> None:
    gecko = CoinGeckoMarketData(windows=(), transport=FakeCoinGecko().transport)
    md = FallbackMarketData([polygon, gecko])
    assert md.quote("BTC-USD").source == "coingecko"  # Polygon: 404 for this ticker
    assert [s.symbol for s in md.search("ethereum")] == ["ETH"]  # Polygon finds nothing


def test_all_failing_carries_every_error(polygon: PolygonMarketData) -> None:
    md = FallbackMarketData([polygon, SandboxMarketData(as_of=AS_OF)])
    with pytest.raises(AllProvidersFailedError) as info:
        md.quote("NOPE")
    assert [type(e) for e in info.value.errors] == [InvalidRequestError, InvalidRequestError]
    assert "polygon" in str(info.value)
    assert "sandbox" in str(info.value)
    again = pickle.loads(pickle.dumps(info.value))
    assert [e.status for e in again.errors] == [404, 404]


def test_bars_restart_whole_range_on_next_vendor(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData, polygon: PolygonMarketData
) -> None:
    # Alpaca dies on its third page: the range is fetched again, whole, from Polygon.
    pages_served: list[httpx.Request] = []

    def die_on_third(request: httpx.Request) -> httpx.Response:
        pages_served.append(request)
        if len(pages_served) >= 3:
            return httpx.Response(503, json={"code": 50300000, "message": "down"})
        return alpaca_fake(request)

    flaky = AlpacaMarketData(
        "PKFAKEKEYID0000000001",
        "fake-alpaca-secret-0f7c2d9e4b1a",
        transport=httpx.MockTransport(die_on_third),
        retry=None,
        rate_limit=None,
        sleep=lambda _: None,
        page_size=50,
    )
    md = FallbackMarketData([flaky, polygon])
    bars = md.bars("AAPL", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    direct = polygon.bars("AAPL", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert bars == direct


def test_iter_bars_falls_back_before_the_first_page_only(polygon: PolygonMarketData) -> None:
    gecko = CoinGeckoMarketData(windows=(), transport=FakeCoinGecko().transport)
    md = FallbackMarketData([gecko, polygon])
    query = BarsQuery.of(
        "AAPL",
        dt.datetime(2024, 6, 3, 14, tzinfo=dt.UTC),
        dt.datetime(2024, 6, 3, 15, 59, tzinfo=dt.UTC),
        interval="1min",
    )
    pages = list(md.iter_bars(query))  # CoinGecko cannot do minutes: Polygon serves it
    assert sum(len(p) for p in pages) == 120


def test_memory_cache_serves_repeats_exactly() -> None:
    now = [0.0]
    inner = Counting(SandboxMarketData(as_of=AS_OF))
    md = CachedMarketData(inner, MemoryCache(clock=lambda: now[0]), quote_ttl=15)
    first = md.quote("AAPL")
    assert md.quote("aapl") == first
    assert inner.calls == 1
    now[0] = 15.0
    md.quote("AAPL")
    assert inner.calls == 2
    bars = md.bars("MSFT", dt.date(2024, 1, 1), dt.date(2024, 3, 1))
    assert md.bars("MSFT", dt.date(2024, 1, 1), dt.date(2024, 3, 1)) == bars
    assert isinstance(bars[0].close, Decimal)
    assert inner.calls == 3
    md.bars("MSFT", dt.date(2024, 1, 1), dt.date(2024, 3, 1), adjusted=False)
    assert inner.calls == 4  # another query, another key
    assert md.search("vanguard") == md.search("Vanguard ")
    assert inner.calls == 5


def test_memory_cache_is_bounded() -> None:
    cache = MemoryCache(max_entries=2)
    for key in "abc":
        cache.set(key, key.encode(), ttl=60)
    assert (cache.get("a"), cache.get("c"), len(cache)) == (None, b"c", 2)
    with pytest.raises(ValidationError):
        MemoryCache(max_entries=0)


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis at 127.0.0.1:6379 is unreachable: {exc}")
    prefix = f"fin-infra-test:{uuid.uuid4().hex}:"
    yield RedisCache(client=client, prefix=prefix)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.mark.redis
def test_redis_cache_round_trip_and_expiry(redis_cache: RedisCache) -> None:
    inner = Counting(SandboxMarketData(as_of=AS_OF))
    md = CachedMarketData(inner, redis_cache)
    quote = md.quote("SPY")
    other_process = CachedMarketData(Counting(SandboxMarketData(as_of=AS_OF)), redis_cache)
    assert other_process.quote("SPY") == quote  # shared through Redis
    assert inner.calls == 1
    bars = md.bars("SPY", dt.date(2024, 6, 1), dt.date(2024, 6, 28))
    assert other_process.bars("SPY", dt.date(2024, 6, 1), dt.date(2024, 6, 28)) == bars
    ttl_ms = redis_cache.client.pttl(redis_cache.prefix + "quote:sandbox:SPY")
    assert 0 < ttl_ms <= 15_000  # Redis expires it after the quote TTL


def test_registry_builds_vendors_lazily_and_composes() -> None:
    assert available_market_data() == ["alpaca", "alphavantage", "coingecko", "polygon", "sandbox"]
    md = easy_market_data(
        ["sandbox", "coingecko"],
        options={
            "sandbox": {"as_of": AS_OF},
            "coingecko": {"windows": (), "transport": FakeCoinGecko().transport},
        },
    )
    assert isinstance(md, FallbackMarketData)
    assert md.quote("ETH-USD").source == "sandbox"
    assert md.quote("BCH").source == "coingecko"
    cached = easy_market_data("sandbox", cache=True, as_of=AS_OF)
    assert isinstance(cached, CachedMarketData)
    with pytest.raises(ValidationError, match="unknown market-data provider"):
        easy_market_data("bloomberg")
    with pytest.raises(ValidationError, match="options="):
        easy_market_data(["sandbox"], seed=1)
    register_market_data("fixed", lambda **o: SandboxMarketData(seed=42, as_of=AS_OF))
    assert easy_market_data("fixed").quote("AAPL") == SandboxMarketData(seed=42, as_of=AS_OF).quote(
        "AAPL"
    )


def test_rate_limit_error_is_skippable_and_retryable_in_aggregate() -> None:
    class Limited(SandboxMarketData):
        def quote(self, symbol: str) -> Quote:
            raise RateLimitError("slow down", provider="limited", retry_after=5)

    with pytest.raises(AllProvidersFailedError) as info:
        FallbackMarketData([Limited()]).quote("AAPL")
    assert info.value.retryable
