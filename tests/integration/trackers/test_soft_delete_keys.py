"""A soft-deleted row frees its unique key, on every backend (SQLite, PostgreSQL, MariaDB).

The scaffolded tables (tenant + soft delete) declare their keys with ``live_unique``: two live
rows still conflict, a deleted row's key can be taken again, and restoring a row whose key was
taken since is a conflict, never two live duplicates. Checked through the trackers' SQL adapters
(which check keys before writing) and through the scaffolded repositories, whose only guard is
the database's index.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from types import ModuleType

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.errors import ConflictError
from fin_infra.persistence import UniqueViolationError, create_engine, create_sessionmaker
from tests.integration.databases import BACKENDS
from tests.integration.trackers.storages import SqlStorage, TickingClock, unique_user
from tests.unit.budgets.builders import JAN_1, JAN_31
from tests.unit.net_worth.builders import account

TENANT = "tenant-a"


def storage(backend: str, tables: ModuleType, databases: dict[str, str]) -> SqlStorage:
    return SqlStorage(backend, databases[backend], tables, TickingClock())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_deleted_snapshot_frees_its_day(
    backend: str, tracker_tables: ModuleType, tracker_databases: dict[str, str]
) -> None:
    user = unique_user()
    sql = storage(backend, tracker_tables, tracker_databases)

    async def scenario() -> None:
        async with sql.open() as t:
            first = await t.net_worth.take_snapshot(
                user, [account("c", "depository", "5")], as_of=JAN_1
            )
            with pytest.raises(ConflictError, match="already has a snapshot"):
                await t.net_worth.take_snapshot(
                    user, [account("c", "depository", "6")], as_of=JAN_1
                )
            await t.net_worth.delete_snapshot(first.id)
        async with sql.open() as t:
            again = await t.net_worth.take_snapshot(
                user, [account("c", "depository", "7")], as_of=JAN_1
            )
            assert await t.net_worth.latest(user) == again
            with pytest.raises(ConflictError, match=f"snapshot_date={JAN_1}"):
                await t.net_worth.restore_snapshot(first.id)
        async with sql.open() as t:  # the refused restore left both rows as they were
            assert [s.id for s in await t.net_worth.history(user, JAN_1, JAN_1)] == [again.id]
            await t.net_worth.delete_snapshot(again.id)
            assert await t.net_worth.restore_snapshot(first.id) == first

    asyncio.run(scenario())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_deleted_budget_or_goal_frees_its_name(
    backend: str, tracker_tables: ModuleType, tracker_databases: dict[str, str]
) -> None:
    user = unique_user()
    sql = storage(backend, tracker_tables, tracker_databases)

    async def scenario() -> None:
        async with sql.open() as t:
            food = await t.budgets.create_budget(user, "Food", JAN_1, JAN_31, categories={"x": 1})
            car = await t.goals.create_goal(user, "Car", "purchase", 100)
            await t.budgets.delete_budget(food.id)
            await t.goals.delete_goal(car.id)
        async with sql.open() as t:
            await t.budgets.create_budget(user, "Food", JAN_1, JAN_31, categories={"x": 2})
            await t.goals.create_goal(user, "Car", "purchase", 200)
            with pytest.raises(ConflictError, match="name=Food"):
                await t.budgets.create_budget(user, "Food", JAN_1, JAN_31, categories={"x": 3})
            with pytest.raises(ConflictError, match="name=Food"):
                await t.budgets.restore_budget(food.id)
            with pytest.raises(ConflictError, match="name=Car"):
                await t.goals.restore_goal(car.id)

    asyncio.run(scenario())


@asynccontextmanager
async def session_on(url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            yield session
    finally:
        await engine.dispose()


def snapshot(pkg: ModuleType, user: str, day: dt.date, assets: str) -> object:
    return pkg.NetWorthSnapshotCreate(
        user_id=user,
        snapshot_date=day,
        total_assets=Decimal(assets),
        total_liabilities=Decimal(0),
        net_worth=Decimal(assets),
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_database_index_alone_keeps_live_rows_unique(
    backend: str, tracker_tables: ModuleType, tracker_databases: dict[str, str]
) -> None:
    """The scaffolded repository checks nothing before writing: the index does it all."""
    pkg = tracker_tables.net_worth
    user = unique_user()
    url = tracker_databases[backend]

    async def scenario() -> None:
        async with session_on(url) as session:
            repo = pkg.NetWorthSnapshotRepository(session, TENANT)
            first = (await repo.create(snapshot(pkg, user, JAN_1, "10"))).id
            await session.commit()
            with pytest.raises(UniqueViolationError):
                await repo.create(snapshot(pkg, user, JAN_1, "11"))
            await session.rollback()
        async with session_on(url) as session:
            repo = pkg.NetWorthSnapshotRepository(session, TENANT)
            await repo.delete(first)
            second = (await repo.create(snapshot(pkg, user, JAN_1, "12"))).id
            await session.commit()
            with pytest.raises(UniqueViolationError, match="cannot be restored"):
                await repo.restore(first)
            await session.rollback()
        async with session_on(url) as session:
            repo = pkg.NetWorthSnapshotRepository(session, TENANT)
            assert [s.id for s in await repo.list(user)] == [second]
            assert [s.id for s in await repo.list_deleted(user)] == [first]
            # another tenant's user may hold the same day
            other = pkg.NetWorthSnapshotRepository(session, "tenant-other")
            await other.create(snapshot(pkg, user, JAN_1, "13"))
            await session.commit()

    asyncio.run(scenario())


@pytest.mark.parametrize("backend", BACKENDS)
def test_deleted_rows_may_repeat_a_key_many_times(
    backend: str, tracker_tables: ModuleType, tracker_databases: dict[str, str]
) -> None:
    pkg = tracker_tables.goals
    user = unique_user()
    url = tracker_databases[backend]

    async def scenario() -> None:
        async with session_on(url) as session:
            repo = pkg.GoalRepository(session, TENANT)
            ids: list[uuid.UUID] = []
            for target in ("100", "200", "300"):
                goal = await repo.create(
                    pkg.GoalCreate(user_id=user, name="Car", target_amount=target)
                )
                await repo.delete(goal.id)
                ids.append(goal.id)
            await session.commit()
            deleted = await repo.list_deleted(user, page_size=10)
            assert sorted(g.id for g in deleted) == sorted(ids)
            assert (await repo.list(user)).total == 0

    asyncio.run(scenario())
