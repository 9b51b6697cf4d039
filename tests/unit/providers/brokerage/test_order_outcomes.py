"""Orders where money moves: unreadable answers, lagging lookups, trailing stops (issue 15)."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers.brokerage import OrderOutcomeUnknownError, OrderType
from fin_infra.providers.brokerage.alpaca import AlpacaClient
from tests.fakes.alpaca import FakeAlpacaTrading
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET


class Broken:
    """The fake Alpaca, with a garbled answer to order submits and/or a lagging lookup."""

    def __init__(self, fake: FakeAlpacaTrading, *, garble: bool, lag: bool) -> None:
        self.fake, self.garble, self.lag = fake, garble, lag

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if self.lag and path == "/v2/orders:by_client_order_id":
            self.fake.requests.append(request)
            return httpx.Response(404, json={"code": 40410000, "message": "order not found"})
        response = self.fake(request)
        if self.garble and request.method == "POST" and path == "/v2/orders":
            return httpx.Response(200, content=b'{"id": "truncated...')  # the write happened
        return response


def client_on(fake: FakeAlpacaTrading, *, garble: bool = False, lag: bool = False) -> AlpacaClient:
    transport = httpx.MockTransport(Broken(fake, garble=garble, lag=lag))
    return AlpacaClient(ALPACA_KEY_ID, ALPACA_SECRET, transport=transport, rate_limit=None)


def test_unreadable_200_to_a_submit_is_resolved_by_looking_the_order_up() -> None:
    fake = FakeAlpacaTrading()
    order = client_on(fake, garble=True).submit_order("AAPL", "buy", "1", client_order_id="c-1")
    assert order.client_order_id == "c-1"
    assert len(fake.orders) == 1
    assert [c for c in fake.calls() if "orders" in c] == [
        "POST /v2/orders",
        "GET /v2/orders:by_client_order_id",
    ]


def test_unreadable_200_and_a_lagging_lookup_is_an_unknown_outcome_carrying_the_id() -> None:
    fake = FakeAlpacaTrading()
    client = client_on(fake, garble=True, lag=True)
    with pytest.raises(OrderOutcomeUnknownError) as info:
        client.submit_order("AAPL", "buy", "1", client_order_id="c-2")
    assert info.value.client_order_id == "c-2"
    # the caller's retry with that id cannot create a second order
    with pytest.raises(OrderOutcomeUnknownError):
        client.submit_order("AAPL", "buy", "1", client_order_id="c-2")
    assert len(fake.orders) == 1


def test_duplicate_id_refused_while_the_lookup_lags_is_unknown_not_invalid() -> None:
    fake = FakeAlpacaTrading()
    client_on(fake).submit_order("AAPL", "buy", "1", client_order_id="c-3")
    with pytest.raises(OrderOutcomeUnknownError) as info:
        client_on(fake, lag=True).submit_order("AAPL", "buy", "1", client_order_id="c-3")
    assert info.value.client_order_id == "c-3"
    assert len(fake.orders) == 1


# --- trailing stops -------------------------------------------------------------------------------


def test_trailing_stop_with_a_percent_is_sent_and_read_back() -> None:
    fake = FakeAlpacaTrading()
    order = client_on(fake).submit_order(
        "AAPL", "sell", "1", type="trailing_stop", time_in_force="gtc", trail_percent="2.5"
    )
    body = json.loads(fake.requests[-1].content)
    assert body["trail_percent"] == "2.5"
    assert "trail_price" not in body
    assert order.type is OrderType.TRAILING_STOP
    assert order.trail_percent == Decimal("2.5")


def test_trailing_stop_with_a_price() -> None:
    fake = FakeAlpacaTrading()
    order = client_on(fake).submit_order(
        "AAPL", "sell", "1", type="trailing_stop", trail_price="1.25"
    )
    assert order.trail_price == Decimal("1.25")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"type": "trailing_stop"}, "exactly one of trail_price or trail_percent"),
        (
            {"type": "trailing_stop", "trail_price": "1", "trail_percent": "1"},
            "exactly one",
        ),
        ({"type": "trailing_stop", "trail_percent": "100"}, "below 100"),
        ({"type": "trailing_stop", "trail_percent": "0"}, "must be positive"),
        ({"type": "trailing_stop", "trail_price": "-1"}, "must be positive"),
        ({"type": "trailing_stop", "trail_price": "1", "time_in_force": "ioc"}, "'day' or 'gtc'"),
        ({"type": "trailing_stop", "trail_price": "1", "limit_price": "5"}, "takes no limit_price"),
        ({"type": "market", "trail_percent": "2"}, "takes no trail_price or trail_percent"),
        ({"type": "limit", "limit_price": "5", "trail_price": "1"}, "takes no trail"),
    ],
)
def test_trailing_stop_arguments_are_validated_before_sending(
    kwargs: dict[str, str], match: str
) -> None:
    fake = FakeAlpacaTrading()
    with pytest.raises(ValidationError, match=match):
        client_on(fake).submit_order("AAPL", "sell", "1", **kwargs)  # type: ignore[arg-type]
    assert fake.requests == []


def test_trailing_stop_request_and_answer_meet_alpacas_contract(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    order = client.submit_order("AAPL", "sell", "1", type="trailing_stop", trail_percent="3")
    assert order.trail_percent == Decimal("3")
    assert fake.contract is not None
    assert fake.contract.checked_requests >= 1
