"""Market data behind one provider-neutral interface, :class:`MarketDataProvider`.

Vendors live one per folder (``alpaca``, ``polygon``, ``alphavantage``, ``coingecko``, and the
offline ``sandbox``) and are imported only when used.
"""

from __future__ import annotations

from fin_infra.providers.market_data.base import (
    BarsQuery,
    Interval,
    MarketDataProvider,
    collect_bars,
)

__all__ = [
    "BarsQuery",
    "Interval",
    "MarketDataProvider",
    "collect_bars",
]
