"""``SqlBudgetRepository`` on a table without tenant or soft delete (in-memory SQLite).

The table is declared on a private base, shaped like ``fin-infra scaffold budgets`` without
flags, so these tests need no scaffolding; the scaffolded tables themselves are exercised in
``tests/integration/trackers``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import JSON, Date, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fin_infra.budgets import BudgetTracker
from fin_infra.budgets.sql import SqlBudgetRepository
from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.money import D
from fin_infra.persistence import MoneyAmount, UTCDateTime, create_engine, create_sessionmaker
from tests.unit.budgets.builders import JAN_1, JAN_31, NOW


class Base(DeclarativeBase):
    type_annotation_map = {Decimal: MoneyAmount(), dt.datetime: UTCDateTime()}  # noqa: RUF012


class PlainBudget(Base):
    __tablename__ = "plain_budgets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    categories: Mapped[dict[str, str]] = mapped_column(JSON)
    carried_over: Mapped[dict[str, str]] = mapped_column(JSON)
    rollover: Mapped[bool]
    currency: Mapped[str] = mapped_column(String(3))


def test_a_table_without_tenant_or_soft_delete() -> None:
    async def scenario() -> None:
        engine = create_engine("sqlite+aiosqlite://")
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        async with create_sessionmaker(engine)() as session:
            with pytest.raises(ValidationError, match="no tenant_id column"):
                SqlBudgetRepository(session, PlainBudget, tenant_id="t")
            tracker = BudgetTracker(SqlBudgetRepository(session, PlainBudget), clock=lambda: NOW)
            budget = await tracker.create_budget(
                "u1", "Food", JAN_1, JAN_31, categories={"Groceries": 600.1}
            )
            session.expunge_all()  # read the row back from the database
            stored = await tracker.get_budget(budget.id)
            assert stored == budget
            assert stored.categories == {"Groceries": D("600.1")}
            assert stored.created_at == NOW
            with pytest.raises(ValidationError, match="--include-soft-delete"):
                await tracker.delete_budget(budget.id)
            with pytest.raises(NotFoundError):
                await tracker.restore_budget(budget.id)
            assert await tracker.list_budgets("u1", include_deleted=True) == [budget]
            await tracker.delete_budget(budget.id, soft=False)
            assert await tracker.list_budgets("u1") == []
        await engine.dispose()

    asyncio.run(scenario())
