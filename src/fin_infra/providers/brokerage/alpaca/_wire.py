"""Alpaca Trading API v2 wire format, as far as fin-infra reads it (unknown keys ignored).

Field names follow Alpaca's OpenAPI document (``Order``, ``Account``, ``Position``, ``Assets``,
``legacy_clock``, ``legacy_calendar_day``, ``PortfolioHistory``). Alpaca sends amounts as
strings, portfolio history as JSON numbers; both become ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "WireAccount",
    "WireAsset",
    "WireCalendarDay",
    "WireClock",
    "WireOrder",
    "WirePortfolioHistory",
    "WirePosition",
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class WireOrder(_Wire):
    id: str
    client_order_id: str
    symbol: str
    side: str
    type: str
    time_in_force: str
    status: str
    qty: Decimal | None = None
    notional: Decimal | None = None
    filled_qty: Decimal = Decimal(0)
    filled_avg_price: Decimal | None = None
    limit_price: Decimal | None = None
    stop_price: Decimal | None = None
    extended_hours: bool = False
    created_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    filled_at: dt.datetime | None = None
    canceled_at: dt.datetime | None = None
    replaced_by: str | None = None
    replaces: str | None = None
    trail_price: Decimal | None = None
    trail_percent: Decimal | None = None
    asset_class: str | None = None
    order_class: str | None = None


class WireAccount(_Wire):
    id: str
    account_number: str | None = None
    status: str
    currency: str = "USD"
    cash: Decimal
    buying_power: Decimal
    equity: Decimal
    portfolio_value: Decimal | None = None
    long_market_value: Decimal | None = None
    short_market_value: Decimal | None = None
    pattern_day_trader: bool = False
    trading_blocked: bool = False


class WirePosition(_Wire):
    asset_id: str
    symbol: str
    qty: Decimal
    side: str
    avg_entry_price: Decimal
    cost_basis: Decimal
    market_value: Decimal
    current_price: Decimal
    unrealized_pl: Decimal


class WireAsset(_Wire):
    id: str
    symbol: str
    name: str
    exchange: str
    asset_class: str = Field(alias="class")
    status: str
    tradable: bool
    fractionable: bool = False
    shortable: bool = False
    marginable: bool = False


class WireClock(_Wire):
    timestamp: dt.datetime
    is_open: bool
    next_open: dt.datetime
    next_close: dt.datetime


class WireCalendarDay(_Wire):
    date: dt.date
    open: dt.time
    close: dt.time


class WirePortfolioHistory(_Wire):
    timestamp: list[int]
    equity: list[Decimal | None]
    profit_loss: list[Decimal | None]
    profit_loss_pct: list[Decimal | None]
    base_value: Decimal
    timeframe: str
