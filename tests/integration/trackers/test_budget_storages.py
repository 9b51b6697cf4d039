"""BudgetTracker behaves the same in memory and on the scaffolded SQL table (SQLite, PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.money import D
from tests.integration.trackers.storages import Storage, unique_user
from tests.unit.budgets.builders import GROCERIES, JAN_1, JAN_31, txn

CATEGORIES: dict[str, float | str] = {"Groceries": 600.10, "Restaurants": "200"}


def test_create_get_list_update(storage: Storage) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with storage.open() as t:
            jan = await t.budgets.create_budget(user, "Food", JAN_1, JAN_31, categories=CATEGORIES)
            year = await t.budgets.create_budget(
                user, "Travel", dt.date(2025, 1, 1), period="yearly", categories={"Trips": 3000}
            )
            custom = await t.budgets.create_budget(
                user, "Move", dt.date(2025, 3, 3), dt.date(2025, 3, 17), categories={"Van": 9.99}
            )
        async with storage.open() as t:
            assert await t.budgets.get_budget(jan.id) == jan
            stored = await t.budgets.get_budget(year.id)
            assert (stored.period.value, stored.period_end) == ("yearly", dt.date(2025, 12, 31))
            assert (await t.budgets.get_budget(custom.id)).period.value == "custom"
            assert jan.categories == {"Groceries": D("600.1"), "Restaurants": D(200)}
            assert [b.id for b in await t.budgets.list_budgets(user)] == [
                jan.id,
                year.id,
                custom.id,
            ]
            page = await t.budgets.list_budgets(user, limit=1, offset=1)
            assert [b.name for b in page] == ["Travel"]
            assert await t.budgets.list_budgets(unique_user()) == []
            with pytest.raises(ValidationError, match="negative"):
                await t.budgets.list_budgets(user, offset=-1)
            updated = await t.budgets.update_budget(
                jan.id, name="Food & drink", categories={"Groceries": "650.25"}, rollover=True
            )
            assert updated.updated_at > jan.updated_at
            assert updated.created_at == jan.created_at
        async with storage.open() as t:
            again = await t.budgets.get_budget(jan.id)
            assert again == updated
            assert (again.name, again.rollover) == ("Food & drink", True)
            assert again.categories == {"Groceries": D("650.25")}

    asyncio.run(scenario())


def test_delete_restore_and_missing_ids(storage: Storage) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with storage.open() as t:
            budget = await t.budgets.create_budget(
                user, "Food", JAN_1, JAN_31, categories=CATEGORIES
            )
            await t.budgets.delete_budget(budget.id)
        async with storage.open() as t:
            with pytest.raises(NotFoundError):
                await t.budgets.get_budget(budget.id)
            with pytest.raises(NotFoundError):
                await t.budgets.update_budget(budget.id, name="x")
            assert await t.budgets.list_budgets(user) == []
            [hidden] = await t.budgets.list_budgets(user, include_deleted=True)
            assert hidden.deleted_at is not None
            assert hidden.deleted_at > budget.created_at
            assert await t.budgets.restore_budget(budget.id) == budget
            with pytest.raises(NotFoundError, match="soft-deleted"):
                await t.budgets.restore_budget(budget.id)
            await t.budgets.delete_budget(budget.id, soft=False)
        async with storage.open() as t:
            assert await t.budgets.list_budgets(user, include_deleted=True) == []
            for missing in (budget.id, "0" * 32, "not-a-uuid"):
                with pytest.raises(NotFoundError):
                    await t.budgets.get_budget(missing)
                with pytest.raises(NotFoundError):
                    await t.budgets.restore_budget(missing)
                with pytest.raises(NotFoundError):
                    await t.budgets.delete_budget(missing)

    asyncio.run(scenario())


def test_repository_refuses_a_second_record_with_the_same_id(storage: Storage) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with storage.open() as t:
            budget = await t.budgets.create_budget(user, "A", JAN_1, JAN_31, categories={"x": 1})
            with pytest.raises(ConflictError, match=budget.id):
                await t.budgets.repository.create(budget)
            with pytest.raises(ValidationError, match="another user"):
                await t.budgets.repository.update(budget.model_copy(update={"user_id": "other"}))
            assert await t.budgets.list_budgets(user) == [budget]

    asyncio.run(scenario())


def test_progress_alerts_and_rollover(storage: Storage) -> None:
    user = unique_user()
    spend = [
        txn("-500", 5, "FOOD_AND_DRINK_GROCERIES"),
        txn("-260", 9, "FOOD_AND_DRINK_RESTAURANT"),
        txn("20", 12, "FOOD_AND_DRINK_GROCERIES"),  # a refund
        txn("-75", 14, "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES"),
    ]

    async def scenario() -> None:
        async with storage.open() as t:
            jan = await t.budgets.create_budget(
                user,
                "Food",
                JAN_1,
                JAN_31,
                categories={"Groceries": 600, "Restaurants": 200},
                rollover=True,
            )
        async with storage.open() as t:
            report = await t.budgets.progress(
                jan.id, spend, as_of=dt.date(2025, 1, 15), category_map=GROCERIES
            )
            groceries, restaurants = (
                report.categories["Groceries"],
                report.categories["Restaurants"],
            )
            assert (groceries.spent, groceries.remaining) == (D(480), D(120))
            assert (restaurants.spent, restaurants.remaining) == (D(260), D(-60))
            assert restaurants.overspent
            assert not groceries.overspent
            assert report.total.spent == D(740)
            assert report.unbudgeted_spent == D(75)
            assert {(a.kind.value, a.category) for a in report.alerts} >= {
                ("overspent", "Restaurants")
            }
            feb = await t.budgets.roll_over(jan.id, spend, category_map=GROCERIES)
        async with storage.open() as t:
            stored = await t.budgets.get_budget(feb.id)
            assert stored == feb
            assert (stored.period_start, stored.period_end) == (
                dt.date(2025, 2, 1),
                dt.date(2025, 2, 28),
            )
            assert stored.carried_over == {"Groceries": D(120), "Restaurants": D(-60)}
            assert (stored.budgeted("Groceries"), stored.budgeted("Restaurants")) == (
                D(720),
                D(140),
            )
            march = await t.budgets.roll_over(feb.id, [], category_map=GROCERIES)
            assert march.carried_over == {"Groceries": D(720), "Restaurants": D(140)}
            listed = await t.budgets.list_budgets(user)
            assert [b.period_start.month for b in listed] == [1, 2, 3]
            replanned = await t.budgets.update_budget(
                feb.id, categories={"Groceries": 650, "Travel": 1}
            )
            assert replanned.carried_over == {"Groceries": D(120)}
            assert (await t.budgets.get_budget(feb.id)).carried_over == {"Groceries": D(120)}

    asyncio.run(scenario())
