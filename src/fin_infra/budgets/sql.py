"""Budgets in the application's SQL table (``fin-infra scaffold budgets``), for ``BudgetTracker``.

>>> from fin_infra.budgets import BudgetTracker
>>> from fin_infra.budgets.sql import SqlBudgetRepository
>>> # tracker = BudgetTracker(SqlBudgetRepository(session, Budget, tenant_id="acme"))

Category amounts (planned and carried over) live in JSON columns as decimal strings and come
back exact. The scaffolded table keeps ``(user_id, name, period_start)`` unique (per tenant;
among live rows when it soft-deletes, so a deleted budget frees its name) and needs
``period_end`` after ``period_start``; both are checked before writing, as errors.
"""

from __future__ import annotations

from typing import Any

from fin_infra._tracking.sql import SqlRepository, amounts_from_json, amounts_to_json
from fin_infra.budgets.models import Budget
from fin_infra.errors import ValidationError

__all__ = ["SqlBudgetRepository"]


class SqlBudgetRepository(SqlRepository[Budget]):
    """:class:`~fin_infra.budgets.BudgetRepository` over a scaffolded ``Budget`` model.

    ``SqlBudgetRepository(session, Budget, tenant_id=...)``: the session's transaction is the
    caller's (methods flush, never commit); ``tenant_id`` is required exactly when the table has
    a ``tenant_id`` column.
    """

    unique = (("user_id", "name", "period_start"),)

    def _values(self, item: Budget) -> dict[str, Any]:
        if item.period_end <= item.period_start:
            raise ValidationError("the budgets table needs period_end after period_start")
        return {
            "name": item.name,
            "period": item.period.value,
            "period_start": item.period_start,
            "period_end": item.period_end,
            "categories": amounts_to_json(item.categories),
            "carried_over": amounts_to_json(item.carried_over),
            "rollover": item.rollover,
            "currency": item.currency,
        }

    def _record(self, row: Any) -> Budget:
        return Budget(
            **self._common(row),
            name=row.name,
            period=row.period,
            period_start=row.period_start,
            period_end=row.period_end,
            categories=amounts_from_json(row.categories),
            carried_over={  # a plan edited elsewhere may have dropped a category
                name: amount
                for name, amount in amounts_from_json(row.carried_over).items()
                if name in row.categories
            },
            rollover=row.rollover,
            currency=row.currency,
        )
