"""Alpha Vantage's JSON, as far as fin-infra reads it (unknown keys ignored).

Alpha Vantage numbers every field (``"05. price"``), sends all numbers as strings, and reports
errors and quota exhaustion as HTTP 200 bodies with a single ``Error Message``, ``Note`` or
``Information`` key.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ERROR_KEYS", "WireGlobalQuote", "WireMatch", "WirePoint"]

ERROR_KEYS = ("Error Message", "Note", "Information")
"""Keys whose presence (alone) means the call failed, whatever the HTTP status said."""


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class WireGlobalQuote(_Wire):
    symbol: str = Field(alias="01. symbol")
    price: Decimal = Field(alias="05. price")
    volume: Decimal | None = Field(default=None, alias="06. volume")
    latest_trading_day: dt.date = Field(alias="07. latest trading day")


class WirePoint(_Wire):
    """One bar of any ``Time Series``; adjusted series add ``5. adjusted close``."""

    open: Decimal = Field(alias="1. open")
    high: Decimal = Field(alias="2. high")
    low: Decimal = Field(alias="3. low")
    close: Decimal = Field(alias="4. close")
    adjusted_close: Decimal | None = Field(default=None, alias="5. adjusted close")
    volume: Decimal | None = Field(default=None, alias="5. volume")
    adjusted_volume: Decimal | None = Field(default=None, alias="6. volume")


class WireMatch(_Wire):
    symbol: str = Field(alias="1. symbol")
    name: str = Field(alias="2. name")
    type: str = Field(alias="3. type")
    region: str | None = Field(default=None, alias="4. region")
    currency: str | None = Field(default=None, alias="8. currency")
