"""Provider-neutral domain models (Pydantic v2): every provider converts into these.

Amounts are exact ``Decimal`` values that serialize as JSON strings; models are immutable.
"""

from __future__ import annotations

from fin_infra.models._types import Amount, AmountRule, CurrencyCode, DomainModel
from fin_infra.models.accounts import Account, AccountBalances, AccountType
from fin_infra.models.holdings import Holding, Security, SecurityType
from fin_infra.models.market import Bar, Quote
from fin_infra.models.net_worth import NetWorthSnapshot
from fin_infra.models.transactions import Transaction

__all__ = [
    "Account",
    "AccountBalances",
    "AccountType",
    "Amount",
    "AmountRule",
    "Bar",
    "CurrencyCode",
    "DomainModel",
    "Holding",
    "NetWorthSnapshot",
    "Quote",
    "Security",
    "SecurityType",
    "Transaction",
]
