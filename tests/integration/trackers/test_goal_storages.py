"""GoalTracker behaves the same in memory and on the scaffolded SQL table (SQLite, PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.goals import GoalStatus, Pace
from fin_infra.money import D
from tests.integration.trackers.storages import Storage, unique_user

JAN_1, APR_1, JUN_1, SEP_1 = (dt.date(2025, m, 1) for m in (1, 4, 6, 9))


def reached(goal: Any) -> list[tuple[object, object]]:
    return [(m.percent, m.reached_on) for m in goal.milestones]


def test_contributions_milestones_projection_and_status(storage: Storage) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with storage.open() as t:
            goal = await t.goals.create_goal(
                user,
                "New laptop",
                "purchase",
                2000,
                target_date=dt.date(2026, 1, 1),
                start_date=JAN_1,
                monthly_contribution=150,
                annual_rate="0.035",
            )
            goal = await t.goals.add_contribution(goal.id, 600.00, on=APR_1)
        async with storage.open() as t:
            stored = await t.goals.get_goal(goal.id)
            assert stored == goal
            assert (stored.start_date, stored.annual_rate) == (JAN_1, D("0.035"))
            assert reached(stored) == [(25, APR_1), (50, None), (75, None), (100, None)]
            projection = await t.goals.project(goal.id, as_of=APR_1)
            assert projection.pace is Pace.BEHIND
            assert projection.remaining == D(1400)
            assert projection.required_monthly_contribution == D("152.00")
            await t.goals.add_contribution(goal.id, "1000", on=JUN_1)
            await t.goals.add_contribution(goal.id, -100, on=JUN_1)
        async with storage.open() as t:
            goal = await t.goals.get_goal(goal.id)
            assert goal.current_amount == D(1500)
            assert reached(goal) == [(25, APR_1), (50, JUN_1), (75, JUN_1), (100, None)]
            with pytest.raises(ValidationError, match="below zero"):
                await t.goals.add_contribution(goal.id, -2000, on=JUN_1)
            done = await t.goals.add_contribution(goal.id, 500, on=SEP_1)
            assert done.status is GoalStatus.COMPLETED
            assert (await t.goals.project(goal.id, as_of=SEP_1)).pace is Pace.ACHIEVED
            bigger = await t.goals.update_goal(goal.id, target_amount=4000, name="Better laptop")
        async with storage.open() as t:
            goal = await t.goals.get_goal(goal.id)
            assert goal == bigger
            assert (goal.status, goal.name) == (GoalStatus.ACTIVE, "Better laptop")
            assert [m.amount for m in goal.milestones] == [D(1000), D(2000), D(3000), D(4000)]
            assert reached(goal)[3] == (100, SEP_1)  # a milestone keeps the day first reached
            await t.goals.update_goal(goal.id, status="cancelled")
        async with storage.open() as t:
            assert (await t.goals.get_goal(goal.id)).status is GoalStatus.CANCELLED
            with pytest.raises(ValidationError, match="cancelled"):
                await t.goals.add_contribution(goal.id, 1)

    asyncio.run(scenario())


def test_debt_goal_list_delete_restore(storage: Storage) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with storage.open() as t:
            card = await t.goals.create_goal(
                user,
                "Card",
                "debt_payoff",
                "4321.09",
                current_amount=1200,
                annual_rate=0.2399,
                monthly_contribution=250,
                start_date=JAN_1,
                milestones=[10, 50],
            )
            fund = await t.goals.create_goal(
                user, "Fund", "emergency_fund", 1000.10, start_date=JAN_1
            )
        async with storage.open() as t:
            assert await t.goals.list_goals(user) == [card, fund]
            assert reached(card) == [(10, JAN_1), (50, None)]
            projection = await t.goals.project(card.id, as_of=JAN_1)
            assert projection.required_monthly_contribution is None
            assert projection.months_to_completion == 15
            assert projection.pace is Pace.UNSCHEDULED
            assert fund.milestones[0].amount == D("250.025")
            await t.goals.delete_goal(card.id)
        async with storage.open() as t:
            assert await t.goals.list_goals(user) == [fund]
            assert [g.id for g in await t.goals.list_goals(user, include_deleted=True)] == [
                card.id,
                fund.id,
            ]
            with pytest.raises(NotFoundError):
                await t.goals.add_contribution(card.id, 10)
            assert await t.goals.restore_goal(card.id) == card
            await t.goals.delete_goal(fund.id, soft=False)
        async with storage.open() as t:
            assert await t.goals.list_goals(user, include_deleted=True) == [card]
            with pytest.raises(NotFoundError):
                await t.goals.restore_goal(fund.id)

    asyncio.run(scenario())
