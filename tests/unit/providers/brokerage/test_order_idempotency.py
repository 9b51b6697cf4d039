"""Orders are never duplicated: faults injected around the submit, exactly one order after.

The fake accepts the order and then loses the answer (``after_commit``), fails before acting,
or returns 5xx; the client must end with the one order that exists, found by its
``client_order_id``, and never create a second.
"""

from __future__ import annotations

import asyncio
import pickle

import httpx
import pytest

from fin_infra.providers import InvalidRequestError, RetryPolicy
from fin_infra.providers.brokerage import OrderOutcomeUnknownError, OrderStatus
from fin_infra.providers.brokerage.alpaca import AlpacaClient, AsyncAlpacaClient
from tests.fakes.alpaca import FakeAlpacaTrading
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET

LOST = httpx.ReadTimeout("the answer never arrived")


def one_order(fake: FakeAlpacaTrading, client_order_id: str) -> dict[str, object]:
    orders = fake.orders_with(client_order_id)
    assert len(orders) == 1, f"{len(orders)} orders carry {client_order_id}"
    assert len(fake.orders) == 1
    return orders[0]


def test_timeout_after_accept_then_retry_finds_the_order(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    fake.fail_next("POST /v2/orders$", exception=LOST, after_commit=True)
    order = client.submit_order("AAPL", "buy", "1", client_order_id="coid-1")
    stored = one_order(fake, "coid-1")
    assert order.id == stored["id"]
    assert order.status is OrderStatus.FILLED
    assert fake.calls() == [
        "POST /v2/orders",  # accepted, answer lost
        "POST /v2/orders",  # retried with the same client_order_id: 422 not unique
        "GET /v2/orders:by_client_order_id",  # resolved by looking it up
    ]
    bodies = [r.content for r in fake.requests if r.method == "POST"]
    assert bodies[0] == bodies[1]


def test_generated_client_order_id_is_reused_on_retry(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    fake.fail_next("POST /v2/orders$", exception=LOST, after_commit=True)
    order = client.submit_order("MSFT", "sell", "2", type="limit", limit_price="500")
    one_order(fake, order.client_order_id)
    posted = [r for r in fake.requests if r.method == "POST"]
    assert len(posted) == 2
    assert posted[0].content == posted[1].content


def no_retry_client(fake: FakeAlpacaTrading) -> AlpacaClient:
    """A client whose seam never retries, so only the order logic can recover."""
    return AlpacaClient(
        ALPACA_KEY_ID,
        ALPACA_SECRET,
        transport=fake.transport,
        retry=RetryPolicy.never(),
        rate_limit=None,
    )


def test_without_seam_retries_the_lookup_alone_resolves_it(fake: FakeAlpacaTrading) -> None:
    client = no_retry_client(fake)
    fake.fail_next("POST /v2/orders$", exception=LOST, after_commit=True)
    order = client.submit_order("AAPL", "buy", "1", client_order_id="coid-2")
    assert order.id == one_order(fake, "coid-2")["id"]
    assert fake.calls() == ["POST /v2/orders", "GET /v2/orders:by_client_order_id"]


def test_lost_before_accept_sends_again_once(fake: FakeAlpacaTrading) -> None:
    client = no_retry_client(fake)
    fake.fail_next("POST /v2/orders$", exception=httpx.ConnectError("connection reset"))
    order = client.submit_order("AAPL", "buy", "1", client_order_id="coid-3")
    assert order.id == one_order(fake, "coid-3")["id"]
    assert fake.calls() == [
        "POST /v2/orders",  # never reached the server
        "GET /v2/orders:by_client_order_id",  # 404: no such order
        "POST /v2/orders",  # safe to send again
    ]


def test_server_error_after_accept(client: AlpacaClient, fake: FakeAlpacaTrading) -> None:
    fake.fail_next("POST /v2/orders$", status=503, after_commit=True)
    order = client.submit_order("SPY", "buy", "1", client_order_id="coid-4")
    assert order.id == one_order(fake, "coid-4")["id"]


def test_every_attempt_lost_and_lookup_down_is_outcome_unknown(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    fake.fail_next("POST /v2/orders$", exception=LOST, after_commit=True)
    fake.fail_next("POST /v2/orders$", times=2, exception=LOST)
    fake.fail_next("by_client_order_id", times=3, exception=LOST)
    with pytest.raises(OrderOutcomeUnknownError) as info:
        client.submit_order("AAPL", "buy", "1", client_order_id="coid-5")
    assert info.value.client_order_id == "coid-5"
    assert info.value.retryable
    # Later, the caller resolves it by the id the error carries, and sees exactly one order.
    assert client.get_order_by_client_id("coid-5").id == one_order(fake, "coid-5")["id"]
    again = client.submit_order("AAPL", "buy", "1", client_order_id="coid-5")
    assert again.id == one_order(fake, "coid-5")["id"]


def test_reusing_an_id_for_a_different_order_is_refused(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    client.submit_order("AAPL", "buy", "1", client_order_id="coid-6")
    with pytest.raises(InvalidRequestError, match="different order"):
        client.submit_order("MSFT", "buy", "1", client_order_id="coid-6")
    one_order(fake, "coid-6")


def test_genuine_rejection_is_not_masked(client: AlpacaClient, fake: FakeAlpacaTrading) -> None:
    with pytest.raises(InvalidRequestError, match="not found"):
        client.submit_order("ZZZZ", "buy", "1")
    assert fake.calls() == ["POST /v2/orders"]
    assert fake.orders == {}


def test_replace_with_lost_answer_yields_the_one_replacement(
    client: AlpacaClient, fake: FakeAlpacaTrading
) -> None:
    old = client.submit_order("AAPL", "buy", "1", type="limit", limit_price="150")
    fake.fail_next("PATCH", exception=LOST, after_commit=True)
    new = client.replace_order(old.id, limit_price="151", client_order_id="repl-1")
    assert new.id == fake.orders_with("repl-1")[0]["id"]
    assert len(fake.orders_with("repl-1")) == 1
    assert len(fake.orders) == 2
    assert fake.calls("PATCH|by_client") == [
        f"PATCH /v2/orders/{old.id}",
        f"PATCH /v2/orders/{old.id}",  # 422: already replaced
        "GET /v2/orders:by_client_order_id",
    ]


def test_async_client_is_exactly_once_too(fake: FakeAlpacaTrading) -> None:
    async def scenario() -> str:
        async def no_sleep(_: float) -> None:
            return None

        async with AsyncAlpacaClient(
            ALPACA_KEY_ID,
            ALPACA_SECRET,
            transport=fake.transport,
            rate_limit=None,
            sleep=no_sleep,
        ) as client:
            fake.fail_next("POST /v2/orders$", exception=LOST, after_commit=True)
            order = await client.submit_order("AAPL", "buy", "1", client_order_id="coid-7")
            assert (await client.get_order(order.id)).id == order.id
            return order.id

    assert asyncio.run(scenario()) == one_order(fake, "coid-7")["id"]


def test_outcome_unknown_survives_pickling_for_task_queues() -> None:
    error = OrderOutcomeUnknownError("lost", provider="alpaca", client_order_id="coid-8")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.client_order_id, again.retryable) == (
        OrderOutcomeUnknownError,
        "coid-8",
        True,
    )
