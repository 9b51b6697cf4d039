"""Market-data fixtures: contract-checked fakes and clients wired to them (instant backoff)."""

from __future__ import annotations

import httpx
import pytest

from fin_infra.providers import RetryPolicy
from fin_infra.providers.market_data.alpaca import AlpacaMarketData
from fin_infra.providers.market_data.polygon import PolygonMarketData
from tests.fakes.contract import QueryContract, load_contract
from tests.fakes.market import (
    ALPACA_KEY_ID,
    ALPACA_SECRET,
    POLYGON_KEY,
    FakeAlpacaData,
    FakePolygon,
)

FAST_RETRY = RetryPolicy(max_attempts=3, base_backoff=0.25, jitter=0.0)


class _BothAlpacaContracts(QueryContract):
    """Alpaca's data host serves the data document; ``/v2/assets`` is the trading document's."""

    def __init__(self, data: QueryContract, trading: QueryContract) -> None:
        self.data, self.trading = data, trading

    def _pick(self, path: str) -> QueryContract:
        return self.trading if path.startswith("/v2/assets") else self.data

    def check_request(self, request: httpx.Request) -> None:
        self._pick(request.url.path).check_request(request)

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        self._pick(request.url.path).check_response(request, response)


@pytest.fixture
def sleeps() -> list[float]:
    """Backoff delays the clients asked for (recorded instead of slept)."""
    return []


@pytest.fixture
def alpaca_fake() -> FakeAlpacaData:
    """Alpaca's data API, every request and response checked against both Alpaca documents."""
    contract = _BothAlpacaContracts(
        load_contract("alpaca", "market-data-api.json"),
        load_contract("alpaca", "trading-api.json"),
    )
    return FakeAlpacaData(contract)


@pytest.fixture
def alpaca(alpaca_fake: FakeAlpacaData, sleeps: list[float]) -> AlpacaMarketData:
    """An AlpacaMarketData client on the fake, small pages so paging is exercised."""
    return AlpacaMarketData(
        ALPACA_KEY_ID,
        ALPACA_SECRET,
        transport=alpaca_fake.transport,
        retry=FAST_RETRY,
        rate_limit=None,
        sleep=sleeps.append,
        page_size=50,
    )


@pytest.fixture
def polygon_fake() -> FakePolygon:
    """Polygon's REST API, checked against Polygon's OpenAPI document."""
    return FakePolygon(load_contract("polygon", "rest.json"))


@pytest.fixture
def polygon(polygon_fake: FakePolygon, sleeps: list[float]) -> PolygonMarketData:
    """A PolygonMarketData client on the fake, small pages so ``next_url`` is followed."""
    return PolygonMarketData(
        POLYGON_KEY,
        transport=polygon_fake.transport,
        retry=FAST_RETRY,
        sleep=sleeps.append,
        page_size=40,
    )
