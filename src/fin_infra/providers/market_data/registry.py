"""Choosing market data by name: ``easy_market_data("polygon", api_key=...)``, or several.

Factories import their vendor only when called. With several names the result is a
:class:`~.fallback.FallbackMarketData` in that order; with ``cache_url`` (Redis) or
``cache=True`` (in memory) it sits behind a :class:`~.cache.CachedMarketData`. Credentials are
explicit options; nothing is read from the environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fin_infra.errors import ValidationError
from fin_infra.providers._registry import Registry
from fin_infra.providers.market_data.base import MarketDataProvider

__all__ = ["available_market_data", "easy_market_data", "register_market_data"]

MarketDataFactory = Callable[..., MarketDataProvider]


def _alpaca(**options: Any) -> MarketDataProvider:
    from fin_infra.providers.market_data.alpaca import AlpacaMarketData

    return AlpacaMarketData(**options)


def _polygon(**options: Any) -> MarketDataProvider:
    from fin_infra.providers.market_data.polygon import PolygonMarketData

    return PolygonMarketData(**options)


def _alphavantage(**options: Any) -> MarketDataProvider:
    from fin_infra.providers.market_data.alphavantage import AlphaVantageMarketData

    return AlphaVantageMarketData(**options)


def _coingecko(**options: Any) -> MarketDataProvider:
    from fin_infra.providers.market_data.coingecko import CoinGeckoMarketData

    return CoinGeckoMarketData(**options)


def _sandbox(**options: Any) -> MarketDataProvider:
    from fin_infra.providers.market_data.sandbox import SandboxMarketData

    return SandboxMarketData(**options)


_REGISTRY: Registry[MarketDataProvider] = Registry(
    "market-data provider",
    {
        "alpaca": _alpaca,
        "alphavantage": _alphavantage,
        "coingecko": _coingecko,
        "polygon": _polygon,
        "sandbox": _sandbox,
    },
)


def register_market_data(name: str, factory: MarketDataFactory) -> None:
    """Make ``easy_market_data(name, **options)`` call ``factory(**options)``."""
    _REGISTRY.register(name, factory)


def available_market_data() -> list[str]:
    """Names ``easy_market_data`` accepts."""
    return _REGISTRY.names()


def easy_market_data(
    providers: str | Sequence[str] = "sandbox",
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    cache: bool = False,
    cache_url: str | None = None,
    **single: Any,
) -> MarketDataProvider:
    """A ready provider: one by name (its options as keywords), or several in fallback order.

    >>> easy_market_data("sandbox", seed=3).name
    'sandbox'
    >>> md = easy_market_data(["sandbox", "sandbox"], options={"sandbox": {"seed": 1}}, cache=True)
    >>> md.name, type(md).__name__
    ('fallback(sandbox,sandbox)', 'CachedMarketData')
    """
    if isinstance(providers, str):
        provider = _REGISTRY.build(providers, **single)
    else:
        if single:
            raise ValidationError("with several providers, pass options={'name': {...}}")
        if not providers:
            raise ValidationError("name at least one provider")
        from fin_infra.providers.market_data.fallback import FallbackMarketData

        given = options or {}
        provider = FallbackMarketData([_REGISTRY.build(n, **given.get(n, {})) for n in providers])
    if cache or cache_url:
        from fin_infra.providers.market_data.cache import CachedMarketData, make_cache

        provider = CachedMarketData(provider, make_cache(cache_url))
    return provider
