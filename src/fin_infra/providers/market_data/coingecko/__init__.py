"""CoinGecko: crypto quotes, hourly-sampled history and coin search."""

from __future__ import annotations

from fin_infra.providers.market_data.coingecko.client import (
    DEMO_PLAN,
    PRO_URL,
    PUBLIC_URL,
    AsyncCoinGeckoMarketData,
    CoinGeckoMarketData,
    split_pair,
)

__all__ = [
    "DEMO_PLAN",
    "PRO_URL",
    "PUBLIC_URL",
    "AsyncCoinGeckoMarketData",
    "CoinGeckoMarketData",
    "split_pair",
]
