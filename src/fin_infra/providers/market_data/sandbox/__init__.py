"""The offline ``sandbox`` market-data provider: deterministic prices for a small catalog."""

from __future__ import annotations

from fin_infra.providers.market_data.sandbox.provider import CATALOG, SandboxMarketData

__all__ = ["CATALOG", "SandboxMarketData"]
