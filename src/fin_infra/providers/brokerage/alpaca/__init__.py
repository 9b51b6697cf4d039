"""Alpaca Trading API v2: account, positions, exactly-once orders, assets, clock, calendar."""

from __future__ import annotations

from fin_infra.providers.brokerage.alpaca.client import (
    LIVE_URL,
    PAPER_URL,
    AlpacaClient,
    AsyncAlpacaClient,
)

__all__ = ["LIVE_URL", "PAPER_URL", "AlpacaClient", "AsyncAlpacaClient"]
