"""Goals: saving for something or paying a debt off, with milestones and projections.

:class:`GoalTracker` stores :class:`Goal` records in a :class:`GoalRepository` (in memory by
default); :func:`project_goal` computes the required monthly contribution, the projected
completion date and the pace with :mod:`fin_infra.calc`; :func:`payoff_plan` orders several
debts by the avalanche or snowball strategy.
"""

from __future__ import annotations

from fin_infra.goals.milestones import DEFAULT_MILESTONES, mark_milestones, plan_milestones
from fin_infra.goals.models import Goal, GoalProjection, GoalStatus, GoalType, Milestone, Pace
from fin_infra.goals.payoff import (
    Debt,
    DebtPayoff,
    PayoffMonth,
    PayoffPlan,
    PayoffStrategy,
    payoff_plan,
)
from fin_infra.goals.projection import (
    months_to_completion,
    project_goal,
    required_monthly_contribution,
)
from fin_infra.goals.repository import GoalRepository, InMemoryGoalRepository
from fin_infra.goals.tracker import GoalTracker

__all__ = [
    "DEFAULT_MILESTONES",
    "Debt",
    "DebtPayoff",
    "Goal",
    "GoalProjection",
    "GoalRepository",
    "GoalStatus",
    "GoalTracker",
    "GoalType",
    "InMemoryGoalRepository",
    "Milestone",
    "Pace",
    "PayoffMonth",
    "PayoffPlan",
    "PayoffStrategy",
    "mark_milestones",
    "months_to_completion",
    "payoff_plan",
    "plan_milestones",
    "project_goal",
    "required_monthly_contribution",
]
