"""PlaidClient endpoints against the contract-checked fake: link, items, accounts, investments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import AccountType, SecurityType
from fin_infra.providers import (
    AuthenticationError,
    InvalidRequestError,
    ProviderServerError,
    Secret,
)
from fin_infra.providers.banking import BankingProvider
from fin_infra.providers.banking.plaid import PlaidClient
from tests.fakes.openapi import ContractViolationError, OpenApiContract
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid


def test_link_flow_sandbox_token_exchange_and_accounts(
    client: PlaidClient, fake: FakePlaid
) -> None:
    assert fake.contract is not None
    before = (fake.contract.checked_requests, fake.contract.checked_responses)
    link = client.create_link_token("user-42", products=["transactions"])
    assert link.link_token.startswith("link-sandbox-")
    assert "link-sandbox" not in repr(link)
    public = client.sandbox_public_token("ins_109508")
    exchange = client.exchange_public_token(public)
    assert exchange.access_token in fake.items
    assert exchange.access_token not in repr(exchange)
    accounts = client.accounts(exchange.access_token)
    assert [a.type for a in accounts] == [
        AccountType.DEPOSITORY,
        AccountType.DEPOSITORY,
        AccountType.CREDIT,
    ]
    checking = accounts[0]
    assert checking.balances.current == Decimal("1210.55")
    assert checking.balances.currency == "USD"
    assert checking.institution_id == "ins_109508"
    assert accounts[2].is_liability
    after = (fake.contract.checked_requests, fake.contract.checked_responses)
    assert (after[0] - before[0], after[1] - before[1]) == (4, 4)


def test_public_token_is_single_use(client: PlaidClient) -> None:
    public = client.sandbox_public_token("ins_109508")
    client.exchange_public_token(public)
    with pytest.raises(InvalidRequestError) as info:
        client.exchange_public_token(public)
    assert info.value.code == "INVALID_PUBLIC_TOKEN"


def test_balances_item_and_remove(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item()
    assert len(client.balances(token)) == 3
    assert client.item(token).institution_id == "ins_109508"
    client.remove_item(token)
    with pytest.raises(AuthenticationError) as info:
        client.accounts(token)
    assert info.value.code == "INVALID_ACCESS_TOKEN"
    assert token not in str(info.value)


def test_identity_liabilities_and_institutions(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item()
    owners = client.identity(token)
    assert owners
    assert owners[0].owners[0].names
    liabilities = client.liabilities(token)
    assert liabilities.credit
    assert isinstance(liabilities.credit[0].last_statement_balance, Decimal)
    institutions = client.search_institutions("platypus", products=["transactions"])
    assert institutions
    assert institutions[0].institution_id


def test_holdings_normalized(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item()
    holdings, securities = client.holdings(token)
    assert holdings
    assert securities
    by_id = {s.id: s for s in securities}
    for h in holdings:
        assert isinstance(h.quantity, Decimal)
        assert h.security_id in by_id
        assert h.symbol == by_id[h.security_id].symbol
    assert {s.type for s in securities} <= set(SecurityType)


def test_investment_transactions_follow_offset_pages(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item()
    found = client.investment_transactions(token, "2023-01-01", "2023-12-31")
    assert found
    assert len({t.investment_transaction_id for t in found}) == len(found)


def test_sandbox_webhook_helper(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item()
    client.sandbox_fire_webhook(token, "SYNC_UPDATES_AVAILABLE")
    assert fake.calls[-1] == "/sandbox/item/fire_webhook"


def test_wrong_secret_is_an_authentication_error_without_the_secret(fake: FakePlaid) -> None:
    wrong = "wrong-secret-value-123456"
    client = PlaidClient(CLIENT_ID, wrong, transport=fake.transport, rate_limit=None)
    with pytest.raises(AuthenticationError) as info:
        client.accounts(fake.add_item())
    assert info.value.code == "INVALID_API_KEYS"
    assert info.value.request_id
    assert wrong not in f"{info.value}{info.value!r}{client!r}"


def test_secret_may_be_passed_as_a_secret(fake: FakePlaid) -> None:
    client = PlaidClient(CLIENT_ID, Secret(SECRET), transport=fake.transport, rate_limit=None)
    assert len(client.accounts(fake.add_item())) == 3


def test_missing_credentials_raise_a_hint() -> None:
    with pytest.raises(ValidationError, match="Dashboard"):
        PlaidClient("", SECRET)
    with pytest.raises(ValidationError, match="environment"):
        PlaidClient(CLIENT_ID, SECRET, environment="staging")  # type: ignore[arg-type]


def test_production_environment_and_base_url(fake: FakePlaid) -> None:
    seen: list[str] = []

    def spy(request):  # type: ignore[no-untyped-def]
        seen.append(str(request.url))
        return fake(request)

    import httpx

    prod = PlaidClient(
        CLIENT_ID, SECRET, environment="production", transport=httpx.MockTransport(spy)
    )
    local = PlaidClient(
        CLIENT_ID, SECRET, base_url="http://localhost:8080", transport=httpx.MockTransport(spy)
    )
    token = fake.add_item()
    prod.accounts(token)
    local.accounts(token)
    assert seen == [
        "https://production.plaid.com/accounts/get",
        "http://localhost:8080/accounts/get",
    ]


def test_client_is_a_banking_provider(client: PlaidClient) -> None:
    assert isinstance(client, BankingProvider)


def test_the_contract_check_is_not_vacuous(plaid_contract: OpenApiContract) -> None:
    import httpx

    bad = httpx.Request(
        "POST",
        "https://sandbox.plaid.com/transactions/sync",
        json={"count": 500},  # access_token is required
        headers={
            "PLAID-CLIENT-ID": CLIENT_ID,
            "PLAID-SECRET": SECRET,
            "Plaid-Version": "2020-09-14",
        },
    )
    with pytest.raises(ContractViolationError, match="access_token"):
        plaid_contract.check_request(bad)
    good = httpx.Request(
        "POST",
        "https://sandbox.plaid.com/transactions/sync",
        json={"access_token": "a"},
        headers=bad.headers,
    )
    plaid_contract.check_request(good)
    response = httpx.Response(200, json={"added": [], "request_id": "r"})
    with pytest.raises(ContractViolationError):
        plaid_contract.check_response(good, response)


def test_writes_are_not_retried_but_reads_are(client: PlaidClient, fake: FakePlaid) -> None:
    token = fake.add_item()
    fake.fail_next("/item/remove")
    with pytest.raises(ProviderServerError):
        client.remove_item(token)
    assert fake.calls.count("/item/remove") == 1
    fake.fail_next("/link/token/create", status=503)
    with pytest.raises(ProviderServerError):
        client.create_link_token("user-1")
    assert fake.calls.count("/link/token/create") == 1
    fake.fail_next("/accounts/get", status=503)
    assert len(client.accounts(token)) == 3
    assert fake.calls.count("/accounts/get") == 2
