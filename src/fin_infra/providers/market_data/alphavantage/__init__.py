"""Alpha Vantage: quotes, bars and search, with its HTTP-200 errors typed and both quotas kept."""

from __future__ import annotations

from fin_infra.providers.market_data.alphavantage.client import (
    BASE_URL,
    FREE_TIER,
    AlphaVantageMarketData,
    AsyncAlphaVantageMarketData,
    check_body,
)

__all__ = [
    "BASE_URL",
    "FREE_TIER",
    "AlphaVantageMarketData",
    "AsyncAlphaVantageMarketData",
    "check_body",
]
