"""``add_goals(app, ...)``: goal CRUD, contributions, projections and debt payoff plans (FastAPI).

Needs the ``api`` extra. The application supplies two dependencies: ``tracker`` returns the
request's :class:`~fin_infra.goals.GoalTracker` (for SQL, one over
:class:`~fin_infra.goals.sql.SqlGoalRepository` with the request's session and tenant) and
``user`` returns the authenticated caller's user id. Errors answer through
:func:`fin_infra.api.install_error_handlers`; a payoff plan that cannot clear the debts is a
422, not a 500.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI
from pydantic import Field

from fin_infra._tracking.api import (
    BODY_ERRORS,
    ERRORS,
    Body,
    DecimalRoute,
    RequestAmount,
    commit,
    mount,
    owned,
    user_of,
)
from fin_infra.errors import CalculationError, ValidationError
from fin_infra.goals.milestones import DEFAULT_MILESTONES
from fin_infra.goals.models import Goal, GoalProjection, GoalStatus, GoalType
from fin_infra.goals.payoff import Debt, PayoffPlan, PayoffStrategy, payoff_plan
from fin_infra.goals.tracker import GoalTracker
from fin_infra.models import CurrencyCode
from fin_infra.models._types import AmountRule

__all__ = [
    "ContributionRequest",
    "GoalCreateRequest",
    "GoalUpdateRequest",
    "PayoffPlanRequest",
    "add_goals",
]


Percent = Annotated[Decimal, AmountRule(7, 4, gt=0, le=100)]


class GoalCreateRequest(Body):
    """A new goal of the caller; milestones (percent of the target) default to 25/50/75/100."""

    name: str = Field(min_length=1, max_length=100)
    goal_type: GoalType
    target_amount: RequestAmount
    target_date: dt.date | None = None
    current_amount: RequestAmount = Decimal(0)
    monthly_contribution: RequestAmount = Decimal(0)
    annual_rate: RequestAmount = Field(default=Decimal(0), description="0.05 is 5% a year.")
    currency: CurrencyCode = "USD"
    start_date: dt.date | None = Field(default=None, description="Today when absent.")
    milestones: list[Percent] = Field(default_factory=lambda: list(DEFAULT_MILESTONES))


class GoalUpdateRequest(Body):
    """Fields to change (absent or null: unchanged)."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    target_amount: RequestAmount | None = None
    target_date: dt.date | None = None
    monthly_contribution: RequestAmount | None = None
    annual_rate: RequestAmount | None = None
    status: GoalStatus | None = None


class ContributionRequest(Body):
    """Money saved (or repaid) towards the goal; negative withdraws."""

    amount: RequestAmount
    on: dt.date | None = Field(default=None, description="Today when absent.")


class PayoffPlanRequest(Body):
    """Several debts and what can be paid each month in total."""

    debts: list[Debt] = Field(min_length=1)
    monthly_payment: RequestAmount
    strategy: PayoffStrategy = PayoffStrategy.AVALANCHE


def add_goals(
    app: FastAPI,
    *,
    tracker: Callable[..., Any],
    user: Callable[..., Any],
    prefix: str = "/goals",
    tags: list[str] | None = None,
) -> APIRouter:
    """Mount the goal routes on ``app`` under ``prefix`` and install the error handlers."""
    router = APIRouter(prefix=prefix, tags=list(tags or ["goals"]), route_class=DecimalRoute)
    Tracker = Annotated[GoalTracker, Depends(tracker)]  # noqa: N806 - a type alias
    User = Annotated[str, Depends(user_of(user))]  # noqa: N806

    async def mine(t: GoalTracker, goal_id: str, user_id: str) -> Goal:
        return owned(await t.get_goal(goal_id), user_id)

    @router.post("/payoff-plan", response_model=PayoffPlan, responses=BODY_ERRORS)
    async def plan_payoff(body: PayoffPlanRequest, user_id: User) -> PayoffPlan:
        """Month-by-month plan to clear several debts (avalanche or snowball); stores nothing."""
        try:
            return payoff_plan(body.debts, body.monthly_payment, body.strategy)
        except CalculationError as error:
            raise ValidationError(str(error)) from error

    @router.post("", status_code=201, response_model=Goal, responses=BODY_ERRORS)
    async def create_goal(body: GoalCreateRequest, t: Tracker, user_id: User) -> Goal:
        """Create a goal for the caller."""
        goal = await t.create_goal(user_id, **dict(body))
        await commit(t.repository)
        return goal

    @router.patch("/{goal_id}", response_model=Goal, responses=BODY_ERRORS)
    async def update_goal(goal_id: str, body: GoalUpdateRequest, t: Tracker, user_id: User) -> Goal:
        """Change the plan or status of one of the caller's goals."""
        await mine(t, goal_id, user_id)
        goal = await t.update_goal(goal_id, **dict(body))
        await commit(t.repository)
        return goal

    @router.post("/{goal_id}/contributions", response_model=Goal, responses=BODY_ERRORS)
    async def add_contribution(
        goal_id: str, body: ContributionRequest, t: Tracker, user_id: User
    ) -> Goal:
        """Record a contribution (or withdrawal); reached milestones are stamped."""
        await mine(t, goal_id, user_id)
        goal = await t.add_contribution(goal_id, body.amount, on=body.on)
        await commit(t.repository)
        return goal

    @router.get("/{goal_id}/projection", response_model=GoalProjection, responses=ERRORS)
    async def project(
        goal_id: str, t: Tracker, user_id: User, as_of: dt.date | None = None
    ) -> GoalProjection:
        """Required monthly contribution, projected completion and pace of a goal."""
        await mine(t, goal_id, user_id)
        return await t.project(goal_id, as_of=as_of)

    return mount(app, router, tracker=tracker, user=user_of(user), record=Goal, noun="goal")
