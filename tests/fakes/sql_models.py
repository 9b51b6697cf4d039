"""Application-style models the persistence and API tests run against (one per table shape)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fin_infra.persistence import (
    ModelBase,
    MoneyAmount,
    SoftDelete,
    TenantScoped,
    Timestamps,
    UUIDPrimaryKey,
)


class Budget(UUIDPrimaryKey, Timestamps, TenantScoped, SoftDelete, ModelBase):
    """Tenant-scoped, soft-deletable, unique name per tenant, a money column."""

    __tablename__ = "fi_test_budgets"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(30), default="personal")
    active: Mapped[bool] = mapped_column(default=True)
    amount: Mapped[Decimal]
    note: Mapped[str | None] = mapped_column(String(200), default=None)


class Ledger(UUIDPrimaryKey, Timestamps, ModelBase):
    """Not tenant-scoped, hard delete, a check constraint and a foreign-key child."""

    __tablename__ = "fi_test_ledgers"
    __table_args__ = (CheckConstraint("priority >= 0", name="priority_non_negative"),)

    code: Mapped[str] = mapped_column(String(20), unique=True)
    priority: Mapped[int] = mapped_column(default=0)
    balance: Mapped[Decimal] = mapped_column(MoneyAmount(19, 4), default=Decimal(0))


class Entry(UUIDPrimaryKey, ModelBase):
    """A child row: its ledger must exist."""

    __tablename__ = "fi_test_entries"

    ledger_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fi_test_ledgers.id"))
    amount: Mapped[Decimal]


TABLES = [Budget.__table__, Ledger.__table__, Entry.__table__]
