"""Where budgets are stored: the async repository protocol and its in-memory implementation."""

from __future__ import annotations

from typing import Protocol

from fin_infra._tracking.repository import InMemoryRepository, Repository
from fin_infra.budgets.models import Budget

__all__ = ["BudgetRepository", "InMemoryBudgetRepository"]


class BudgetRepository(Repository[Budget], Protocol):
    """Storage for budgets: ``create get list update delete restore``; in memory
    (:class:`InMemoryBudgetRepository`) or on the application's scaffolded table
    (:class:`~fin_infra.budgets.sql.SqlBudgetRepository`)."""


class InMemoryBudgetRepository(InMemoryRepository[Budget]):
    """Budgets in a dict: the tracker's default storage, for tests and scripts."""
