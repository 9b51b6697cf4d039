"""The ledger: linked items and accounts, their transactions and positions, recurring bills.

Written by hand on :class:`~fin_infra.persistence.ModelBase` (the budgets, goals and net worth
tables next to it were scaffolded). Amounts are ``Decimal`` columns (``NUMERIC(19, 4)``, exact
scaled integers on SQLite); signs follow fin-infra: positive is money into the account.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fin_infra.models import Transaction
from fin_infra.persistence import ModelBase, TenantScoped, Timestamps, UUIDPrimaryKey


class LinkedItem(UUIDPrimaryKey, Timestamps, TenantScoped, ModelBase):
    """A link to one institution: its access token (encrypted) and the sync cursor."""

    __tablename__ = "linked_items"
    __table_args__ = (UniqueConstraint("tenant_id", "item_id"),)

    item_id: Mapped[str] = mapped_column(String(64))
    institution_id: Mapped[str] = mapped_column(String(64))
    institution: Mapped[str] = mapped_column(String(100))
    # TokenCipher ciphertext bound to item_id: a copied value does not decrypt on another row
    access_token: Mapped[str] = mapped_column(Text)
    cursor: Mapped[str | None] = mapped_column(String(256))


class BankAccount(UUIDPrimaryKey, Timestamps, TenantScoped, ModelBase):
    """An account linked through a banking provider, with its latest balance."""

    __tablename__ = "bank_accounts"
    __table_args__ = (UniqueConstraint("tenant_id", "provider_account_id"),)

    provider_account_id: Mapped[str] = mapped_column(String(64))
    institution: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(32))
    subtype: Mapped[str | None] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    current_balance: Mapped[Decimal]


class BankTransaction(UUIDPrimaryKey, Timestamps, TenantScoped, ModelBase):
    """One posted transaction, with the category fin-infra's categorizer chose and why."""

    __tablename__ = "bank_transactions"
    __table_args__ = (UniqueConstraint("tenant_id", "provider_transaction_id"),)

    provider_transaction_id: Mapped[str] = mapped_column(String(96))
    account_id: Mapped[str] = mapped_column(String(64), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    name: Mapped[str] = mapped_column(String(200))
    merchant_name: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(40))
    category_detailed: Mapped[str | None] = mapped_column(String(80))
    category_source: Mapped[str] = mapped_column(String(16), default="provider")

    @classmethod
    def from_domain(cls, txn: Transaction, tenant: str, source: str) -> BankTransaction:
        """A row for ``txn``, categorized by ``source`` (provider, merchant, keyword...)."""
        return cls(
            tenant_id=tenant,
            provider_transaction_id=txn.id,
            account_id=txn.account_id,
            date=txn.date,
            amount=txn.amount,
            currency=txn.currency,
            name=txn.name,
            merchant_name=txn.merchant_name,
            category=txn.category,
            category_detailed=txn.category_detailed,
            category_source=source,
        )

    def to_domain(self) -> Transaction:
        """The row as fin-infra's provider-neutral :class:`~fin_infra.models.Transaction`."""
        return Transaction(
            id=self.provider_transaction_id,
            account_id=self.account_id,
            amount=self.amount,
            currency=self.currency,
            date=self.date,
            name=self.name,
            merchant_name=self.merchant_name,
            category=self.category,
            category_detailed=self.category_detailed,
        )


class Position(UUIDPrimaryKey, Timestamps, TenantScoped, ModelBase):
    """A holding in an investment account."""

    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("tenant_id", "account_id", "symbol"),)

    account_id: Mapped[str] = mapped_column(String(64), index=True)
    symbol: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    asset_class: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[Decimal]
    cost_basis: Mapped[Decimal | None]


class RecurringBill(UUIDPrimaryKey, Timestamps, TenantScoped, ModelBase):
    """A recurring stream (bill, subscription or income) found in the transactions."""

    __tablename__ = "recurring_bills"
    __table_args__ = (UniqueConstraint("tenant_id", "merchant_key", "account_id", "frequency"),)

    merchant: Mapped[str] = mapped_column(String(100))
    merchant_key: Mapped[str] = mapped_column(String(100))
    account_id: Mapped[str] = mapped_column(String(64))
    frequency: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(80))
    average_amount: Mapped[Decimal]
    next_date: Mapped[date] = mapped_column(Date)
    next_amount: Mapped[Decimal]
    confidence: Mapped[Decimal]
