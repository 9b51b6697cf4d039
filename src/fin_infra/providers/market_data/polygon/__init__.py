"""Polygon (Massive) REST: snapshots, aggregates with ``next_url`` paging, ticker search."""

from __future__ import annotations

from fin_infra.providers.market_data.polygon.client import (
    BASE_URL,
    FREE_TIER,
    AsyncPolygonMarketData,
    PolygonMarketData,
)

__all__ = ["BASE_URL", "FREE_TIER", "AsyncPolygonMarketData", "PolygonMarketData"]
