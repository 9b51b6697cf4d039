"""AlpacaMarketData against a contract-checked fake of Alpaca's data API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx
import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import Bar
from fin_infra.providers import (
    AuthenticationError,
    InvalidRequestError,
    MalformedResponseError,
    RateLimitError,
)
from fin_infra.providers.market_data import BarsQuery, Interval, MarketDataProvider
from fin_infra.providers.market_data.alpaca import AlpacaMarketData
from tests.fakes.contract import load_contract
from tests.fakes.market import ALPACA_KEY_ID, FakeAlpacaData, bar_times, ohlcv
from tests.fakes.openapi import ContractViolationError


def test_is_a_market_data_provider(alpaca: AlpacaMarketData) -> None:
    assert isinstance(alpaca, MarketDataProvider)
    assert "secret" not in repr(alpaca)


def test_quote_is_exact_decimal_from_the_snapshot(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    quote = alpaca.quote("aapl")
    bar = ohlcv("AAPL", dt.datetime(2024, 6, 28, 4, tzinfo=dt.UTC))
    assert quote.symbol == "AAPL"
    assert quote.price == Decimal(repr(bar["c"]))
    assert quote.ask == Decimal(repr(bar["c"] + 0.02))
    assert quote.bid == Decimal(repr(bar["c"] - 0.01))
    assert quote.volume == bar["v"]
    assert quote.timestamp == dt.datetime(2024, 6, 28, 19, 59, 59, 123456, tzinfo=dt.UTC)
    assert quote.source == "alpaca"
    assert alpaca_fake.calls() == ["GET /v2/stocks/AAPL/snapshot"]


def test_bars_page_through_next_page_token(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    bars = alpaca.bars("AAPL", start, end)
    expected = bar_times(
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 12, 31, 23, tzinfo=dt.UTC), 86400
    )
    assert [b.timestamp for b in bars] == expected
    assert len(alpaca_fake.calls("bars")) == -(-len(expected) // 50) > 1
    tokens = [r.url.params.get("page_token") for r in alpaca_fake.requests]
    assert tokens[0] is None
    assert all(tokens[1:])
    first = ohlcv("AAPL", expected[0])
    assert bars[0].close == Decimal(repr(first["c"]))
    assert bars[0].vwap == Decimal(repr(first["vw"]))
    assert all(isinstance(b, Bar) and isinstance(b.open, Decimal) for b in bars)


def test_bar_request_carries_timeframe_range_and_adjustment(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    start = dt.datetime(2024, 6, 3, 13, 30, tzinfo=dt.UTC)
    end = dt.datetime(2024, 6, 3, 15, 0, tzinfo=dt.UTC)
    bars = alpaca.bars("MSFT", start, end, interval=Interval.FIVE_MINUTES, adjusted=False)
    assert len(bars) == 19
    params = alpaca_fake.requests[0].url.params
    assert params["timeframe"] == "5Min"
    assert params["adjustment"] == "raw"
    assert params["start"] == "2024-06-03T13:30:00Z"
    assert params["sort"] == "asc"


def test_iter_bars_streams_pages(alpaca: AlpacaMarketData) -> None:
    query = BarsQuery.of("AAPL", dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    pages = list(alpaca.iter_bars(query))
    assert [len(p) for p in pages][:-1] == [50] * (len(pages) - 1)


def test_search_ranks_exact_symbol_first_and_skips_untradable(alpaca: AlpacaMarketData) -> None:
    found = alpaca.search("aap")
    assert [s.symbol for s in found] == ["AAPL", "AAPB"]
    assert [s.symbol for s in alpaca.search("s&p")] == []  # SPY is not tradable
    assert [s.symbol for s in alpaca.search("microsoft")] == ["MSFT"]


def test_unknown_symbol_is_invalid_request(alpaca: AlpacaMarketData) -> None:
    with pytest.raises(InvalidRequestError) as info:
        alpaca.quote("NOPE")
    assert info.value.status == 404
    assert info.value.provider == "alpaca"


def test_wrong_keys_are_an_authentication_error_without_the_secret() -> None:
    fake = FakeAlpacaData()
    client = AlpacaMarketData(
        ALPACA_KEY_ID, "wrong-secret-value-123", transport=fake.transport, rate_limit=None
    )
    with pytest.raises(AuthenticationError) as info:
        client.quote("AAPL")
    assert "wrong-secret-value-123" not in str(info.value) + repr(info.value)


def test_429_is_retried_with_retry_after(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData, sleeps: list[float]
) -> None:
    alpaca_fake.fail_next(
        "snapshot",
        status=429,
        body={"code": 42910000, "message": "rate limit exceeded"},
        headers={"Retry-After": "2", "X-RateLimit-Remaining": "0"},
    )
    assert alpaca.quote("AAPL").symbol == "AAPL"
    assert sleeps == [2.0]


def test_rate_limit_that_persists_is_a_typed_error(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    alpaca_fake.fail_next("snapshot", times=3, status=429)
    with pytest.raises(RateLimitError):
        alpaca.quote("AAPL")


def test_connection_reset_mid_pagination_is_retried(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    query = BarsQuery.of("AAPL", dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    pages = alpaca.iter_bars(query)
    first = next(pages)
    alpaca_fake.fail_next("bars", exception=httpx.ConnectError("reset by peer"))
    rest = [bar for page in pages for bar in page]
    assert len(first) + len(rest) == len(bar_times(query.start, query.end, 86400))


def test_malformed_body_is_a_typed_error(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    alpaca_fake.contract = None
    alpaca_fake.fail_next("snapshot", status=200, body={"symbol": "AAPL", "latestTrade": {"p": 1}})
    with pytest.raises(MalformedResponseError):
        alpaca.quote("AAPL")


def test_requests_and_responses_were_checked_against_the_contract(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    data = load_contract("alpaca", "market-data-api.json")
    before = (data.checked_requests, data.checked_responses)
    alpaca.quote("AAPL")
    alpaca.bars("AAPL", dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert data.checked_requests - before[0] == 2
    assert data.checked_responses - before[1] == 2


def test_the_contract_rejects_what_alpaca_would_reject(alpaca_fake: FakeAlpacaData) -> None:
    bad = httpx.Request(
        "GET",
        "https://data.alpaca.markets/v2/stocks/AAPL/bars?limit=20000",
        headers={"APCA-API-KEY-ID": ALPACA_KEY_ID, "APCA-API-SECRET-KEY": "x"},
    )
    with pytest.raises(ContractViolationError):  # no timeframe, limit above 10000
        alpaca_fake(bad)


def test_crypto_pairs_use_the_crypto_endpoints(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    quote = alpaca.quote("btc/usd")
    assert quote.symbol == "BTC/USD"
    assert quote.currency == "USD"
    bar = ohlcv("BTC/USD", dt.datetime(2024, 6, 28, tzinfo=dt.UTC))
    assert quote.price == Decimal(repr(bar["c"]))
    assert alpaca_fake.requests[-1].url.path == "/v1beta3/crypto/us/snapshots"
    assert alpaca_fake.requests[-1].url.params["symbols"] == "BTC/USD"
    bars = alpaca.bars("ETH/USD", dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert len(bars) == 30  # every day, weekends included
    assert {b.symbol for b in bars} == {"ETH/USD"}
    crypto_requests = [r for r in alpaca_fake.requests if r.url.path.endswith("/bars")]
    assert all("feed" not in r.url.params for r in crypto_requests)
    hourly = alpaca.bars("ETH/USD", dt.date(2024, 6, 1), dt.date(2024, 6, 3), interval="1hour")
    assert len(hourly) == 72  # paged at 50 per request


def test_unknown_crypto_pair_and_bad_pairs(
    alpaca: AlpacaMarketData, alpaca_fake: FakeAlpacaData
) -> None:
    with pytest.raises(InvalidRequestError, match="no crypto snapshot"):
        alpaca.quote("DOGE/USD")
    assert alpaca.bars("DOGE/USD", dt.date(2024, 6, 1), dt.date(2024, 6, 3)) == []
    sent = len(alpaca_fake.requests)
    with pytest.raises(ValidationError, match="crypto pair"):
        alpaca.quote("BTC/")
    with pytest.raises(ValidationError, match="ISO 4217"):
        alpaca.quote("BTC/USDT")
    assert len(alpaca_fake.requests) == sent
