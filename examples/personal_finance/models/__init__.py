"""The application's tables: scaffolded budgets, goals and net worth, plus the ledger.

Importing this package registers every table on :class:`fin_infra.persistence.ModelBase`, which
is what ``fin-infra db`` (``DISCOVER_PACKAGES=personal_finance.models``) compares against.
"""

from .budgets import Budget, BudgetCreate, BudgetRead, BudgetRepository, BudgetUpdate
from .goals import Goal, GoalCreate, GoalRead, GoalRepository, GoalUpdate
from .ledger import BankAccount, BankTransaction, LinkedItem, Position, RecurringBill
from .net_worth import (
    NetWorthSnapshot,
    NetWorthSnapshotCreate,
    NetWorthSnapshotRead,
    NetWorthSnapshotRepository,
)

__all__ = [
    "BankAccount",
    "BankTransaction",
    "Budget",
    "BudgetCreate",
    "BudgetRead",
    "BudgetRepository",
    "BudgetUpdate",
    "Goal",
    "GoalCreate",
    "GoalRead",
    "GoalRepository",
    "GoalUpdate",
    "LinkedItem",
    "NetWorthSnapshot",
    "NetWorthSnapshotCreate",
    "NetWorthSnapshotRead",
    "NetWorthSnapshotRepository",
    "Position",
    "RecurringBill",
]
