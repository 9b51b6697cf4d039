"""CoinGecko's JSON, as far as fin-infra reads it (unknown keys ignored).

``/search`` lists coins by id; ``/simple/price`` maps coin id -> ``{vs: price, vs_24h_vol,
last_updated_at}``; ``/coins/{id}/market_chart/range`` gives ``[unix_ms, value]`` samples.
Numbers are decoded as ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

__all__ = ["WireChart", "WireCoin", "WireSearch"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class WireCoin(_Wire):
    id: str
    name: str
    symbol: str
    market_cap_rank: int | None = None


class WireSearch(_Wire):
    coins: list[WireCoin] = []


class WireChart(_Wire):
    prices: list[tuple[Decimal, Decimal]] = []
    total_volumes: list[tuple[Decimal, Decimal]] = []
