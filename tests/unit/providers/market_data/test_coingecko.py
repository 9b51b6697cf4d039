"""CoinGeckoMarketData: ticker resolution, exact prices, bars from hourly samples, 429s."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import SecurityType
from fin_infra.providers import InvalidRequestError, RateLimitError, RetryPolicy
from fin_infra.providers.market_data import BarsQuery, Interval, MarketDataProvider
from fin_infra.providers.market_data.coingecko import CoinGeckoMarketData
from tests.fakes.coingecko import FakeCoinGecko, price


@pytest.fixture
def fake() -> FakeCoinGecko:
    return FakeCoinGecko()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(fake: FakeCoinGecko, sleeps: list[float]) -> CoinGeckoMarketData:
    return CoinGeckoMarketData(
        "demo-key-abcdef",
        windows=(),
        transport=fake.transport,
        sleep=sleeps.append,
        retry=RetryPolicy(max_attempts=2, jitter=0.0),
    )


def test_quote_resolves_ticker_to_top_ranked_coin(
    client: CoinGeckoMarketData, fake: FakeCoinGecko
) -> None:
    assert isinstance(client, MarketDataProvider)
    quote = client.quote("btc")
    at = dt.datetime(2024, 6, 28, 12, tzinfo=dt.UTC)
    assert quote.symbol == "BTC-USD"
    assert quote.price == Decimal(repr(price("bitcoin", at)))
    assert quote.volume == Decimal("31260929299.524834")
    assert quote.timestamp == at
    assert fake.requests[1].url.params["ids"] == "bitcoin"  # not the unranked "BTC" coin
    assert fake.requests[0].headers["x-cg-demo-api-key"] == "demo-key-abcdef"
    client.quote("BTC-USD")
    assert fake.calls("search") == ["GET /api/v3/search"]  # resolution remembered


def test_quote_in_another_iso_currency(client: CoinGeckoMarketData) -> None:
    quote = client.quote("eth/eur")
    assert (quote.symbol, quote.currency) == ("ETH-EUR", "EUR")
    with pytest.raises(ValidationError):
        client.quote("ETH-XYZ")


def test_bars_page_in_90_day_windows_of_hourly_samples(
    client: CoinGeckoMarketData, fake: FakeCoinGecko
) -> None:
    query = BarsQuery.of("BTC", dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    pages = list(client.iter_bars(query))
    assert len(fake.calls("market_chart")) == 3
    for request in fake.requests[1:]:
        lo, hi = int(request.url.params["from"]), int(request.url.params["to"])
        assert hi - lo <= 90 * 86400
    bars = [b for p in pages for b in p]
    assert [b.timestamp.date() for b in bars] == [
        dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(182)
    ]  # one bar per day, none split at a page seam
    day = dt.datetime(2024, 3, 5, tzinfo=dt.UTC)
    hourly = [price("bitcoin", day + dt.timedelta(hours=h)) for h in range(24)]
    [bar] = [b for b in bars if b.timestamp == day]
    assert bar.open == Decimal(repr(hourly[0]))
    assert bar.close == Decimal(repr(hourly[-1]))
    assert bar.high == max(Decimal(repr(p)) for p in hourly)
    assert bar.volume == 0
    seam = dt.datetime(2024, 3, 31, tzinfo=dt.UTC)  # first page ends at its 00:00 sample
    [joined] = [b for b in bars if b.timestamp == seam]
    assert joined.open == Decimal(repr(price("bitcoin", seam)))
    assert joined.close == Decimal(repr(price("bitcoin", seam + dt.timedelta(hours=23))))


def test_weekly_bars_and_too_fine_intervals(client: CoinGeckoMarketData) -> None:
    weekly = client.bars("ETH", dt.date(2024, 6, 3), dt.date(2024, 6, 30), interval=Interval.WEEK)
    assert [b.timestamp.day for b in weekly] == [3, 10, 17, 24]
    with pytest.raises(ValidationError, match="hourly"):
        client.bars("ETH", dt.date(2024, 6, 3), interval=Interval.MINUTE)


def test_search_and_unknown_coin(client: CoinGeckoMarketData) -> None:
    found = client.search("bitcoin")
    assert [(s.id, s.symbol, s.type) for s in found] == [
        ("bitcoin", "BTC", SecurityType.CRYPTO),
        ("bitcoin-cash", "BCH", SecurityType.CRYPTO),
    ]
    with pytest.raises(InvalidRequestError, match="no coin"):
        client.quote("NOPE")


def test_429_is_retried_after_retry_after_then_typed(
    client: CoinGeckoMarketData, fake: FakeCoinGecko, sleeps: list[float]
) -> None:
    fake.per_minute = 1
    client.search("eth")
    with pytest.raises(RateLimitError) as info:
        client.search("eth")
    assert info.value.code == "429"
    assert sleeps == [30.0]
    assert "demo-key-abcdef" not in repr(client)
