"""Money, timestamps and error translation behave the same on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.errors import ValidationError
from fin_infra.persistence import (
    ConstraintViolationError,
    Repository,
    UniqueViolationError,
    create_engine,
    create_sessionmaker,
)
from tests.fakes.sql_models import Budget, Entry, Ledger

pytestmark = pytest.mark.anyio

EXTREMES = [
    Decimal("0.0001"),
    Decimal("-0.0001"),
    Decimal("123456789012345.6789"),
    Decimal("-922337203685477.5808"),
    Decimal("922337203685477.5807"),
    Decimal("0.1") + Decimal("0.2"),
    Decimal("0"),
]


@pytest.fixture
async def session(tables_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(tables_url)
    async with create_sessionmaker(engine)() as db:
        yield db
    await engine.dispose()


async def test_money_round_trip_is_exact(session: AsyncSession) -> None:
    repo = Repository(session, "t1", model=Budget)
    ids = [(await repo.create({"name": f"b{i}", "amount": v})).id for i, v in enumerate(EXTREMES)]
    await session.commit()
    session.expunge_all()
    for row_id, value in zip(ids, EXTREMES, strict=True):
        row = await repo.get(row_id)
        assert row.amount == value
        assert isinstance(row.amount, Decimal)
        assert row.amount.as_tuple().exponent == -4


async def test_money_sums_and_orders_exactly_in_sql(session: AsyncSession) -> None:
    repo = Repository(session, "t1", model=Budget)
    for i, value in enumerate(["0.1", "0.2", "-0.0001", "1000000.0005"]):
        await repo.create({"name": f"s{i}", "amount": Decimal(value)})
    await session.commit()
    rows = (await session.execute(select(Budget.amount).order_by(Budget.amount))).scalars().all()
    assert rows == [Decimal("-0.0001"), Decimal("0.1"), Decimal("0.2"), Decimal("1000000.0005")]
    over = (
        (await session.execute(select(Budget.name).where(Budget.amount > Decimal("0.1"))))
        .scalars()
        .all()
    )
    assert sorted(over) == ["s1", "s3"]


async def test_amount_that_does_not_fit_is_refused_not_rounded(session: AsyncSession) -> None:
    repo = Repository(session, "t1", model=Budget)
    for bad in (Decimal("1E+15"), Decimal("0.00001")):
        with pytest.raises(ValidationError):
            await repo.create({"name": "big", "amount": bad})
        await session.rollback()
    assert (await session.execute(text("SELECT COUNT(*) FROM fi_test_budgets"))).scalar() == 0


async def test_timestamps_come_back_aware_utc(session: AsyncSession) -> None:
    repo = Repository(session, "t1", model=Budget)
    row = await repo.create({"name": "tz", "amount": Decimal(1)})
    await session.commit()
    east = timezone(timedelta(hours=5, minutes=30))
    moment = datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=east)
    await repo.update(row.id, {"note": "x"})
    row.deleted_at = moment
    await session.commit()
    session.expunge_all()
    fresh = await repo.get(row.id, include_deleted=True)
    assert fresh.deleted_at == moment
    assert fresh.deleted_at.utcoffset() == timedelta(0)
    assert fresh.created_at.tzinfo is not None
    assert fresh.updated_at >= fresh.created_at
    assert abs(fresh.created_at - datetime.now(UTC)) < timedelta(minutes=5)


async def test_unique_violation_is_a_conflict(session: AsyncSession) -> None:
    repo = Repository(session, "t1", model=Budget)
    await repo.create({"name": "same", "amount": Decimal(1)})
    await session.commit()
    with pytest.raises(UniqueViolationError):
        await repo.create({"name": "same", "amount": Decimal(2)})
    await session.rollback()
    # Another tenant may use the same name: the constraint is (tenant_id, name).
    await Repository(session, "t2", model=Budget).create({"name": "same", "amount": Decimal(3)})
    await session.commit()


async def test_not_null_fk_and_check_are_constraint_violations(session: AsyncSession) -> None:
    ledgers = Repository(session, model=Ledger)
    with pytest.raises(ConstraintViolationError) as not_null:
        await ledgers.create({"code": None})
    assert not_null.value.kind == "not_null"
    await session.rollback()
    with pytest.raises(ConstraintViolationError) as fk:
        await Repository(session, model=Entry).create(
            {"ledger_id": uuid.uuid4(), "amount": Decimal(1)}
        )
    assert fk.value.kind == "foreign_key"
    await session.rollback()
    with pytest.raises(ConstraintViolationError) as check:
        await ledgers.create({"code": "neg", "priority": -1})
    assert check.value.kind == "check"
    await session.rollback()
    assert (await session.execute(text("SELECT COUNT(*) FROM fi_test_ledgers"))).scalar() == 0
