"""GoalTracker on its in-memory repository: CRUD, contributions, milestones, status."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.goals import GoalStatus, GoalTracker, GoalType, Pace
from fin_infra.money import D
from tests.unit.goals.builders import NOW, TODAY

T = TypeVar("T")
MAR_1, JUN_1 = dt.date(2025, 3, 1), dt.date(2025, 6, 1)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def tracker() -> GoalTracker:
    return GoalTracker(clock=lambda: NOW)


def reached(goal: Any) -> list[tuple[object, object]]:
    return [(m.percent, m.reached_on) for m in goal.milestones]


def test_create_defaults_and_decimal_amounts() -> None:
    goal = run(
        tracker().create_goal(
            "u1", "Fund", "emergency_fund", 1000.10, annual_rate=0.035, monthly_contribution="50"
        )
    )
    assert goal.goal_type is GoalType.EMERGENCY_FUND
    assert (goal.target_amount, goal.annual_rate) == (D("1000.1"), D("0.035"))
    assert (goal.current_amount, goal.monthly_contribution) == (D(0), D(50))
    assert (goal.start_date, goal.status, goal.target_date) == (TODAY, GoalStatus.ACTIVE, None)
    assert [m.amount for m in goal.milestones] == [
        D("250.025"),
        D("500.05"),
        D("750.075"),
        D("1000.1"),
    ]
    assert all(m.reached_on is None for m in goal.milestones)


def test_milestones_already_passed_are_stamped_with_the_start() -> None:
    goal = run(
        tracker().create_goal(
            "u1", "House", "purchase", 40000, current_amount=12000, milestones=[10, 50, 30]
        )
    )
    assert reached(goal) == [(D(10), TODAY), (D(30), TODAY), (D(50), None)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_amount": -100}, "target_amount must be positive"),
        ({"target_amount": 0}, "target_amount must be positive"),
        ({"current_amount": -1}, "current_amount"),
        ({"target_date": TODAY}, "must be after start_date"),
        ({"goal_type": "yacht"}, "goal_type"),
        ({"milestones": [0]}, "percent"),
        ({"milestones": [150]}, "percent"),
        ({"annual_rate": -0.01}, "annual_rate"),
        ({"monthly_contribution": float("inf")}, "finite"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_goals_raise_validation_error(kwargs: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {"name": "G", "goal_type": "savings", "target_amount": 100} | kwargs
    with pytest.raises(ValidationError, match=message):
        run(tracker().create_goal("u1", **fields))


def test_contributions_reach_milestones_with_dates_and_complete_the_goal() -> None:
    async def scenario() -> list[Any]:
        t = tracker()
        goal = await t.create_goal("u1", "Bike", "purchase", 1000)
        steps = [await t.add_contribution(goal.id, 300, on=MAR_1)]
        steps.append(await t.add_contribution(goal.id, "250.50", on=JUN_1))
        steps.append(await t.add_contribution(goal.id, 449.50))
        return steps

    first, second, third = run(scenario())
    assert first.current_amount == D(300)
    assert reached(first) == [(D(25), MAR_1), (D(50), None), (D(75), None), (D(100), None)]
    assert reached(second)[:3] == [(D(25), MAR_1), (D(50), JUN_1), (D(75), None)]
    assert third.current_amount == D(1000)
    assert reached(third)[2:] == [(D(75), TODAY), (D(100), TODAY)]
    assert third.status is GoalStatus.COMPLETED


def test_withdrawals_reopen_but_keep_milestone_history() -> None:
    async def scenario() -> Any:
        t = tracker()
        goal = await t.create_goal("u1", "Trip", "savings", 100, current_amount=100)
        assert goal.status is GoalStatus.COMPLETED
        goal = await t.add_contribution(goal.id, -60, on=MAR_1)
        with pytest.raises(ValidationError, match="below zero"):
            await t.add_contribution(goal.id, -41)
        with pytest.raises(ValidationError, match="zero"):
            await t.add_contribution(goal.id, 0)
        return goal

    goal = run(scenario())
    assert (goal.current_amount, goal.status) == (D(40), GoalStatus.ACTIVE)
    assert all(day == TODAY for _, day in reached(goal))


def test_paused_and_cancelled_goals() -> None:
    async def scenario() -> Any:
        t = tracker()
        goal = await t.create_goal("u1", "Car", "purchase", 100)
        paused = await t.update_goal(goal.id, status="paused")
        paused = await t.add_contribution(goal.id, 100)
        assert paused.status is GoalStatus.PAUSED
        await t.update_goal(goal.id, status=GoalStatus.CANCELLED)
        with pytest.raises(ValidationError, match="cancelled"):
            await t.add_contribution(goal.id, 1)
        return await t.update_goal(goal.id, status="active")

    assert run(scenario()).status is GoalStatus.COMPLETED  # active, and its target is reached


def test_update_reprices_milestones_and_recomputes_status() -> None:
    async def scenario() -> Any:
        t = tracker()
        goal = await t.create_goal("u1", "Fund", "emergency_fund", 1000, current_amount=400)
        return await t.update_goal(
            goal.id,
            name="Bigger fund",
            target_amount="400",
            target_date=dt.date(2026, 1, 1),
            monthly_contribution=25.5,
            annual_rate="0.02",
        )

    goal = run(scenario())
    assert (goal.name, goal.target_amount, goal.status) == (
        "Bigger fund",
        D(400),
        GoalStatus.COMPLETED,
    )
    assert [m.amount for m in goal.milestones] == [D(100), D(200), D(300), D(400)]
    assert all(m.reached_on == TODAY for m in goal.milestones)
    assert (goal.monthly_contribution, goal.annual_rate) == (D("25.5"), D("0.02"))

    async def negative() -> None:
        t = tracker()
        goal = await t.create_goal("u1", "Fund", "savings", 1000)
        await t.update_goal(goal.id, target_amount=-1)

    with pytest.raises(ValidationError, match="positive"):
        run(negative())


def test_project_uses_the_stored_goal_and_the_clock() -> None:
    async def scenario() -> Any:
        t = tracker()
        goal = await t.create_goal(
            "u1",
            "Debt",
            GoalType.DEBT_PAYOFF,
            6000,
            target_date=dt.date(2026, 1, 1),
            monthly_contribution=500,
        )
        return await t.project(goal.id)

    projection = run(scenario())
    assert projection.as_of == TODAY
    assert (projection.required_monthly_contribution, projection.pace) == (D(500), Pace.ON_TRACK)


def test_crud_and_not_found() -> None:
    async def scenario() -> None:
        t = tracker()
        a = await t.create_goal("u1", "A", "savings", 10)
        b = await t.create_goal("u1", "B", "retirement", 10)
        await t.create_goal("u2", "C", "savings", 10)
        assert [g.name for g in await t.list_goals("u1")] == ["A", "B"]
        assert [g.name for g in await t.list_goals("u1", offset=1)] == ["B"]
        await t.delete_goal(a.id)
        assert await t.list_goals("u1") == [b]
        assert await t.restore_goal(a.id) == a
        assert await t.get_goal(a.id) == a
        await t.delete_goal(a.id, soft=False)
        for call in (
            t.get_goal(a.id),
            t.update_goal(a.id, name="x"),
            t.add_contribution(a.id, 1),
            t.project(a.id),
            t.delete_goal(a.id),
        ):
            with pytest.raises(NotFoundError):
                await call

    run(scenario())
