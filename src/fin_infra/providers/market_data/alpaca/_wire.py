"""Alpaca Market Data v2 wire format, as far as fin-infra reads it (unknown keys ignored).

Field names follow Alpaca's OpenAPI document (``stock_bar``, ``stock_quote``, ``stock_trade``,
``stock_snapshot``); numbers are decoded as ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "WireBar",
    "WireBarsResponse",
    "WireCryptoBarsResponse",
    "WireCryptoSnapshots",
    "WireQuote",
    "WireSnapshot",
    "WireTrade",
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class WireBar(_Wire):
    t: dt.datetime
    o: Decimal
    h: Decimal
    low: Decimal = Field(alias="l")
    c: Decimal
    v: Decimal
    vw: Decimal | None = None
    n: int | None = None


class WireBarsResponse(_Wire):
    bars: list[WireBar] | None = None
    symbol: str
    next_page_token: str | None = None


class WireQuote(_Wire):
    t: dt.datetime
    ap: Decimal
    bp: Decimal


class WireTrade(_Wire):
    t: dt.datetime
    p: Decimal
    s: Decimal | None = None


class WireSnapshot(_Wire):
    symbol: str | None = None
    latest_trade: WireTrade | None = Field(default=None, alias="latestTrade")
    latest_quote: WireQuote | None = Field(default=None, alias="latestQuote")
    daily_bar: WireBar | None = Field(default=None, alias="dailyBar")


class WireCryptoBarsResponse(_Wire):
    bars: dict[str, list[WireBar]] = {}
    next_page_token: str | None = None


class WireCryptoSnapshots(_Wire):
    snapshots: dict[str, WireSnapshot] = {}
