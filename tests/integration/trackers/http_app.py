"""The application the router tests drive: the three routers over a test storage.

The user is read from a bearer token and the tenant is fixed server-side; on SQL each request
gets its own session (closed after the response), as an application would wire it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException
from sqlalchemy.ext.asyncio import AsyncEngine

from fin_infra.budgets import BudgetTracker
from fin_infra.budgets.api import add_budgets
from fin_infra.budgets.sql import SqlBudgetRepository
from fin_infra.goals import GoalTracker
from fin_infra.goals.api import add_goals
from fin_infra.goals.sql import SqlGoalRepository
from fin_infra.net_worth import NetWorthTracker
from fin_infra.net_worth.api import add_net_worth
from fin_infra.net_worth.sql import SqlSnapshotRepository
from fin_infra.persistence import create_engine, create_sessionmaker
from tests.integration.trackers.storages import TENANT, MemoryStorage, SqlStorage, Storage


def build_app(storage: Storage, users: dict[str, str]) -> tuple[FastAPI, list[AsyncEngine]]:
    """The app (``users`` maps a bearer token to a user id), and the engines to dispose of."""

    def current_user(authorization: Annotated[str | None, Header()] = None) -> str:
        token = (authorization or "").removeprefix("Bearer ")
        if token not in users:
            raise HTTPException(status_code=401, detail="unknown token")
        return users[token]

    app = FastAPI(title="trackers")
    if isinstance(storage, MemoryStorage):
        budgets = BudgetTracker(storage.budgets, clock=storage.clock)
        goals = GoalTracker(storage.goals, clock=storage.clock)
        net_worth = NetWorthTracker(storage.snapshots, clock=storage.clock)
        add_budgets(app, tracker=lambda: budgets, user=current_user)
        add_goals(app, tracker=lambda: goals, user=current_user)
        add_net_worth(app, tracker=lambda: net_worth, user=current_user)
        return app, []
    assert isinstance(storage, SqlStorage)
    engine = create_engine(storage.url)
    sessions = create_sessionmaker(engine)
    tables, clock = storage.tables, storage.clock

    async def budget_tracker() -> AsyncIterator[BudgetTracker]:
        async with sessions() as session:
            repository = SqlBudgetRepository(
                session, tables.budgets.Budget, tenant_id=TENANT, clock=clock
            )
            yield BudgetTracker(repository, clock=clock)

    async def goal_tracker() -> AsyncIterator[GoalTracker]:
        async with sessions() as session:
            repository = SqlGoalRepository(
                session, tables.goals.Goal, tenant_id=TENANT, clock=clock
            )
            yield GoalTracker(repository, clock=clock)

    async def net_worth_tracker() -> AsyncIterator[NetWorthTracker]:
        async with sessions() as session:
            model = tables.net_worth.NetWorthSnapshot
            repository = SqlSnapshotRepository(session, model, tenant_id=TENANT, clock=clock)
            yield NetWorthTracker(repository, clock=clock)

    add_budgets(app, tracker=budget_tracker, user=current_user)
    add_goals(app, tracker=goal_tracker, user=current_user)
    add_net_worth(app, tracker=net_worth_tracker, user=current_user)
    return app, [engine]
