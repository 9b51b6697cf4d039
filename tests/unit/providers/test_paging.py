"""Pagination never loops forever and list_orders reaches every order (issue 15, "loops")."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from fin_infra.providers import PaginationLoopError
from fin_infra.providers.banking.plaid import AsyncPlaidClient, PlaidClient
from fin_infra.providers.brokerage.alpaca import AlpacaClient, AsyncAlpacaClient
from fin_infra.providers.market_data.alpaca import AlpacaMarketData
from fin_infra.providers.market_data.polygon import PolygonMarketData
from tests.fakes.alpaca import NOW, FakeAlpacaTrading
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET, POLYGON_KEY, FakePolygon
from tests.fakes.plaid import CLIENT_ID, SECRET
from tests.fakes.wire import tampered

# --- a provider repeating its cursor ------------------------------------------------------------


class RepeatingPlaid:
    """``/transactions/sync`` that always answers "more to come" with the same cursor."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        assert self.calls < 50, "the client kept paging"
        return httpx.Response(
            200,
            json={
                "added": [],
                "modified": [],
                "removed": [],
                "next_cursor": "cursor-that-never-moves",
                "has_more": True,
                "request_id": f"req-{self.calls}",
            },
        )


def test_plaid_sync_stops_on_a_repeated_cursor() -> None:
    server = RepeatingPlaid()
    client = PlaidClient(CLIENT_ID, SECRET, transport=httpx.MockTransport(server), rate_limit=None)
    with pytest.raises(PaginationLoopError) as info:
        client.transactions_sync("access-sandbox-00000000-0000")
    assert server.calls == 2
    assert info.value.provider == "plaid"


def test_plaid_sync_stops_when_the_cursor_given_comes_back() -> None:
    server = RepeatingPlaid()
    client = PlaidClient(CLIENT_ID, SECRET, transport=httpx.MockTransport(server), rate_limit=None)
    with pytest.raises(PaginationLoopError):
        client.transactions_sync("access-sandbox-00000000-0000", "cursor-that-never-moves")
    assert server.calls == 1


def test_async_plaid_sync_stops_on_a_repeated_cursor() -> None:
    server = RepeatingPlaid()

    async def run() -> None:
        async with AsyncPlaidClient(
            CLIENT_ID, SECRET, transport=httpx.MockTransport(server), rate_limit=None
        ) as client:
            await client.transactions_sync("access-sandbox-00000000-0000")

    with pytest.raises(PaginationLoopError):
        asyncio.run(run())
    assert server.calls == 2


def test_alpaca_bars_stop_on_a_repeated_page_token() -> None:
    calls: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        assert len(calls) < 50, "the client kept paging"
        bar = {"t": "2024-06-03T04:00:00Z", "o": 1, "h": 2, "l": 1, "c": 2, "v": 10}
        body = {"symbol": "AAPL", "bars": [bar], "next_page_token": "same-token"}
        return httpx.Response(200, json=body)

    client = AlpacaMarketData(
        ALPACA_KEY_ID, ALPACA_SECRET, transport=httpx.MockTransport(server), rate_limit=None
    )
    with pytest.raises(PaginationLoopError):
        client.bars("AAPL", dt.date(2024, 6, 3), dt.date(2024, 6, 7))
    assert len(calls) == 2


def test_polygon_stops_on_a_repeated_next_url() -> None:
    fake = FakePolygon()
    first: list[str] = []

    def same_next_url(request: httpx.Request, body: Any) -> Any:
        first.extend([] if first else [body["next_url"]])
        body["next_url"] = first[0]  # the second page points back at itself
        return body

    client = PolygonMarketData(
        POLYGON_KEY, transport=tampered(fake, same_next_url, r"/v2/aggs/"), page_size=2
    )
    with pytest.raises(PaginationLoopError):
        client.bars("AAPL", dt.date(2024, 6, 3), dt.date(2024, 6, 28))
    assert len(fake.requests) == 2


# --- list_orders pages through every order --------------------------------------------------------


def _orders(fake: FakeAlpacaTrading, n: int) -> None:
    for i in range(n):
        fake._new_order(
            {
                "symbol": "AAPL",
                "side": "buy",
                "type": "limit",
                "time_in_force": "day",
                "qty": "1",
                "limit_price": str(100 + i),
            }
        )


def _client(fake: FakeAlpacaTrading) -> AlpacaClient:
    return AlpacaClient(ALPACA_KEY_ID, ALPACA_SECRET, transport=fake.transport, rate_limit=None)


def test_list_orders_pages_past_500() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 1203)
    orders = _client(fake).list_orders("open", limit=2000)
    assert len(orders) == 1203
    assert len({o.id for o in orders}) == 1203
    stamps = [o.submitted_at for o in orders if o.submitted_at is not None]
    assert stamps == sorted(stamps, reverse=True)
    assert fake.list_calls == 3


def test_iter_orders_yields_all_lazily() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 30)
    orders = _client(fake).iter_orders("all", page_size=7)
    first = next(orders)
    assert fake.list_calls == 1
    rest = list(orders)
    assert len({first.id, *(o.id for o in rest)}) == 30
    assert fake.list_calls == 5


def test_orders_sharing_one_timestamp_across_a_page_boundary_are_neither_lost_nor_doubled() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 12)
    same = (NOW + dt.timedelta(milliseconds=4)).isoformat().replace("+00:00", "Z")
    for order in list(fake.orders.values())[3:6]:  # three orders in one microsecond, which
        order["submitted_at"] = same  # straddle the second and third page of four
    found = list(_client(fake).iter_orders("all", page_size=4))
    assert sorted(o.id for o in found) == sorted(fake.orders)


def test_more_orders_in_one_microsecond_than_a_page_is_a_typed_error_not_a_loop() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 12)
    same = (NOW + dt.timedelta(seconds=5)).isoformat().replace("+00:00", "Z")
    for order in list(fake.orders.values())[3:9]:
        order["submitted_at"] = same
    with pytest.raises(PaginationLoopError):
        list(_client(fake).iter_orders("all", page_size=4))
    assert fake.list_calls == 2


def test_iter_orders_window_arguments_are_sent() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 10)
    after = NOW + dt.timedelta(milliseconds=2)
    until = NOW + dt.timedelta(milliseconds=8)
    found = list(_client(fake).iter_orders("all", after=after, until=until))
    assert len(found) == 5  # 3..7 ms: both bounds exclusive
    query = fake.requests[-1].url.params
    assert query["after"].startswith("2024-06-28T15:00:00.002")


def test_a_server_that_ignores_the_window_stops_with_a_typed_error() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 10)
    fake.stuck_listing = True
    with pytest.raises(PaginationLoopError):
        list(_client(fake).iter_orders("all", page_size=5))
    assert fake.list_calls <= 3


def test_async_list_orders_pages_too() -> None:
    fake = FakeAlpacaTrading()
    _orders(fake, 12)

    async def run() -> list[str]:
        async with AsyncAlpacaClient(
            ALPACA_KEY_ID, ALPACA_SECRET, transport=httpx.MockTransport(fake), rate_limit=None
        ) as client:
            return [o.id for o in await client.list_orders("all", limit=11)]

    ids = asyncio.run(run())
    assert len(set(ids)) == 11


def test_list_orders_limit_must_be_positive() -> None:
    from fin_infra.errors import ValidationError

    with pytest.raises(ValidationError):
        _client(FakeAlpacaTrading()).list_orders(limit=0)
