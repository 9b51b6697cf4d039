"""Alpaca Market Data v2: stock quotes (snapshots), paginated bars, asset search."""

from __future__ import annotations

from fin_infra.providers.market_data.alpaca.client import DATA_URL, AlpacaMarketData

__all__ = ["DATA_URL", "AlpacaMarketData"]
