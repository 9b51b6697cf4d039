"""AlpacaClient against a contract-checked, stateful fake of Alpaca's Trading API."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import Holding, SecurityType
from fin_infra.providers import AuthenticationError, InvalidRequestError, PermissionDeniedError
from fin_infra.providers.brokerage import (
    BrokerageProvider,
    OrderSide,
    OrderStatus,
    OrderType,
    TimeInForce,
    available_brokerages,
    easy_brokerage,
)
from fin_infra.providers.brokerage.alpaca import AlpacaClient, AsyncAlpacaClient
from tests.fakes.alpaca import FakeAlpacaTrading
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET


def test_paper_by_default_and_live_needs_opt_in(fake: FakeAlpacaTrading) -> None:
    paper = AlpacaClient(ALPACA_KEY_ID, ALPACA_SECRET, transport=fake.transport)
    assert paper.paper
    assert isinstance(paper, BrokerageProvider)
    assert ALPACA_SECRET not in repr(paper)
    paper.account()
    assert fake.requests[-1].url.host == "paper-api.alpaca.markets"
    with pytest.raises(ValidationError, match="allow_live=True"):
        AlpacaClient(ALPACA_KEY_ID, ALPACA_SECRET, paper=False)
    live = AlpacaClient(
        ALPACA_KEY_ID, ALPACA_SECRET, paper=False, allow_live=True, transport=fake.transport
    )
    live.clock()
    assert fake.requests[-1].url.host == "api.alpaca.markets"


def test_missing_credentials_are_refused() -> None:
    with pytest.raises(ValidationError, match="key_id and secret_key"):
        AlpacaClient("", "secret")


def test_account_is_exact(client: AlpacaClient) -> None:
    account = client.account()
    assert account.cash == Decimal("100000")
    assert account.buying_power == Decimal("200000")
    assert account.status == "ACTIVE"


def test_market_order_fills_and_becomes_a_position(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    order = client.submit_order("aapl", "buy", "2.5")
    assert order.status is OrderStatus.FILLED
    assert order.filled_qty == Decimal("2.5")
    assert order.filled_avg_price == Decimal("210.25")
    assert order.client_order_id  # generated
    [position] = client.positions()
    assert (position.symbol, position.qty) == ("AAPL", Decimal("2.5"))
    assert position.cost_basis == Decimal("525.625")
    holding = position.to_holding("acct-1")
    assert isinstance(holding, Holding)
    assert holding.market_value() == Decimal("525.625")
    assert client.account().cash == Decimal("100000") - Decimal("525.625")


def test_order_body_sends_decimal_strings(client: AlpacaClient, fake: FakeAlpacaTrading) -> None:
    order = client.submit_order(
        "MSFT",
        OrderSide.BUY,
        Decimal("3"),
        type=OrderType.LIMIT,
        time_in_force=TimeInForce.GTC,
        limit_price=Decimal("400.10"),
        client_order_id="my-order-1",
    )
    sent = fake.requests[-1].content.decode()
    assert '"limit_price":"400.1"' in sent.replace(" ", "")
    assert '"qty":"3"' in sent.replace(" ", "")
    assert order.status is OrderStatus.ACCEPTED
    assert order.status.is_open
    assert order.limit_price == Decimal("400.1")
    assert order.client_order_id == "my-order-1"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"qty": "1", "notional": "100"}, "exactly one of qty or notional"),
        ({}, "exactly one of qty or notional"),
        ({"qty": "1", "type": "limit"}, "needs limit_price"),
        ({"qty": "1", "limit_price": "10"}, "takes no limit_price"),
        ({"qty": "1", "type": "stop_limit", "limit_price": "10"}, "needs stop_price"),
        ({"qty": "-1"}, "must be positive"),
        ({"qty": 1.5}, "refuses float"),
        ({"qty": "1", "type": "iceberg"}, "iceberg"),
        ({"qty": "1", "client_order_id": "x" * 129}, "128 characters"),
    ],
)
def test_bad_orders_are_refused_before_sending(
    client: AlpacaClient, fake: FakeAlpacaTrading, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        client.submit_order("AAPL", "buy", **kwargs)  # type: ignore[arg-type]
    assert fake.requests == []


def test_insufficient_buying_power_is_permission_denied(client: AlpacaClient) -> None:
    with pytest.raises(PermissionDeniedError) as info:
        client.submit_order("SPY", "buy", "1000")
    assert info.value.code == "40310000"


def test_list_get_cancel(client: AlpacaClient) -> None:
    resting = client.submit_order("AAPL", "buy", "1", type="limit", limit_price="150")
    client.submit_order("MSFT", "buy", "1")
    assert [o.id for o in client.list_orders()] == [resting.id]
    assert len(client.list_orders("all")) == 2
    assert [o.symbol for o in client.list_orders("closed", symbols=["msft"])] == ["MSFT"]
    client.cancel_order(resting.id)
    assert client.get_order(resting.id).status is OrderStatus.CANCELED
    client.cancel_order(resting.id)  # already cancelled: done, not an error
    with pytest.raises(ValidationError):
        client.list_orders("pending")


def test_cancelling_a_filled_order_is_refused(client: AlpacaClient) -> None:
    filled = client.submit_order("AAPL", "buy", "1")
    with pytest.raises(InvalidRequestError, match="not cancelable"):
        client.cancel_order(filled.id)


def test_replace_makes_a_new_order(client: AlpacaClient, fake: FakeAlpacaTrading) -> None:
    old = client.submit_order("AAPL", "buy", "1", type="limit", limit_price="150")
    new = client.replace_order(old.id, qty="2", limit_price="155.5")
    assert new.replaces == old.id
    assert (new.qty, new.limit_price) == (Decimal("2"), Decimal("155.5"))
    assert client.get_order(old.id).status is OrderStatus.REPLACED
    with pytest.raises(ValidationError, match="at least one field"):
        client.replace_order(new.id)


def test_assets_clock_calendar_history(client: AlpacaClient) -> None:
    assets = client.assets()
    assert {a.symbol for a in assets} == {"AAPL", "MSFT", "SPY"}
    assert client.asset("aapl").to_security().type is SecurityType.EQUITY
    clock = client.clock()
    assert clock.is_open
    assert clock.next_close == dt.datetime(2024, 6, 28, 20, tzinfo=dt.UTC)
    days = client.calendar(dt.date(2024, 7, 1), dt.date(2024, 7, 7))
    assert [d.date.day for d in days] == [1, 2, 3, 5]
    assert days[2].close == dt.time(13, 0)
    history = client.portfolio_history(period="1W", timeframe="1D")
    assert [p.equity for p in history.points] == [
        Decimal("100000"),
        Decimal("100250.5"),
        Decimal("99875.25"),
        Decimal("101000.125"),
    ]
    assert history.base_value == Decimal("100000")


def test_wrong_secret_never_leaks(fake: FakeAlpacaTrading) -> None:
    client = AlpacaClient(ALPACA_KEY_ID, "not-the-secret-42", transport=fake.transport)
    with pytest.raises(AuthenticationError) as info:
        client.account()
    assert "not-the-secret-42" not in str(info.value) + repr(info.value)


def test_async_twin_covers_the_same_calls(fake: FakeAlpacaTrading) -> None:
    async def scenario() -> None:
        async def no_sleep(_: float) -> None:
            return None

        async with AsyncAlpacaClient(
            ALPACA_KEY_ID, ALPACA_SECRET, transport=fake.transport, rate_limit=None, sleep=no_sleep
        ) as client:
            assert (await client.account()).cash == Decimal("100000")
            resting = await client.submit_order("AAPL", "buy", "1", type="limit", limit_price="150")
            new = await client.replace_order(resting.id, limit_price="149")
            assert new.replaces == resting.id
            assert [o.id for o in await client.list_orders()] == [new.id]
            await client.cancel_order(new.id)
            assert (await client.get_order_by_client_id(new.client_order_id)).status == "canceled"
            assert await client.positions() == []
            assert len(await client.calendar(dt.date(2024, 7, 1), dt.date(2024, 7, 5))) == 4
            assert (await client.asset("MSFT")).symbol == "MSFT"
            assert len(await client.assets()) == 3
            assert (await client.clock()).is_open
            assert len((await client.portfolio_history()).points) == 4

    asyncio.run(scenario())


def test_easy_brokerage_builds_a_paper_client(fake: FakeAlpacaTrading) -> None:
    broker = easy_brokerage(
        "alpaca", key_id=ALPACA_KEY_ID, secret_key=ALPACA_SECRET, transport=fake.transport
    )
    assert isinstance(broker, AlpacaClient)
    assert broker.paper
    assert available_brokerages() == ["alpaca"]
    with pytest.raises(ValidationError, match="unknown brokerage"):
        easy_brokerage("robinhood")
    with pytest.raises(ValidationError, match="allow_live"):
        easy_brokerage("alpaca", key_id=ALPACA_KEY_ID, secret_key=ALPACA_SECRET, paper=False)
