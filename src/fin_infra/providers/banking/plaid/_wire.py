"""Plaid's JSON wire format, as far as fin-infra reads it (Pydantic models, unknown keys ignored).

Field names and nullability follow Plaid's OpenAPI document (2020-09-14). Numbers arrive as
``Decimal``: responses are decoded with ``parse_float=Decimal`` so no amount passes through a
binary float.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "WireAccount",
    "WireAccountIdentity",
    "WireAccountsResponse",
    "WireBalances",
    "WireCreditLiability",
    "WireExchangeResponse",
    "WireHolding",
    "WireHoldingsResponse",
    "WireIdentityResponse",
    "WireInstitution",
    "WireInstitutionsResponse",
    "WireInvestmentTransaction",
    "WireInvestmentTransactionsResponse",
    "WireItem",
    "WireItemResponse",
    "WireLiabilities",
    "WireLiabilitiesResponse",
    "WireLinkTokenResponse",
    "WireMortgageLiability",
    "WireOwner",
    "WirePublicTokenResponse",
    "WireRemoved",
    "WireSecurity",
    "WireStudentLoan",
    "WireSyncResponse",
    "WireTransaction",
    "WireVerificationKeyResponse",
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class WireBalances(_Wire):
    available: Decimal | None = None
    current: Decimal | None = None
    limit: Decimal | None = None
    iso_currency_code: str | None = None
    unofficial_currency_code: str | None = None


class WireAccount(_Wire):
    account_id: str
    balances: WireBalances
    mask: str | None = None
    name: str
    official_name: str | None = None
    type: str
    subtype: str | None = None


class WireItem(_Wire):
    item_id: str
    institution_id: str | None = None
    institution_name: str | None = None
    webhook: str | None = None
    available_products: list[str] = []
    billed_products: list[str] = []
    consent_expiration_time: str | None = None
    update_type: str | None = None


class WireAccountsResponse(_Wire):
    accounts: list[WireAccount]
    item: WireItem
    request_id: str


class WireItemResponse(_Wire):
    item: WireItem
    request_id: str


class WirePersonalFinanceCategory(_Wire):
    primary: str
    detailed: str


class WireTransaction(_Wire):
    transaction_id: str
    account_id: str
    amount: Decimal
    iso_currency_code: str | None = None
    unofficial_currency_code: str | None = None
    date: dt.date
    authorized_date: dt.date | None = None
    name: str | None = None
    merchant_name: str | None = None
    pending: bool
    pending_transaction_id: str | None = None
    personal_finance_category: WirePersonalFinanceCategory | None = None


class WireRemoved(_Wire):
    transaction_id: str
    account_id: str | None = None


class WireSyncResponse(_Wire):
    added: list[WireTransaction]
    modified: list[WireTransaction]
    removed: list[WireRemoved]
    next_cursor: str
    has_more: bool
    request_id: str
    transactions_update_status: str | None = None


class WireLinkTokenResponse(_Wire):
    link_token: str
    expiration: str
    request_id: str


class WireExchangeResponse(_Wire):
    access_token: str
    item_id: str
    request_id: str


class WirePublicTokenResponse(_Wire):
    public_token: str
    request_id: str


class WireOwner(_Wire):
    """One owner of an account as the institution reports them."""

    names: list[str]
    emails: list[dict[str, object]] = []
    phone_numbers: list[dict[str, object]] = []
    addresses: list[dict[str, object]] = []


class WireAccountIdentity(WireAccount):
    owners: list[WireOwner] = []


class WireIdentityResponse(_Wire):
    accounts: list[WireAccountIdentity]
    item: WireItem
    request_id: str


class WireSecurity(_Wire):
    security_id: str
    name: str | None = None
    ticker_symbol: str | None = None
    type: str | None = None
    cusip: str | None = None
    isin: str | None = None
    iso_currency_code: str | None = None
    close_price: Decimal | None = None


class WireHolding(_Wire):
    account_id: str
    security_id: str
    quantity: Decimal
    institution_price: Decimal
    institution_value: Decimal
    cost_basis: Decimal | None = None
    iso_currency_code: str | None = None


class WireHoldingsResponse(_Wire):
    accounts: list[WireAccount]
    holdings: list[WireHolding]
    securities: list[WireSecurity]
    item: WireItem
    request_id: str


class WireInvestmentTransaction(_Wire):
    """One investment transaction (buy, sell, dividend...) in Plaid's own terms."""

    investment_transaction_id: str
    account_id: str
    security_id: str | None = None
    date: dt.date
    name: str
    quantity: Decimal
    amount: Decimal
    price: Decimal
    fees: Decimal | None = None
    type: str
    subtype: str
    iso_currency_code: str | None = None


class WireInvestmentTransactionsResponse(_Wire):
    accounts: list[WireAccount]
    securities: list[WireSecurity]
    investment_transactions: list[WireInvestmentTransaction]
    total_investment_transactions: int
    request_id: str


class WireCreditLiability(_Wire):
    """A credit card's statement and payment figures."""

    account_id: str | None = None
    last_statement_balance: Decimal | None = None
    minimum_payment_amount: Decimal | None = None
    next_payment_due_date: dt.date | None = None
    is_overdue: bool | None = None


class WireMortgageLiability(_Wire):
    """A mortgage's payment figures."""

    account_id: str
    next_monthly_payment: Decimal | None = None
    next_payment_due_date: dt.date | None = None
    maturity_date: dt.date | None = None


class WireStudentLoan(_Wire):
    """A student loan's payment figures."""

    account_id: str | None = None
    interest_rate_percentage: Decimal
    minimum_payment_amount: Decimal | None = None
    next_payment_due_date: dt.date | None = None
    outstanding_interest_amount: Decimal | None = None


class WireLiabilities(_Wire):
    """Credit cards, mortgages and student loans of an item."""

    credit: list[WireCreditLiability] | None = None
    mortgage: list[WireMortgageLiability] | None = None
    student: list[WireStudentLoan] | None = None


class WireLiabilitiesResponse(_Wire):
    accounts: list[WireAccount]
    liabilities: WireLiabilities
    request_id: str


class WireInstitution(_Wire):
    """An institution users can link."""

    institution_id: str
    name: str
    products: list[str]
    country_codes: list[str]
    url: str | None = None
    oauth: bool


class WireInstitutionsResponse(_Wire):
    institutions: list[WireInstitution]
    request_id: str


class WireVerificationKeyResponse(_Wire):
    key: dict[str, object]
    request_id: str
