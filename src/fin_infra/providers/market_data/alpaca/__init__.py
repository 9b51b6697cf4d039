"""Alpaca Market Data v2: stock and crypto quotes (snapshots), paginated bars, asset search;
sync and async."""

from __future__ import annotations

from fin_infra.providers.market_data.alpaca.client import (
    DATA_URL,
    AlpacaMarketData,
    AsyncAlpacaMarketData,
)

__all__ = ["DATA_URL", "AlpacaMarketData", "AsyncAlpacaMarketData"]
