"""Polygon (Massive) REST wire format, as far as fin-infra reads it (unknown keys ignored).

Field names follow Polygon's OpenAPI document: aggregates ``/v2/aggs/ticker/.../range/...``,
the single-ticker snapshot and ``/v3/reference/tickers``. Aggregate times are Unix milliseconds;
snapshot trade and quote times Unix nanoseconds. Numbers are decoded as ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "WireAgg",
    "WireAggsResponse",
    "WireLastQuote",
    "WireLastTrade",
    "WireSnapshotResponse",
    "WireTicker",
    "WireTickerSnapshot",
    "WireTickersResponse",
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class WireAgg(_Wire):
    t: int
    o: Decimal
    h: Decimal
    low: Decimal = Field(alias="l")
    c: Decimal
    v: Decimal
    vw: Decimal | None = None
    n: int | None = None


class WireAggsResponse(_Wire):
    ticker: str
    status: str
    adjusted: bool | None = None
    results: list[WireAgg] | None = None
    next_url: str | None = None


class WireLastTrade(_Wire):
    p: Decimal
    s: Decimal | None = None
    t: int


class WireLastQuote(_Wire):
    ask: Decimal = Field(alias="P")
    bid: Decimal = Field(alias="p")
    t: int


class WireDay(_Wire):
    c: Decimal | None = None
    v: Decimal | None = None


class WireTickerSnapshot(_Wire):
    ticker: str | None = None
    day: WireDay | None = None
    last_trade: WireLastTrade | None = Field(default=None, alias="lastTrade")
    last_quote: WireLastQuote | None = Field(default=None, alias="lastQuote")
    updated: int | None = None


class WireSnapshotResponse(_Wire):
    status: str
    ticker: WireTickerSnapshot | None = None


class WireTicker(_Wire):
    ticker: str
    name: str
    market: str
    locale: str
    type: str | None = None
    currency_name: str | None = None
    composite_figi: str | None = None
    active: bool | None = None


class WireTickersResponse(_Wire):
    results: list[WireTicker] | None = None
    next_url: str | None = None
    count: int | None = None
