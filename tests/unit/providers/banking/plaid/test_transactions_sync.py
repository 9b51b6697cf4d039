"""/transactions/sync end to end against the stateful fake: paging, restarts, faults."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import httpx
import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import Transaction
from fin_infra.providers import (
    ItemLoginRequiredError,
    MalformedResponseError,
    ProviderServerError,
    RetryPolicy,
)
from fin_infra.providers.banking import SyncAccumulator, TransactionsSyncResult
from fin_infra.providers.banking.plaid import (
    AsyncPlaidClient,
    PlaidClient,
    TransactionsSyncMutationError,
)
from fin_infra.providers.banking.plaid._core import parse
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid


def apply(store: dict[str, Transaction], result: TransactionsSyncResult) -> None:
    """What an application does with a sync result."""
    for txn in [*result.added, *result.modified]:
        store[txn.id] = txn
    for txn_id in result.removed:
        store.pop(txn_id, None)


def mirror(*results: TransactionsSyncResult) -> dict[str, Transaction]:
    """The caller's copy after applying ``results`` in order to an empty store."""
    store: dict[str, Transaction] = {}
    for result in results:
        apply(store, result)
    return store


def assert_mirrors(store: dict[str, Transaction], fake: FakePlaid, token: str) -> None:
    """The application's copy equals the server's truth: nothing lost, duplicated or stale."""
    truth = fake.items[token].transactions
    assert store.keys() == truth.keys()
    for txn_id, wire in truth.items():
        assert store[txn_id].amount == -Decimal(repr(wire["amount"]))


def assert_no_duplicates(result: TransactionsSyncResult) -> None:
    ids = [t.id for t in result.added] + [t.id for t in result.modified] + result.removed
    assert len(ids) == len(set(ids))


def sync_bodies(fake: FakePlaid) -> list[dict[str, object]]:
    return [b for p, b in fake.bodies if p == "/transactions/sync"]


def test_full_history_over_many_pages_then_incremental(
    client: PlaidClient, fake: FakePlaid
) -> None:
    token = fake.add_item(transactions=2_600)
    result = client.transactions_sync(token)
    assert len(result.added) == 2_600
    assert result.modified == result.removed == []
    assert fake.sync_pages_served == 6  # 500 per page
    store: dict[str, Transaction] = {}
    apply(store, result)
    assert_mirrors(store, fake, token)
    # Nothing new: one page, same content, a cursor to keep.
    again = client.transactions_sync(token, cursor=result.next_cursor)
    assert (again.added, again.modified, again.removed) == ([], [], [])
    # Changes since the stored cursor come back, and only them.
    some = list(store)[:3]
    new_ids = fake.add_transactions(token, 4)
    fake.modify_transaction(token, some[0], 12.34)
    fake.remove_transaction(token, some[1])
    delta = client.transactions_sync(token, cursor=again.next_cursor)
    assert sorted(t.id for t in delta.added) == sorted(new_ids)
    assert [(t.id, t.amount) for t in delta.modified] == [(some[0], Decimal("-12.34"))]
    assert delta.removed == [some[1]]
    apply(store, delta)
    assert_mirrors(store, fake, token)


