"""Insight endpoints (budget progress, goal projection, net worth, portfolio, bills) and sync.

Each handler is a few lines: dependencies give the tenant, a session and the market data; the
work happens in :mod:`personal_finance.insights`, i.e. in fin-infra's pure functions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from fin_infra.api import ERROR_RESPONSES, DecimalRoute
from fin_infra.budgets import BudgetProgress
from fin_infra.goals import GoalProjection

from . import insights
from .banking import SyncSummary, sync_linked_items
from .dependencies import Bank, Cipher, Market, Session, Tenant

__all__ = ["banking_router", "router"]

router = APIRouter(prefix="/insights", tags=["insights"], route_class=DecimalRoute)
banking_router = APIRouter(prefix="/banking", tags=["banking"], route_class=DecimalRoute)

Day = Annotated[
    dt.date | None,
    Query(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31), description="Defaults to today."),
]


class SnapshotOut(BaseModel):
    """Net worth on one day with its breakdown (decimal strings)."""

    date: dt.date
    total_assets: Decimal
    total_liabilities: Decimal
    net_worth: Decimal
    assets: dict[str, Decimal]
    liabilities: dict[str, Decimal]


class BillOut(BaseModel):
    """A detected recurring stream (negative amounts are bills, positive are income)."""

    merchant: str
    frequency: str
    category: str | None
    average_amount: Decimal
    next_date: dt.date
    next_amount: Decimal
    confidence: Decimal


@router.get("/budgets/{budget_id}/progress", responses={404: ERROR_RESPONSES[404]})
async def budget_progress(
    budget_id: uuid.UUID, tenant: Tenant, session: Session, as_of: Day = None
) -> BudgetProgress:
    """Spent, remaining and projected spending per category, with alerts."""
    return await insights.budget_report(session, tenant, budget_id, as_of or dt.date.today())


@router.get("/goals/{goal_id}/projection", responses={404: ERROR_RESPONSES[404]})
async def goal_projection(
    goal_id: uuid.UUID,
    tenant: Tenant,
    session: Session,
    monthly_contribution: Annotated[
        Decimal | None,
        Query(ge=0, max_digits=15, decimal_places=4, description="Instead of the goal's own."),
    ] = None,
    annual_rate: Annotated[
        Decimal | None,
        Query(ge=0, le=1, max_digits=9, decimal_places=8, description="Instead of the goal's own."),
    ] = None,
    as_of: Day = None,
) -> GoalProjection:
    """Months to completion, required contribution and pace (at the goal's saving pace)."""
    return await insights.goal_projection(
        session,
        tenant,
        goal_id,
        as_of or dt.date.today(),
        monthly_contribution=monthly_contribution,
        annual_rate=annual_rate,
    )


@router.get("/net-worth")
async def net_worth(tenant: Tenant, session: Session) -> list[SnapshotOut]:
    """Every snapshot, oldest first."""
    return [
        SnapshotOut(
            date=row.snapshot_date,
            total_assets=row.total_assets,
            total_liabilities=row.total_liabilities,
            net_worth=row.net_worth,
            assets={k: Decimal(v) for k, v in row.assets_breakdown.items()},
            liabilities={k: Decimal(v) for k, v in row.liabilities_breakdown.items()},
        )
        for row in await insights.net_worth_history(session, tenant)
    ]


@router.get("/recurring")
async def recurring(tenant: Tenant, session: Session) -> list[BillOut]:
    """Recurring bills and income found in the transactions, next due first."""
    return [
        BillOut.model_validate(row, from_attributes=True)
        for row in await insights.recurring_bills(session, tenant)
    ]


@router.get("/portfolio")
async def portfolio(
    tenant: Tenant, session: Session, market: Market, as_of: Day = None
) -> insights.PortfolioReport:
    """Allocation, value history, drawdown and risk of the current positions over a year."""
    return await insights.portfolio_report(session, tenant, market, as_of or dt.date.today())


@banking_router.post("/sync")
async def sync(tenant: Tenant, session: Session, bank: Bank, cipher: Cipher) -> SyncSummary:
    """Fetch what changed at every linked institution since the last sync, and store it."""
    summary = await sync_linked_items(session, tenant, bank, cipher, dt.date.today())
    await session.commit()
    return summary
