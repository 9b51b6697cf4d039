"""Brokerage fixtures: a contract-checked fake Alpaca and a client on it (instant backoff)."""

from __future__ import annotations

import pytest

from fin_infra.providers import RetryPolicy
from fin_infra.providers.brokerage.alpaca import AlpacaClient
from tests.fakes.alpaca import FakeAlpacaTrading
from tests.fakes.contract import load_contract
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET


@pytest.fixture
def fake() -> FakeAlpacaTrading:
    """Alpaca's trading API; every request and response checked against its OpenAPI document."""
    return FakeAlpacaTrading(load_contract("alpaca", "trading-api.json"))


@pytest.fixture
def sleeps() -> list[float]:
    """Backoff delays the client asked for (recorded instead of slept)."""
    return []


@pytest.fixture
def client(fake: FakeAlpacaTrading, sleeps: list[float]) -> AlpacaClient:
    """A paper AlpacaClient wired to the fake."""
    return AlpacaClient(
        ALPACA_KEY_ID,
        ALPACA_SECRET,
        transport=fake.transport,
        retry=RetryPolicy(max_attempts=3, base_backoff=0.5, jitter=0.0),
        rate_limit=None,
        sleep=sleeps.append,
    )