def test_plaid_sign_is_flipped_and_fields_mapped(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item(transactions=1)
    [txn_id] = fake.items[token].transactions
    fake.modify_transaction(token, txn_id, 25.5)  # Plaid: positive = money out
    result = client.transactions_sync(token)
    [txn] = result.added
    wire = fake.items[token].transactions[txn_id]
    assert txn.amount == Decimal("-25.5")
    assert txn.is_outflow
    assert txn.account_id == wire["account_id"]
    assert txn.date.isoformat() == wire["date"]
    assert txn.category == wire["personal_finance_category"]["primary"]
    assert txn.merchant_name == wire["merchant_name"]


def test_pages_stream_lazily(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item(transactions=1_200)
    pages = client.iter_transactions_sync(token, count=500)
    first = next(pages)
    assert fake.sync_pages_served == 1
    assert len(first.added) == 500
    assert first.has_more
    assert first.cursor is None
    rest = list(pages)
    assert [len(p.added) for p in rest] == [500, 200]
    assert rest[0].cursor == first.next_cursor
    assert not rest[-1].has_more


def test_mutation_during_pagination_restarts_from_the_first_cursor(
    client: PlaidClient, fake: FakePlaid
) -> None:
    token = fake.add_item(transactions=400)
    first = client.transactions_sync(token, count=200)
    fake.add_transactions(token, 500)  # the next loop spans three pages of 200
    seen = [t.id for t in first.added]
    fake.churn_after_page(token, 2, add=3, modify=[seen[0]], remove=[seen[1]])
    start = len(sync_bodies(fake))
    pages = list(client.iter_transactions_sync(token, cursor=first.next_cursor, count=200))
    restarted = [p for p in pages if p.restarted]
    assert len(restarted) == 1
    assert restarted[0].cursor == first.next_cursor
    # Requests of this loop: first cursor, page 2, page 3 (refused: data changed), then the
    # whole loop again from the *first* cursor, not from the failed page.
    cursors = [b.get("cursor") for b in sync_bodies(fake)[start:]]
    assert cursors[0] == first.next_cursor
    assert cursors[1] not in (None, first.next_cursor)
    assert cursors[2] not in (None, first.next_cursor, cursors[1])
    assert cursors[3] == first.next_cursor
    assert len(cursors) == len(pages) + 1  # one refused request
    # Folding the streamed pages (restart included) leaves the caller in step with the server.
    result = SyncAccumulator.collect(pages)
    assert_no_duplicates(result)
    assert_mirrors(mirror(first, result), fake, token)


def test_collected_result_after_a_restart_mirrors_the_server(
    client: PlaidClient, fake: FakePlaid
) -> None:
    token = fake.add_item(transactions=600)
    ids = list(fake.items[token].transactions)
    fake.churn_after_page(token, 2, add=2, modify=[ids[1]], remove=[ids[0]])
    result = client.transactions_sync(token, count=200)
    assert fake.calls.count("/transactions/sync") == 2 + 1 + 4  # 2 pages, refused, 4 pages
    assert_no_duplicates(result)
    assert result.modified == result.removed == []  # all net-new relative to an empty start
    assert_mirrors(mirror(result), fake, token)


def test_endless_mutation_gives_up_with_the_typed_error(
    client: PlaidClient, fake: FakePlaid
) -> None:
    token = fake.add_item(transactions=600)
    fake.on_sync_page = lambda item, served: fake.add_transactions(token, 1)
    with pytest.raises(TransactionsSyncMutationError) as info:
        client.transactions_sync(token)
    assert info.value.code == "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"
    assert fake.sync_pages_served == 4  # first try + 3 restarts, one page each


def test_429_then_success_waits_retry_after(
    client: PlaidClient, fake: FakePlaid, sleeps: list[float]
) -> None:
    token = fake.add_item(transactions=700)
    fake.fail_next(
        "/transactions/sync",
        status=429,
        error_type="RATE_LIMIT_EXCEEDED",
        error_code="TRANSACTIONS_SYNC_LIMIT",
        message="rate limit exceeded for attempts to access this item",
        headers={"Retry-After": "2"},
    )
    result = client.transactions_sync(token)
    assert len(result.added) == 700
    assert sleeps == [2.0]


def test_500_then_success_backs_off(
    client: PlaidClient, fake: FakePlaid, sleeps: list[float]
) -> None:
    token = fake.add_item(transactions=10)
    fake.fail_next("/transactions/sync", times=2)
    assert len(client.transactions_sync(token).added) == 10
    assert sleeps == [0.25, 0.5]


def test_persistent_500_surfaces_typed_error(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item(transactions=10)
    fake.fail_next("/transactions/sync", times=3)
    with pytest.raises(ProviderServerError) as info:
        client.transactions_sync(token)
    assert info.value.code == "INTERNAL_SERVER_ERROR"
    assert info.value.retryable


def test_timeout_then_success(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item(transactions=800)
    fake.fail_next("/transactions/sync", exception=httpx.ReadTimeout("read timed out"))
    result = client.transactions_sync(token)
    assert len(result.added) == 800
    assert len({t.id for t in result.added}) == 800


def test_item_login_required_is_typed_and_not_retried(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item(transactions=5)
    client.sandbox_reset_login(token)
    calls = len(fake.calls)
    with pytest.raises(ItemLoginRequiredError) as info:
        client.transactions_sync(token)
    assert len(fake.calls) == calls + 1
    assert info.value.display_message == "Please log in again."
    assert not info.value.retryable
    assert token not in f"{info.value}{info.value!r}"


def test_malformed_json_is_typed_and_not_retried(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item(transactions=5)
    fake.fail_next("/transactions/sync", status=200, raw=b'{"added": [{"transaction_id": ')
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        client.transactions_sync(token)
    fake.fail_next("/transactions/sync", status=200, raw=b'{"added": []}')
    with pytest.raises(MalformedResponseError, match="WireSyncResponse"):
        client.transactions_sync(token)


def test_count_is_bounded(client: PlaidClient, fake: FakePlaid) -> None:
    with pytest.raises(ValidationError, match="count"):
        client.transactions_sync(fake.add_item(), count=501)


def test_amounts_never_pass_through_float() -> None:
    body = {"amount": "PLACEHOLDER"}
    raw = json.dumps(body).replace('"PLACEHOLDER"', "0.1000000000000000055511151231257827").encode()
    response = httpx.Response(200, content=raw, request=httpx.Request("POST", "https://x/y"))

    from pydantic import BaseModel

    class Probe(BaseModel):
        amount: Decimal

    assert parse(response, Probe).amount == Decimal("0.1000000000000000055511151231257827")


def test_async_client_syncs_the_same_way(fake: FakePlaid) -> None:
    token = fake.add_item(transactions=600)
    fake.fail_next("/transactions/sync")
    fake.churn_after_page(token, 2, add=2)
    delays: list[float] = []

    async def asleep(delay: float) -> None:
        delays.append(delay)

    async def run() -> TransactionsSyncResult:
        async with AsyncPlaidClient(
            CLIENT_ID,
            SECRET,
            transport=fake.transport,
            sleep=asleep,
            rand=lambda: 0.0,
            rate_limit=None,
            retry=RetryPolicy(base_backoff=0.25),
        ) as client:
            accounts = await client.accounts(token)
            assert len(accounts) == 3
            return await client.transactions_sync(token, count=250)

    result = asyncio.run(run())
    assert delays == [0.25]
    assert_no_duplicates(result)
    assert_mirrors(mirror(result), fake, token)
