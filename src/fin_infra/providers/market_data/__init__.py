"""Market data behind one provider-neutral interface, :class:`MarketDataProvider`.

Vendors live one per folder (``alpaca``, ``polygon``, ``alphavantage``, ``coingecko``, and the
offline ``sandbox``) and load only when used; :func:`easy_market_data` builds one by name, or
several tried in order (:class:`FallbackMarketData`) behind a TTL cache
(:class:`CachedMarketData`, in memory or Redis).
"""

from __future__ import annotations

from fin_infra.providers.market_data.base import (
    BarsQuery,
    Interval,
    MarketDataProvider,
    collect_bars,
)
from fin_infra.providers.market_data.cache import (
    CachedMarketData,
    MemoryCache,
    RedisCache,
    TTLCache,
    make_cache,
)
from fin_infra.providers.market_data.fallback import AllProvidersFailedError, FallbackMarketData
from fin_infra.providers.market_data.registry import (
    available_market_data,
    easy_market_data,
    register_market_data,
)

__all__ = [
    "AllProvidersFailedError",
    "BarsQuery",
    "CachedMarketData",
    "FallbackMarketData",
    "Interval",
    "MarketDataProvider",
    "MemoryCache",
    "RedisCache",
    "TTLCache",
    "available_market_data",
    "collect_bars",
    "easy_market_data",
    "make_cache",
    "register_market_data",
]
