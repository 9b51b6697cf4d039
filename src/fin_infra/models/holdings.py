"""Securities and the positions (holdings) an investment account has in them."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from fin_infra.models._types import Amount, CurrencyCode, DomainModel

__all__ = ["Holding", "Security", "SecurityType"]


class SecurityType(StrEnum):
    """Broad kind of security."""

    EQUITY = "equity"
    ETF = "etf"
    MUTUAL_FUND = "mutual_fund"
    FIXED_INCOME = "fixed_income"
    CASH = "cash"
    CRYPTO = "crypto"
    DERIVATIVE = "derivative"
    OTHER = "other"


class Security(DomainModel):
    """A tradable instrument."""

    id: str = Field(min_length=1)
    symbol: str | None = None
    name: str | None = None
    type: SecurityType = SecurityType.OTHER
    currency: CurrencyCode = "USD"
    cusip: str | None = None
    isin: str | None = None


class Holding(DomainModel):
    """A position: ``quantity`` units of a security held in an account."""

    account_id: str = Field(min_length=1)
    security_id: str = Field(min_length=1)
    symbol: str | None = None
    quantity: Amount
    cost_basis: Amount | None = Field(default=None, description="Total cost of the position.")
    institution_price: Amount | None = None
    currency: CurrencyCode = "USD"

    def market_value(self, price: Decimal | None = None) -> Decimal:
        """Quantity times ``price`` (or the institution's last price when none is given)."""
        unit = price if price is not None else self.institution_price
        if unit is None:
            raise ValueError(f"no price for holding {self.security_id!r}; pass one explicitly")
        return self.quantity * unit
