"""``add_budgets(app, ...)``: budget CRUD, progress and rollover over HTTP (FastAPI).

Needs the ``api`` extra. The application supplies two dependencies: ``tracker`` returns the
request's :class:`~fin_infra.budgets.BudgetTracker` (for SQL, one over
:class:`~fin_infra.budgets.sql.SqlBudgetRepository` with the request's session and tenant) and
``user`` returns the authenticated caller's user id. Errors answer through
:func:`fin_infra.api.install_error_handlers`: 404, 409, 422, never a 500 for bad input.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI
from pydantic import Field

from fin_infra._tracking.api import (
    BODY_ERRORS,
    Body,
    DecimalRoute,
    RequestAmount,
    commit,
    mount,
    owned,
    user_of,
)
from fin_infra.budgets.models import Budget, BudgetProgress
from fin_infra.budgets.periods import BudgetPeriod
from fin_infra.budgets.progress import DEFAULT_THRESHOLDS
from fin_infra.budgets.tracker import BudgetTracker
from fin_infra.models import CurrencyCode, Transaction
from fin_infra.models._types import AmountRule

__all__ = [
    "BudgetCreateRequest",
    "BudgetUpdateRequest",
    "ProgressRequest",
    "RollOverRequest",
    "add_budgets",
]

Categories = Annotated[dict[str, RequestAmount], Field(min_length=1)]


class BudgetCreateRequest(Body):
    """A new budget of the caller; ``period_end`` may be left out for a monthly or yearly one."""

    name: str = Field(min_length=1, max_length=100)
    period_start: dt.date
    period_end: dt.date | None = None
    period: BudgetPeriod | None = None
    categories: Categories
    currency: CurrencyCode = "USD"
    rollover: bool = False


class BudgetUpdateRequest(Body):
    """Fields to change (absent or null: unchanged); ``categories`` replaces the whole plan."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    categories: Categories | None = None
    rollover: bool | None = None


class ProgressRequest(Body):
    """Transactions to measure the budget against, with the mapping of their categories."""

    transactions: list[Transaction]
    category_map: dict[str, str] | None = Field(
        default=None, description="Transaction category -> budget category."
    )
    as_of: dt.date | None = Field(default=None, description="Today (the server's) when absent.")
    thresholds: list[Annotated[Decimal, AmountRule(7, 4, gt=0)]] = Field(
        default_factory=lambda: list(DEFAULT_THRESHOLDS)
    )


class RollOverRequest(Body):
    """The period's transactions: unspent (or overspent) amounts carry over with rollover on."""

    transactions: list[Transaction] = Field(default_factory=list)
    category_map: dict[str, str] | None = None


def add_budgets(
    app: FastAPI,
    *,
    tracker: Callable[..., Any],
    user: Callable[..., Any],
    prefix: str = "/budgets",
    tags: list[str] | None = None,
) -> APIRouter:
    """Mount the budget routes on ``app`` under ``prefix`` and install the error handlers."""
    router = APIRouter(prefix=prefix, tags=list(tags or ["budgets"]), route_class=DecimalRoute)
    Tracker = Annotated[BudgetTracker, Depends(tracker)]  # noqa: N806 - a type alias
    User = Annotated[str, Depends(user_of(user))]  # noqa: N806

    async def mine(t: BudgetTracker, budget_id: str, user_id: str) -> Budget:
        return owned(await t.get_budget(budget_id), user_id)

    @router.post("", status_code=201, response_model=Budget, responses=BODY_ERRORS)
    async def create_budget(body: BudgetCreateRequest, t: Tracker, user_id: User) -> Budget:
        """Create a budget for the caller."""
        budget = await t.create_budget(user_id, **body.model_dump())
        await commit(t.repository)
        return budget

    @router.patch("/{budget_id}", response_model=Budget, responses=BODY_ERRORS)
    async def update_budget(
        budget_id: str, body: BudgetUpdateRequest, t: Tracker, user_id: User
    ) -> Budget:
        """Rename, re-plan or switch rollover of one of the caller's budgets."""
        await mine(t, budget_id, user_id)
        budget = await t.update_budget(budget_id, **body.model_dump())
        await commit(t.repository)
        return budget

    @router.post("/{budget_id}/progress", response_model=BudgetProgress, responses=BODY_ERRORS)
    async def progress(
        budget_id: str, body: ProgressRequest, t: Tracker, user_id: User
    ) -> BudgetProgress:
        """Spent, remaining, projection and alerts of a budget for the given transactions."""
        await mine(t, budget_id, user_id)
        return await t.progress(
            budget_id,
            body.transactions,
            as_of=body.as_of,
            category_map=body.category_map,
            thresholds=body.thresholds,
        )

    @router.post(
        "/{budget_id}/roll-over", status_code=201, response_model=Budget, responses=BODY_ERRORS
    )
    async def roll_over(budget_id: str, body: RollOverRequest, t: Tracker, user_id: User) -> Budget:
        """Create the budget of the next period, carrying amounts over when rollover is on."""
        await mine(t, budget_id, user_id)
        budget = await t.roll_over(budget_id, body.transactions, category_map=body.category_map)
        await commit(t.repository)
        return budget

    return mount(app, router, tracker=tracker, user=user_of(user), record=Budget, noun="budget")
