"""What only the SQL adapters do: tenants and the scaffolded tables' unique keys (only live
rows hold them, as in memory: see test_soft_delete_keys)."""

from __future__ import annotations

import asyncio
import uuid
from types import ModuleType

import pytest

from fin_infra.budgets import BudgetTracker
from fin_infra.budgets.sql import SqlBudgetRepository
from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.goals.sql import SqlGoalRepository
from fin_infra.money import D
from fin_infra.persistence import create_engine, create_sessionmaker
from tests.integration.trackers.storages import SqlStorage, unique_user
from tests.unit.budgets.builders import JAN_1, JAN_31
from tests.unit.net_worth.builders import account

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_tenant_never_sees_another_tenants_rows(
    backend: str, tracker_tables: ModuleType, tracker_databases: dict[str, str]
) -> None:
    user = unique_user()
    model = tracker_tables.budgets.Budget

    url = tracker_databases[backend]

    async def scenario() -> None:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                mine = BudgetTracker(SqlBudgetRepository(session, model, tenant_id="tenant-a"))
                theirs = BudgetTracker(SqlBudgetRepository(session, model, tenant_id="tenant-b"))
                budget = await mine.create_budget(user, "Food", JAN_1, JAN_31, categories={"x": 1})
                same_name = await theirs.create_budget(
                    user, "Food", JAN_1, JAN_31, categories={"y": 2}
                )
                assert await theirs.list_budgets(user) == [same_name]
                for action in (
                    theirs.get_budget(budget.id),
                    theirs.update_budget(budget.id, name="stolen"),
                    theirs.delete_budget(budget.id),
                    theirs.delete_budget(budget.id, soft=False),
                ):
                    with pytest.raises(NotFoundError):
                        await action
                assert await mine.get_budget(budget.id) == budget
                await session.rollback()
        finally:
            await engine.dispose()

    asyncio.run(scenario())


def test_unique_keys_conflict_before_the_write_and_the_transaction_survives(
    sqlite_storage: SqlStorage,
) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with sqlite_storage.open() as t:
            first = await t.budgets.create_budget(user, "Food", JAN_1, JAN_31, categories={"x": 1})
            with pytest.raises(ConflictError, match="name=Food"):
                await t.budgets.create_budget(user, "Food", JAN_1, JAN_31, categories={"x": 2})
            other = await t.budgets.create_budget(user, "Fun", JAN_1, JAN_31, categories={"x": 3})
            with pytest.raises(ConflictError, match="name=Food"):
                await t.budgets.update_budget(other.id, name="Food")
            with pytest.raises(ValidationError, match="period_end after period_start"):
                await t.budgets.create_budget(user, "Day", JAN_1, JAN_1, categories={"x": 1})
            goal = await t.goals.create_goal(user, "Car", "purchase", 100)
            with pytest.raises(ConflictError, match="name=Car"):
                await t.goals.create_goal(user, "Car", "purchase", 200)
            await t.net_worth.take_snapshot(user, [account("c", "depository", "5")], as_of=JAN_1)
            snapshot = await t.net_worth.latest(user)
            assert snapshot is not None
            with pytest.raises(ConflictError, match="already has a snapshot"):
                await t.net_worth.take_snapshot(
                    user, [account("c", "depository", "6")], as_of=JAN_1
                )
        async with sqlite_storage.open() as t:  # the first session committed all the rest
            assert [b.id for b in await t.budgets.list_budgets(user)] == [first.id, other.id]
            assert await t.goals.get_goal(goal.id) == goal
            await t.net_worth.delete_snapshot(snapshot.id, soft=False)
            retaken = await t.net_worth.take_snapshot(
                user, [account("c", "depository", "6")], as_of=JAN_1
            )
            assert retaken.as_of == JAN_1

    asyncio.run(scenario())


def test_adapters_check_the_model_and_tenant(tracker_tables: ModuleType) -> None:
    pkg = tracker_tables.goals
    goal = pkg.Goal
    session = create_sessionmaker(create_engine("sqlite+aiosqlite://"))()
    with pytest.raises(ValidationError, match="tenant-scoped"):
        SqlGoalRepository(session, goal)
    with pytest.raises(ValidationError, match="not a mapped model"):
        SqlGoalRepository(session, pkg.GoalCreate)
    assert SqlGoalRepository(session, goal, tenant_id="t").tenant_id == "t"
    asyncio.run(session.close())


def test_the_adapter_reads_rows_written_by_other_code(
    tracker_tables: ModuleType, tracker_databases: dict[str, str]
) -> None:
    """Rows created and edited through the scaffolded repositories read back as records: a goal
    without a start date started the day it was created."""
    pkg, budget_pkg = tracker_tables.goals, tracker_tables.budgets
    user = unique_user()

    url = tracker_databases["sqlite"]

    async def scenario() -> None:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                goals = SqlGoalRepository(session, pkg.Goal, tenant_id="tenant-a")
                row = await pkg.GoalRepository(session, "tenant-a").create(
                    pkg.GoalCreate(user_id=user, name="Trip", target_amount="800")
                )
                goal = await goals.get(row.id.hex)
                assert goal.start_date == row.created_at.date()
                assert (goal.monthly_contribution, goal.annual_rate) == (D(0), D(0))
                assert [m.amount for m in goal.milestones] == [200, 400, 600, 800]
                planned = await pkg.GoalRepository(session, "tenant-a").create(
                    pkg.GoalCreate(
                        user_id=user,
                        name="Car",
                        target_amount="9000",
                        monthly_contribution="250.50",
                        annual_rate="0.0325",
                    )
                )
                goal = await goals.get(planned.id.hex)
                assert [str(goal.monthly_contribution), str(goal.annual_rate)] == [
                    "250.50",
                    "0.0325",
                ]
                # a plan edited through the CRUD repository drops the carry of a removed category
                budgets = BudgetTracker(
                    SqlBudgetRepository(session, budget_pkg.Budget, tenant_id="tenant-a")
                )
                jan = await budgets.create_budget(
                    user, "Food", JAN_1, JAN_31, categories={"x": 10, "y": 5}, rollover=True
                )
                feb = await budgets.roll_over(jan.id, [])
                assert feb.carried_over == {"x": 10, "y": 5}
                await budget_pkg.BudgetRepository(session, "tenant-a").update(
                    uuid.UUID(hex=feb.id), budget_pkg.BudgetUpdate(categories={"y": "7"})
                )
                assert (await budgets.get_budget(feb.id)).carried_over == {"y": 5}
                await session.rollback()
        finally:
            await engine.dispose()

    asyncio.run(scenario())
