"""Banking test fixtures: Plaid's OpenAPI contract (parsed once per session), the fake, a client."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from fin_infra.providers import RetryPolicy
from fin_infra.providers.banking.plaid import PlaidClient
from tests.conftest import shared_path
from tests.fakes.openapi import OpenApiContract
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(scope="session")
def plaid_contract() -> OpenApiContract:
    """Plaid's OpenAPI document from ../shared, parsed once for the whole session."""
    path = shared_path("specs", "plaid", "2020-09-14.yml")
    with path.open("rb") as f:
        spec = yaml.load(f, Loader=Loader)
    return OpenApiContract(spec, server="https://sandbox.plaid.com")


@pytest.fixture
def fake(plaid_contract: OpenApiContract) -> FakePlaid:
    """A fresh fake Plaid that validates every request and response against the contract."""
    return FakePlaid(contract=plaid_contract)


@pytest.fixture
def sleeps() -> list[float]:
    """Backoff delays the client asked for (recorded instead of slept)."""
    return []


@pytest.fixture
def client(fake: FakePlaid, sleeps: list[float]) -> PlaidClient:
    """A PlaidClient wired to the fake, with instant backoff and no client-side rate limit."""
    return PlaidClient(
        CLIENT_ID,
        SECRET,
        transport=fake.transport,
        sleep=sleeps.append,
        rand=lambda: 0.0,
        rate_limit=None,
        retry=RetryPolicy(max_attempts=3, base_backoff=0.25, jitter=0.5),
    )
