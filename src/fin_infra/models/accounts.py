"""Accounts at a financial institution and their balances."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from fin_infra.models._types import Amount, CurrencyCode, DomainModel

__all__ = ["Account", "AccountBalances", "AccountType"]


class AccountType(StrEnum):
    """Broad kind of account; ``is_liability`` tells which side of net worth it sits on."""

    DEPOSITORY = "depository"
    CREDIT = "credit"
    LOAN = "loan"
    INVESTMENT = "investment"
    OTHER = "other"

    @property
    def is_liability(self) -> bool:
        """Credit cards and loans are owed, not owned."""
        return self in (AccountType.CREDIT, AccountType.LOAN)


class AccountBalances(DomainModel):
    """Balances as the institution reports them, all in ``currency``.

    For liabilities (credit, loan) ``current`` is the amount owed, a positive number.
    """

    current: Amount | None = None
    available: Amount | None = None
    limit: Amount | None = None
    currency: CurrencyCode = "USD"


class Account(DomainModel):
    """One account: checking, savings, credit card, loan, brokerage..."""

    id: str = Field(min_length=1)
    name: str
    type: AccountType
    subtype: str | None = None
    official_name: str | None = None
    mask: str | None = Field(default=None, max_length=8)
    institution_id: str | None = None
    balances: AccountBalances = Field(default_factory=AccountBalances)

    @property
    def is_liability(self) -> bool:
        """True for credit and loan accounts."""
        return self.type.is_liability
