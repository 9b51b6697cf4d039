"""BudgetTracker on its in-memory repository: CRUD, typed errors, progress, rollover."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from fin_infra.budgets import BudgetPeriod, BudgetTracker, InMemoryBudgetRepository
from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.money import D
from tests.unit.budgets.builders import GROCERIES, JAN_1, JAN_31, NOW, txn

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def tracker() -> BudgetTracker:
    return BudgetTracker(clock=lambda: NOW)


async def january(t: BudgetTracker, name: str = "Food", **kw: Any) -> Any:
    fields: dict[str, Any] = {"categories": {"Groceries": 600.00, "Restaurants": 200}} | kw
    return await t.create_budget("u1", name, JAN_1, JAN_31, **fields)


def test_create_stores_decimals_whatever_the_caller_passes() -> None:
    t = tracker()
    budget = run(
        t.create_budget(
            "u1", "Mixed", JAN_1, JAN_31, categories={"a": 600.1, "b": 7, "c": "0.30", "d": D(1)}
        )
    )
    assert budget.categories == {"a": D("600.1"), "b": D(7), "c": D("0.30"), "d": D(1)}
    assert all(type(v) is type(D(1)) for v in budget.categories.values())
    assert (budget.created_at, budget.updated_at, budget.deleted_at) == (NOW, NOW, None)
    assert run(t.get_budget(budget.id)) == budget


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [
        (JAN_1, JAN_31, BudgetPeriod.MONTHLY),
        (dt.date(2025, 1, 15), dt.date(2025, 2, 14), BudgetPeriod.MONTHLY),
        (JAN_1, dt.date(2025, 12, 31), BudgetPeriod.YEARLY),
        (JAN_1, dt.date(2025, 1, 14), BudgetPeriod.CUSTOM),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 27), BudgetPeriod.CUSTOM),
    ],
)
def test_period_is_recognised_from_the_dates(
    start: dt.date, end: dt.date, period: BudgetPeriod
) -> None:
    budget = run(tracker().create_budget("u1", "B", start, end, categories={"x": 1}))
    assert budget.period is period


def test_period_end_follows_from_a_named_period() -> None:
    t = tracker()
    yearly = run(t.create_budget("u1", "Y", JAN_1, period="yearly", categories={"x": 1}))
    assert yearly.period_end == dt.date(2025, 12, 31)
    with pytest.raises(ValidationError, match="period_end"):
        run(t.create_budget("u1", "Y", JAN_1, categories={"x": 1}))
    with pytest.raises(ValidationError, match="period_end"):
        run(t.create_budget("u1", "Y", JAN_1, period="custom", categories={"x": 1}))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period_end": dt.date(2024, 12, 31)}, "before period_start"),
        ({"categories": {}}, "at least one category"),
        ({"categories": {"x": -5}}, "positive amount"),
        ({"categories": {"x": 0}}, "positive amount"),
        ({"categories": {" ": 5}}, "blank"),
        ({"categories": {"x": float("nan")}}, "finite"),
        ({"categories": {"x": True}}, "bool"),
        ({"categories": {"x": "ten"}}, "not a decimal"),
        ({"currency": "XYZ"}, "currency"),
        ({"period": "monthly", "period_end": dt.date(2025, 2, 1)}, "ends 2025-01-31"),
    ],
)
def test_bad_input_raises_validation_error(kwargs: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {"period_end": JAN_31, "categories": {"x": 1}} | kwargs
    with pytest.raises(ValidationError, match=message):
        run(tracker().create_budget("u1", "B", JAN_1, **fields))


def test_unknown_budget_is_not_found() -> None:
    t = tracker()
    for call in (
        t.get_budget("nope"),
        t.update_budget("nope", name="x"),
        t.delete_budget("nope"),
        t.restore_budget("nope"),
        t.progress("nope", []),
        t.roll_over("nope", []),
    ):
        with pytest.raises(NotFoundError, match="nope"):
            run(call)


def test_list_pages_one_users_budgets() -> None:
    async def scenario() -> tuple[list[str], list[str], list[str]]:
        t = tracker()
        names = []
        for i in range(5):
            names.append((await january(t, name=f"b{i}")).name)
        await t.create_budget("u2", "other", JAN_1, JAN_31, categories={"x": 1})
        everything = [b.name for b in await t.list_budgets("u1")]
        page = [b.name for b in await t.list_budgets("u1", limit=2, offset=1)]
        return names, everything, page

    names, everything, page = run(scenario())
    assert everything == names
    assert page == names[1:3]


def test_update_replaces_fields_and_keeps_identity() -> None:
    later = NOW + dt.timedelta(days=1)
    clock = iter([NOW, later])
    t = BudgetTracker(clock=lambda: next(clock))

    async def scenario() -> Any:
        budget = await january(t)
        return budget, await t.update_budget(
            budget.id, name="Food+", categories={"Groceries": "650"}, rollover=True
        )

    before, after = run(scenario())
    assert after.id == before.id
    assert (after.name, after.categories, after.rollover) == ("Food+", {"Groceries": D(650)}, True)
    assert (after.created_at, after.updated_at) == (NOW, later)


def test_update_is_validated() -> None:
    t = tracker()
    budget = run(january(t))
    with pytest.raises(ValidationError, match="at least one category"):
        run(t.update_budget(budget.id, categories={}))
    assert run(t.get_budget(budget.id)) == budget


def test_soft_delete_hides_and_restore_brings_back() -> None:
    async def scenario() -> None:
        t = tracker()
        budget = await january(t)
        await t.delete_budget(budget.id)
        with pytest.raises(NotFoundError):
            await t.get_budget(budget.id)
        assert await t.list_budgets("u1") == []
        [hidden] = await t.list_budgets("u1", include_deleted=True)
        assert hidden.deleted_at == NOW
        assert await t.restore_budget(budget.id) == budget
        with pytest.raises(NotFoundError, match="soft-deleted"):
            await t.restore_budget(budget.id)
        await t.delete_budget(budget.id, soft=False)
        assert await t.list_budgets("u1", include_deleted=True) == []
        with pytest.raises(NotFoundError):
            await t.restore_budget(budget.id)

    run(scenario())


def test_progress_defaults_to_today_from_the_clock() -> None:
    async def scenario() -> Any:
        t = tracker()
        budget = await january(t)
        spend = [
            txn("-100", 2, "FOOD_AND_DRINK_GROCERIES"),
            txn("-1", 20, "FOOD_AND_DRINK_GROCERIES"),
        ]
        return await t.progress(budget.id, spend, category_map=GROCERIES)

    report = run(scenario())
    assert report.as_of == NOW.date()
    assert report.categories["Groceries"].spent == D(100)


def test_roll_over_carries_unspent_and_overspent_amounts() -> None:
    spend = [
        txn("-500", 5, "FOOD_AND_DRINK_GROCERIES"),
        txn("-260", 9, "FOOD_AND_DRINK_RESTAURANT"),
    ]

    async def scenario() -> Any:
        t = tracker()
        budget = await january(t, rollover=True)
        february = await t.roll_over(budget.id, spend, category_map=GROCERIES)
        march = await t.roll_over(february.id, [], category_map=GROCERIES)
        return february, march, await t.list_budgets("u1")

    february, march, stored = run(scenario())
    assert (february.period_start, february.period_end) == (
        dt.date(2025, 2, 1),
        dt.date(2025, 2, 28),
    )
    assert february.carried_over == {"Groceries": D(100), "Restaurants": D(-60)}
    assert (february.budgeted("Groceries"), february.budgeted("Restaurants")) == (D(700), D(140))
    assert march.carried_over == {"Groceries": D(700), "Restaurants": D(140)}
    assert [b.period_start.month for b in stored] == [1, 2, 3]


def test_roll_over_without_rollover_starts_fresh() -> None:
    async def scenario() -> Any:
        t = tracker()
        budget = await january(t)
        return await t.roll_over(budget.id, [txn("-500", 5, "FOOD_AND_DRINK_GROCERIES")])

    nxt = run(scenario())
    assert nxt.carried_over == {}
    assert nxt.categories == {"Groceries": D("600.0"), "Restaurants": D(200)}


def test_update_drops_carry_of_removed_categories() -> None:
    async def scenario() -> Any:
        t = tracker()
        budget = await january(t, rollover=True)
        feb = await t.roll_over(budget.id, [])
        return await t.update_budget(feb.id, categories={"Groceries": 600, "Travel": 100})

    feb = run(scenario())
    assert feb.carried_over == {"Groceries": D("600.0")}


def test_tracker_takes_any_repository() -> None:
    repository = InMemoryBudgetRepository()
    t = BudgetTracker(repository)
    budget = run(january(t))
    assert t.repository is repository
    assert run(repository.get(budget.id)) == budget


def test_repository_guards_ids_and_owners() -> None:
    async def scenario() -> None:
        repository = InMemoryBudgetRepository()
        budget = await january(BudgetTracker(repository))
        with pytest.raises(ConflictError, match=budget.id):
            await repository.create(budget)
        with pytest.raises(ValidationError, match="another user"):
            await repository.update(budget.model_copy(update={"user_id": "u2"}))
        with pytest.raises(NotFoundError):
            await repository.update(budget.model_copy(update={"id": "other"}))
        with pytest.raises(ValidationError, match="negative"):
            await repository.list("u1", offset=-1)

    run(scenario())
