"""Budgets: planned spending per category and period, with progress, alerts and rollover.

:class:`BudgetTracker` stores budgets in a :class:`BudgetRepository` (in memory by default) and
reports :class:`BudgetProgress` from categorized transactions; :func:`budget_progress` is the pure
calculation underneath. See :mod:`fin_infra.budgets.matching` for how refunds, transfers and
pending transactions count.
"""

from __future__ import annotations

from fin_infra.budgets.matching import NOT_SPENDING, budget_category, effective_transactions
from fin_infra.budgets.models import AlertKind, Budget, BudgetAlert, BudgetProgress, ProgressLine
from fin_infra.budgets.periods import BudgetPeriod, following_period, natural_end
from fin_infra.budgets.progress import DEFAULT_THRESHOLDS, budget_progress, carry_over
from fin_infra.budgets.repository import BudgetRepository, InMemoryBudgetRepository
from fin_infra.budgets.tracker import BudgetTracker

__all__ = [
    "DEFAULT_THRESHOLDS",
    "NOT_SPENDING",
    "AlertKind",
    "Budget",
    "BudgetAlert",
    "BudgetPeriod",
    "BudgetProgress",
    "BudgetRepository",
    "BudgetTracker",
    "InMemoryBudgetRepository",
    "ProgressLine",
    "budget_category",
    "budget_progress",
    "carry_over",
    "effective_transactions",
    "following_period",
    "natural_end",
]
