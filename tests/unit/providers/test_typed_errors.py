"""Every malformed provider answer is a typed ProviderError (issue 15, "errors are typed").

Each test speaks the vendor's wire through the transport seam, then breaks one thing the way a
real server could: wrong JSON types in an error body, a bar with high below low, a price of zero.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import httpx
import pytest

from fin_infra.providers import MalformedResponseError, RateLimitError
from fin_infra.providers.banking.plaid import AsyncPlaidClient, PlaidClient
from fin_infra.providers.errors import PermissionDeniedError
from fin_infra.providers.market_data import BarsQuery, FallbackMarketData
from fin_infra.providers.market_data.alpaca import AlpacaMarketData
from fin_infra.providers.market_data.alphavantage import AlphaVantageMarketData, check_body
from fin_infra.providers.market_data.coingecko import CoinGeckoMarketData
from fin_infra.providers.market_data.polygon import PolygonMarketData
from tests.fakes.alphavantage import AV_KEY, FakeAlphaVantage
from tests.fakes.coingecko import FakeCoinGecko
from tests.fakes.market import (
    ALPACA_KEY_ID,
    ALPACA_SECRET,
    POLYGON_KEY,
    FakeAlpacaData,
    FakePolygon,
)
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid
from tests.fakes.wire import tampered

JUNE = (dt.date(2024, 6, 3), dt.date(2024, 6, 7))


# --- Plaid error bodies of the wrong shape -----------------------------------------------------

_GOOD = {
    "error_type": "INVALID_INPUT",
    "error_code": "INVALID_ACCESS_TOKEN",
    "error_message": "bad token",
    "display_message": None,
    "request_id": "req-1",
}
MALFORMED_PLAID_ERRORS = [
    {**_GOOD, "error_code": 123},
    {**_GOOD, "error_type": {"kind": "INVALID_INPUT"}},
    {**_GOOD, "display_message": ["a", "list"]},
    {**_GOOD, "request_id": 42},
    {**_GOOD, "error_message": {"nested": True}},
    [_GOOD],
    "just a string",
]


@pytest.mark.parametrize("body", MALFORMED_PLAID_ERRORS, ids=range(len(MALFORMED_PLAID_ERRORS)))
def test_plaid_error_body_of_the_wrong_shape_is_malformed(body: Any) -> None:
    fake = FakePlaid()
    token = fake.add_item()
    fake.fail_next("/accounts/get", status=400, raw=json.dumps(body).encode())
    client = PlaidClient(CLIENT_ID, SECRET, transport=fake.transport, rate_limit=None)
    with pytest.raises(MalformedResponseError) as info:
        client.accounts(token)
    assert info.value.status == 400
    assert info.value.provider == "plaid"


def test_async_plaid_error_body_of_the_wrong_shape_is_malformed() -> None:
    fake = FakePlaid()
    token = fake.add_item()
    fake.fail_next("/accounts/get", status=400, raw=b'{"error_code": 7, "error_type": []}')

    async def run() -> None:
        async with AsyncPlaidClient(
            CLIENT_ID, SECRET, transport=httpx.MockTransport(fake), rate_limit=None
        ) as client:
            await client.accounts(token)

    with pytest.raises(MalformedResponseError):
        asyncio.run(run())


def test_polygon_error_body_with_wrong_types_is_malformed() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"status": "NOT_AUTHORIZED", "request_id": {"x": 1}})

    client = PolygonMarketData(POLYGON_KEY, transport=httpx.MockTransport(server))
    with pytest.raises(MalformedResponseError) as info:
        client.quote("AAPL")
    assert info.value.status == 403


# --- provider data that breaks the domain rules -------------------------------------------------


def _polygon_high_below_low(request: httpx.Request, body: Any) -> Any:
    for bar in body.get("results") or ():
        bar["h"], bar["l"] = bar["l"] - 1, bar["h"] + 1
    return body


def test_bar_with_high_below_low_is_malformed_and_fallback_moves_on() -> None:
    bad = PolygonMarketData(
        POLYGON_KEY, transport=tampered(FakePolygon(), _polygon_high_below_low, r"/v2/aggs/")
    )
    with pytest.raises(MalformedResponseError, match="low <= open"):
        bad.bars("AAPL", *JUNE)
    good = AlpacaMarketData(
        ALPACA_KEY_ID, ALPACA_SECRET, transport=FakeAlpacaData().transport, rate_limit=None
    )
    bars = FallbackMarketData([bad, good]).bars("AAPL", *JUNE)
    assert len(bars) == 5
    pages = list(FallbackMarketData([bad, good]).iter_bars(BarsQuery.of("AAPL", *JUNE)))
    assert sum(len(p) for p in pages) == 5


def _zero(path: tuple[str, ...]) -> Any:
    def mutate(request: httpx.Request, body: Any) -> Any:
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = 0
        return body

    return mutate


def test_alpaca_quote_with_price_zero_is_refused() -> None:
    transport = tampered(FakeAlpacaData(), _zero(("latestTrade", "p")), r"/snapshot")
    client = AlpacaMarketData(ALPACA_KEY_ID, ALPACA_SECRET, transport=transport, rate_limit=None)
    with pytest.raises(MalformedResponseError, match="not a price"):
        client.quote("AAPL")


def test_alpaca_zero_bid_is_dropped_not_returned_as_a_price() -> None:
    transport = tampered(FakeAlpacaData(), _zero(("latestQuote", "bp")), r"/snapshot")
    client = AlpacaMarketData(ALPACA_KEY_ID, ALPACA_SECRET, transport=transport, rate_limit=None)
    quote = client.quote("AAPL")
    assert quote.bid is None
    assert quote.ask is not None
    assert quote.ask > 0


def test_polygon_bar_with_zero_prices_is_refused() -> None:
    def zero_bars(request: httpx.Request, body: Any) -> Any:
        for bar in body.get("results") or ():
            bar.update(o=0, h=0, l=0, c=0)
        return body

    client = PolygonMarketData(POLYGON_KEY, transport=tampered(FakePolygon(), zero_bars))
    with pytest.raises(MalformedResponseError, match="zero or below"):
        client.bars("AAPL", *JUNE)


def test_coingecko_price_zero_is_refused() -> None:
    def zero(request: httpx.Request, body: Any) -> Any:
        for entry in body.values():
            entry["usd"] = 0
        return body

    transport = tampered(FakeCoinGecko(), zero, r"/simple/price")
    client = CoinGeckoMarketData(transport=transport, windows=())
    with pytest.raises(MalformedResponseError, match="not a price"):
        client.quote("BTC")


def test_alphavantage_price_zero_is_refused() -> None:
    def zero(request: httpx.Request, body: Any) -> Any:
        body["Global Quote"]["05. price"] = "0.0000"
        return body

    transport = tampered(FakeAlphaVantage(), zero)
    client = AlphaVantageMarketData(AV_KEY, transport=transport, windows=())
    with pytest.raises(MalformedResponseError, match="not a price"):
        client.quote("AAPL")


def test_negative_price_is_refused_too() -> None:
    def negative(request: httpx.Request, body: Any) -> Any:
        body["latestTrade"]["p"] = -1.5
        return body

    transport = tampered(FakeAlpacaData(), negative, r"/snapshot")
    client = AlpacaMarketData(ALPACA_KEY_ID, ALPACA_SECRET, transport=transport, rate_limit=None)
    with pytest.raises(MalformedResponseError):
        client.quote("AAPL")


# --- Alpha Vantage: classified by key, not by phrase --------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Slow down.", "Our API frequency is now 1 request per second", "limite de requêtes"],
)
def test_alphavantage_note_is_a_rate_limit_whatever_its_wording(text: str) -> None:
    with pytest.raises(RateLimitError) as info:
        check_body({"Note": text})
    assert info.value.retry_after == 60.0


def test_alphavantage_information_means_premium_only_for_a_premium_function() -> None:
    with pytest.raises(PermissionDeniedError):
        check_body({"Information": "reworded: upgrade!"}, function="TIME_SERIES_DAILY_ADJUSTED")
    with pytest.raises(RateLimitError) as info:
        check_body({"Information": "reworded: see you tomorrow"}, function="GLOBAL_QUOTE")
    assert info.value.retry_after is None
    with pytest.raises(RateLimitError):
        # a reworded quota message that happens to mention "premium" is still a quota message
        check_body({"Information": "premium plans lift this limit"}, function="GLOBAL_QUOTE")


def test_alphavantage_reworded_note_through_the_wire() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"Note": "Please be patient with us."})

    client = AlphaVantageMarketData(AV_KEY, transport=httpx.MockTransport(server), windows=())
    with pytest.raises(RateLimitError):
        client.quote("AAPL")


def test_unexpected_types_in_a_success_body_are_malformed() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"Global Quote": ["not", "an", "object"]})

    client = AlphaVantageMarketData(AV_KEY, transport=httpx.MockTransport(server), windows=())
    with pytest.raises(MalformedResponseError):
        client.quote("AAPL")
