"""One caller, two aggregators: code written against BankingProvider runs on Plaid and sandbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from decimal import Decimal

import pytest

from fin_infra.providers import ItemLoginRequiredError
from fin_infra.providers.banking import BankingProvider, SyncPage, easy_banking
from fin_infra.providers.banking.plaid import AsyncPlaidClient, PlaidClient
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid


def link_and_sync(bank: BankingProvider, public_token: str) -> tuple[int, Decimal, str]:
    """A provider-neutral application flow: link, list accounts, sync, return a summary."""
    exchange = bank.exchange_public_token(public_token)
    accounts = bank.accounts(exchange.access_token)
    result = bank.transactions_sync(exchange.access_token)
    again = bank.transactions_sync(exchange.access_token, cursor=result.next_cursor)
    assert again.added == again.modified == again.removed == []
    net = sum((t.amount for t in result.added), Decimal(0))
    return len(accounts), net, result.next_cursor


def test_the_same_caller_runs_on_plaid_and_sandbox(client: PlaidClient, fake: FakePlaid) -> None:
    sandbox = easy_banking("sandbox", as_of=dt.date(2025, 6, 30))
    n_accounts, _, cursor = link_and_sync(sandbox, sandbox.sandbox_public_token("ins_fi_platypus"))
    assert n_accounts == 3
    assert cursor

    public = client.sandbox_public_token("ins_109508")
    [token] = fake.items  # the item behind the public token, on the fake server
    fake.add_transactions(token, 50)
    n_accounts, net, cursor = link_and_sync(client, public)
    wire = fake.items[token].transactions.values()
    expected = -sum(Decimal(repr(t["amount"])) for t in wire)  # Plaid's sign, flipped
    assert (n_accounts, net) == (3, expected)
    assert cursor


def test_no_secret_or_token_reaches_the_logs(
    client: PlaidClient, fake: FakePlaid, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = fake.add_item(transactions=20)
    fake.fail_next("/transactions/sync", status=500, message=f"boom for {token} / {SECRET}")
    client.transactions_sync(token)
    client.sandbox_reset_login(token)
    with pytest.raises(ItemLoginRequiredError):
        client.accounts(token)
    assert "retrying" in caplog.text
    assert token not in caplog.text
    assert SECRET not in caplog.text


def test_async_client_streams_pages_and_maps_errors(fake: FakePlaid) -> None:
    token = fake.add_item(transactions=700)

    async def run() -> list[SyncPage]:
        async with AsyncPlaidClient(
            CLIENT_ID, SECRET, transport=fake.transport, rate_limit=None
        ) as c:
            pages = [p async for p in c.iter_transactions_sync(token, count=300)]
            fake.items[token].login_required = True
            with pytest.raises(ItemLoginRequiredError):
                await c.balances(token)
            return pages

    pages = asyncio.run(run())
    assert [len(p.added) for p in pages] == [300, 300, 100]
