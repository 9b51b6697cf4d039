"""Plaid wire models -> fin-infra domain models.

Plaid's transaction ``amount`` is positive when money *leaves* the account; fin-infra's is
positive when money comes *in*, so the sign is flipped here and nowhere else. Amounts in a
currency without an ISO 4217 code (Plaid's ``unofficial_currency_code``, e.g. crypto) are given
ISO's "no currency" code ``XXX`` rather than a made-up code.
"""

from __future__ import annotations

from typing import Final

from fin_infra.models import (
    Account,
    AccountBalances,
    AccountType,
    Holding,
    Security,
    SecurityType,
    Transaction,
)
from fin_infra.providers.banking.plaid._wire import (
    WireAccount,
    WireHolding,
    WireSecurity,
    WireTransaction,
)

__all__ = ["to_account", "to_holding", "to_security", "to_transaction"]

NO_CURRENCY: Final = "XXX"

_ACCOUNT_TYPES: Final = {
    "depository": AccountType.DEPOSITORY,
    "credit": AccountType.CREDIT,
    "loan": AccountType.LOAN,
    "investment": AccountType.INVESTMENT,
    "brokerage": AccountType.INVESTMENT,
}
_SECURITY_TYPES: Final = {
    "equity": SecurityType.EQUITY,
    "etf": SecurityType.ETF,
    "mutual fund": SecurityType.MUTUAL_FUND,
    "fixed income": SecurityType.FIXED_INCOME,
    "cash": SecurityType.CASH,
    "cryptocurrency": SecurityType.CRYPTO,
    "derivative": SecurityType.DERIVATIVE,
}


def _currency(iso: str | None) -> str:
    return iso or NO_CURRENCY


def to_account(wire: WireAccount, institution_id: str | None = None) -> Account:
    """A Plaid account with its balances."""
    b = wire.balances
    return Account(
        id=wire.account_id,
        name=wire.name,
        type=_ACCOUNT_TYPES.get(wire.type, AccountType.OTHER),
        subtype=wire.subtype,
        official_name=wire.official_name,
        mask=wire.mask,
        institution_id=institution_id,
        balances=AccountBalances(
            current=b.current,
            available=b.available,
            limit=b.limit,
            currency=_currency(b.iso_currency_code),
        ),
    )


def to_transaction(wire: WireTransaction) -> Transaction:
    """A Plaid transaction, sign flipped to money-in-is-positive."""
    pfc = wire.personal_finance_category
    return Transaction(
        id=wire.transaction_id,
        account_id=wire.account_id,
        amount=-wire.amount,
        currency=_currency(wire.iso_currency_code),
        date=wire.date,
        authorized_date=wire.authorized_date,
        name=wire.name or "",
        merchant_name=wire.merchant_name,
        category=pfc.primary if pfc else None,
        category_detailed=pfc.detailed if pfc else None,
        pending=wire.pending,
        pending_transaction_id=wire.pending_transaction_id,
    )


def to_security(wire: WireSecurity) -> Security:
    """A Plaid security."""
    return Security(
        id=wire.security_id,
        symbol=wire.ticker_symbol,
        name=wire.name,
        type=_SECURITY_TYPES.get(wire.type or "", SecurityType.OTHER),
        currency=_currency(wire.iso_currency_code),
        cusip=wire.cusip,
        isin=wire.isin,
    )


def to_holding(wire: WireHolding, symbol: str | None = None) -> Holding:
    """A Plaid holding (``symbol`` comes from its security, when known)."""
    return Holding(
        account_id=wire.account_id,
        security_id=wire.security_id,
        symbol=symbol,
        quantity=wire.quantity,
        cost_basis=wire.cost_basis,
        institution_price=wire.institution_price,
        currency=_currency(wire.iso_currency_code),
    )
