"""Builders shared by the budget tests: a January budget and transactions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fin_infra.budgets import Budget, BudgetPeriod
from fin_infra.models import Transaction
from fin_infra.money import D

NOW = dt.datetime(2025, 1, 16, 9, 30, tzinfo=dt.UTC)
JAN_1, JAN_31 = dt.date(2025, 1, 1), dt.date(2025, 1, 31)


def make_budget(**overrides: Any) -> Budget:
    """A January budget (groceries 600, restaurants 200) unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "b1",
        "user_id": "u1",
        "name": "January",
        "period": BudgetPeriod.MONTHLY,
        "period_start": JAN_1,
        "period_end": JAN_31,
        "categories": {"Groceries": D(600), "Restaurants": D(200)},
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Budget(**(fields | overrides))


_counter = iter(range(10**9))


PRIMARY = {
    "FOOD_AND_DRINK_GROCERIES": "FOOD_AND_DRINK",
    "FOOD_AND_DRINK_RESTAURANT": "FOOD_AND_DRINK",
    "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES": "GENERAL_MERCHANDISE",
    "INCOME_WAGES": "INCOME",
    "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT": "LOAN_PAYMENTS",
    "TRANSFER_IN_ACCOUNT_TRANSFER": "TRANSFER_IN",
    "TRANSFER_OUT_ACCOUNT_TRANSFER": "TRANSFER_OUT",
}


def txn(
    amount: str | Decimal, day: int = 10, category: str | None = None, **kw: Any
) -> Transaction:
    """A transaction on ``day`` January 2025; ``category`` is the detailed Plaid category."""
    primary = PRIMARY[category] if category else None
    fields: dict[str, Any] = {
        "id": f"t{next(_counter)}",
        "account_id": "acc",
        "amount": D(amount),
        "date": dt.date(2025, 1, day),
        "name": "test",
        "category": primary,
        "category_detailed": category,
    }
    return Transaction(**(fields | kw))


GROCERIES = {"FOOD_AND_DRINK_GROCERIES": "Groceries", "FOOD_AND_DRINK_RESTAURANT": "Restaurants"}
