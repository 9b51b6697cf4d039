"""Market data: the latest quote for a symbol and OHLCV bars."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, Field, model_validator

from fin_infra.models._types import Amount, CurrencyCode, DomainModel

__all__ = ["Bar", "Quote"]


class Quote(DomainModel):
    """The latest price of a symbol (bid/ask when the vendor gives them)."""

    symbol: str = Field(min_length=1)
    price: Amount
    currency: CurrencyCode = "USD"
    timestamp: AwareDatetime
    bid: Amount | None = None
    ask: Amount | None = None
    volume: Amount | None = None
    source: str | None = Field(default=None, description="Which provider answered.")


class Bar(DomainModel):
    """Open, high, low, close and volume over one interval starting at ``timestamp``."""

    symbol: str = Field(min_length=1)
    timestamp: AwareDatetime
    open: Amount
    high: Amount
    low: Amount
    close: Amount
    volume: Amount = Field(ge=0)
    vwap: Amount | None = None
    currency: CurrencyCode = "USD"

    @model_validator(mode="after")
    def _check_range(self) -> Bar:
        if not (self.low <= min(self.open, self.close) and self.high >= max(self.open, self.close)):
            raise ValueError("bar prices must satisfy low <= open, close <= high")
        return self

    @property
    def date(self) -> dt.date:
        """The bar's date in its own timezone."""
        return self.timestamp.date()
