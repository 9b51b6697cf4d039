"""PolygonMarketData against a contract-checked fake of Polygon's REST API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fin_infra.models import SecurityType
from fin_infra.providers import AuthenticationError, InvalidRequestError, MalformedResponseError
from fin_infra.providers.market_data import Interval, MarketDataProvider
from fin_infra.providers.market_data.polygon import PolygonMarketData
from tests.fakes.contract import load_contract
from tests.fakes.market import POLYGON_KEY, FakePolygon, bar_times, ohlcv


def test_is_a_market_data_provider(polygon: PolygonMarketData) -> None:
    assert isinstance(polygon, MarketDataProvider)
    assert POLYGON_KEY not in repr(polygon)


def test_quote_from_the_snapshot(polygon: PolygonMarketData) -> None:
    quote = polygon.quote("MSFT")
    bar = ohlcv("MSFT", dt.datetime(2024, 6, 28, 4, tzinfo=dt.UTC))
    assert quote.price == Decimal(repr(bar["c"]))
    assert quote.bid == Decimal(repr(bar["c"] - 0.01))
    assert quote.ask == Decimal(repr(bar["c"] + 0.02))
    assert quote.timestamp == dt.datetime(2024, 6, 28, 19, 59, 59, 123456, tzinfo=dt.UTC)
    assert quote.source == "polygon"


def test_bars_follow_next_url_with_the_key_in_a_header_never_the_url(
    polygon: PolygonMarketData, polygon_fake: FakePolygon
) -> None:
    bars = polygon.bars("AAPL", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    expected = bar_times(
        dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2023, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        86400,
    )
    assert [b.timestamp for b in bars] == expected
    pages = polygon_fake.requests
    assert len(pages) == -(-len(expected) // 40) > 1
    assert all(r.headers["Authorization"] == f"Bearer {POLYGON_KEY}" for r in pages)
    assert not any(POLYGON_KEY in str(r.url) for r in pages)
    assert all("cursor" in r.url.params for r in pages[1:])
    first = ohlcv("AAPL", expected[0])
    assert (bars[0].open, bars[0].low) == (Decimal(repr(first["o"])), Decimal(repr(first["l"])))


def test_aggregate_path_encodes_span_and_millisecond_range(
    polygon: PolygonMarketData, polygon_fake: FakePolygon
) -> None:
    start = dt.datetime(2024, 6, 3, 14, tzinfo=dt.UTC)
    end = dt.datetime(2024, 6, 3, 16, tzinfo=dt.UTC)
    bars = polygon.bars("AAPL", start, end, interval=Interval.HOUR, adjusted=False)
    assert [b.timestamp.hour for b in bars] == [14, 15, 16]
    request = polygon_fake.requests[0]
    assert request.url.path == "/v2/aggs/ticker/AAPL/range/1/hour/1717423200000/1717430400000"
    assert request.url.params["adjusted"] == "false"


def test_next_url_to_another_host_is_refused(
    polygon: PolygonMarketData, polygon_fake: FakePolygon
) -> None:
    polygon_fake.next_host = "evil.example"
    with pytest.raises(MalformedResponseError, match=r"evil\.example"):
        polygon.bars("AAPL", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert all(r.url.host != "evil.example" for r in polygon_fake.requests)


def test_empty_range_gives_no_bars(polygon: PolygonMarketData) -> None:
    assert polygon.bars("NOPE", dt.date(2024, 1, 1), dt.date(2024, 1, 5)) == []


def test_search_uses_reference_tickers(polygon: PolygonMarketData) -> None:
    found = polygon.search("s&p")
    assert [(s.symbol, s.type, s.currency) for s in found] == [("SPY", SecurityType.ETF, "USD")]
    assert polygon.search("a", limit=1)[0].symbol == "AAPL"


def test_errors_are_typed_and_keep_the_key_out(polygon_fake: FakePolygon) -> None:
    client = PolygonMarketData("wrong-polygon-key-123", transport=polygon_fake.transport)
    with pytest.raises(AuthenticationError) as info:
        client.quote("AAPL")
    assert info.value.code == "NOT_AUTHORIZED"
    assert "wrong-polygon-key-123" not in str(info.value)


def test_unknown_ticker(polygon: PolygonMarketData) -> None:
    with pytest.raises(InvalidRequestError) as info:
        polygon.quote("NOPE")
    assert info.value.status == 404
    assert info.value.request_id == "req-404"


def test_server_errors_are_retried(
    polygon: PolygonMarketData, polygon_fake: FakePolygon, sleeps: list[float]
) -> None:
    polygon_fake.fail_next("snapshot", times=2, status=502)
    assert polygon.quote("AAPL").symbol == "AAPL"
    assert sleeps == [0.25, 0.5]


def test_contract_saw_every_exchange(polygon: PolygonMarketData) -> None:
    contract = load_contract("polygon", "rest.json")
    before = contract.checked_requests
    polygon.quote("AAPL")
    polygon.search("apple")
    assert contract.checked_requests - before == 2
