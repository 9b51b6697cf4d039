"""Transactions on an account.

Sign convention: ``amount`` is from the account holder's point of view. **Positive is money in**
(a deposit, a refund, a paycheck), **negative is money out** (a purchase, a fee, a payment). Plaid
reports the opposite sign; its converter flips it so every provider speaks this one convention.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from fin_infra.models._types import Amount, CurrencyCode, DomainModel

__all__ = ["Transaction"]


class Transaction(DomainModel):
    """A posted or pending movement of money on one account."""

    id: str = Field(min_length=1)
    account_id: str = Field(min_length=1)
    amount: Amount
    currency: CurrencyCode = "USD"
    date: dt.date
    authorized_date: dt.date | None = None
    name: str = Field(description="The description as the bank reports it.")
    merchant_name: str | None = None
    category: str | None = Field(default=None, description="Primary category, e.g. FOOD_AND_DRINK")
    category_detailed: str | None = Field(
        default=None, description="Detailed category, e.g. FOOD_AND_DRINK_GROCERIES"
    )
    pending: bool = False
    pending_transaction_id: str | None = None

    @property
    def is_inflow(self) -> bool:
        """True when money came into the account."""
        return self.amount > 0

    @property
    def is_outflow(self) -> bool:
        """True when money left the account."""
        return self.amount < 0
