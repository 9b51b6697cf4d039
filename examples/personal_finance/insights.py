"""Domain results from stored rows: budget progress, goal projections, net worth, the portfolio.

Each function loads the tenant's rows, turns them into fin-infra's domain models and calls the
library's pure functions (:func:`~fin_infra.budgets.budget_progress`,
:func:`~fin_infra.goals.project_goal`, :mod:`fin_infra.analytics`). Rows of another tenant are
invisible: an id that is not the caller's is a :class:`~fin_infra.errors.NotFoundError`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra import analytics
from fin_infra.budgets import Budget as BudgetPlan
from fin_infra.budgets import BudgetProgress, budget_progress
from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.goals import Goal as GoalPlan
from fin_infra.goals import GoalProjection, project_goal
from fin_infra.models import Transaction
from fin_infra.providers.market_data.base import MarketDataProvider

from .budget_categories import BUDGET_CATEGORIES
from .market import daily_closes, portfolio_values
from .models import BankTransaction, Budget, Goal, NetWorthSnapshot, Position, RecurringBill

__all__ = [
    "PortfolioReport",
    "budget_report",
    "goal_projection",
    "net_worth_history",
    "portfolio_report",
    "recurring_bills",
    "transactions_between",
]


async def transactions_between(
    session: AsyncSession, tenant: str, start: dt.date, end: dt.date
) -> list[Transaction]:
    """The tenant's transactions dated ``start`` to ``end`` (inclusive), as domain models."""
    rows = await session.scalars(
        select(BankTransaction).where(
            BankTransaction.tenant_id == tenant,
            BankTransaction.date >= start,
            BankTransaction.date <= end,
        )
    )
    return [row.to_domain() for row in rows]


Owned = TypeVar("Owned", Budget, Goal)


async def _own(session: AsyncSession, model: type[Owned], tenant: str, row_id: uuid.UUID) -> Owned:
    """The tenant's row ``row_id``; another tenant's row is as missing as a deleted one."""
    row = await session.get(model, row_id)
    if row is None or row.tenant_id != tenant:
        raise NotFoundError(f"{model.__name__.lower()} {row_id} not found")
    return row


def _record(row: Budget | Goal) -> dict[str, Any]:
    """The fields every tracker record shares, from a scaffolded row."""
    return {
        "id": str(row.id),
        "user_id": row.user_id,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "name": row.name,
        "currency": row.currency,
    }


async def budget_report(
    session: AsyncSession, tenant: str, budget_id: uuid.UUID, as_of: dt.date
) -> BudgetProgress:
    """How budget ``budget_id`` is doing on ``as_of``, from the stored transactions."""
    row = await _own(session, Budget, tenant, budget_id)
    plan = BudgetPlan(
        **_record(row),
        period=row.period,
        period_start=row.period_start,
        period_end=row.period_end,
        categories=row.category_amounts(),
        carried_over={name: Decimal(amount) for name, amount in row.carried_over.items()},
        rollover=row.rollover,
    )
    txns = await transactions_between(session, tenant, row.period_start, row.period_end)
    return budget_progress(plan, txns, as_of=as_of, category_map=BUDGET_CATEGORIES)


async def goal_projection(
    session: AsyncSession,
    tenant: str,
    goal_id: uuid.UUID,
    as_of: dt.date,
    *,
    monthly_contribution: Decimal | None = None,
    annual_rate: Decimal | None = None,
) -> GoalProjection:
    """When goal ``goal_id`` completes at its saving pace, compounding monthly.

    ``monthly_contribution`` and ``annual_rate`` replace the stored ones ("what if I saved...").
    """
    row = await _own(session, Goal, tenant, goal_id)
    start = min(row.start_date or row.created_at.date(), as_of)
    plan = GoalPlan(
        **_record(row),
        goal_type=row.goal_type,
        target_amount=row.target_amount,
        current_amount=row.current_amount,
        start_date=start,
        target_date=row.target_date if row.target_date and row.target_date > start else None,
        monthly_contribution=(
            row.monthly_contribution if monthly_contribution is None else monthly_contribution
        ),
        annual_rate=row.annual_rate if annual_rate is None else annual_rate,
        status=row.status,
    )
    return project_goal(plan, as_of)


async def net_worth_history(session: AsyncSession, tenant: str) -> list[NetWorthSnapshot]:
    """The tenant's net worth snapshots, oldest first."""
    rows = await session.scalars(
        select(NetWorthSnapshot)
        .where(NetWorthSnapshot.tenant_id == tenant)
        .order_by(NetWorthSnapshot.snapshot_date)
    )
    return list(rows)


async def recurring_bills(session: AsyncSession, tenant: str) -> list[RecurringBill]:
    """Detected recurring streams, soonest next date first."""
    rows = await session.scalars(
        select(RecurringBill)
        .where(RecurringBill.tenant_id == tenant)
        .order_by(RecurringBill.next_date, RecurringBill.merchant)
    )
    return list(rows)


class PortfolioReport(BaseModel):
    """The portfolio now and over the past year: allocation, value, drawdown and risk."""

    as_of: dt.date
    value: Decimal
    allocation: dict[str, Decimal]
    dates: list[dt.date]
    values: list[Decimal]
    drawdown: list[float] = []
    total_return: float | None = None
    annual_volatility: float | None = None
    sharpe_ratio: float | None = None
    max_drawdown: float | None = None


async def portfolio_report(
    session: AsyncSession, tenant: str, market: MarketDataProvider, as_of: dt.date
) -> PortfolioReport:
    """Value today's positions over the past year with daily closes, then analyse the series."""
    positions: Sequence[Position] = list(
        await session.scalars(select(Position).where(Position.tenant_id == tenant))
    )
    quantities: dict[str, Decimal] = {}
    for p in positions:
        quantities[p.symbol] = quantities.get(p.symbol, Decimal(0)) + p.quantity
    closes = daily_closes(market, sorted(quantities), as_of - dt.timedelta(days=365), as_of)
    unpriced = sorted(symbol for symbol, days in closes.items() if not days)
    if unpriced:
        raise ValidationError(f"no prices for {', '.join(unpriced)} in the year before {as_of}")
    series = portfolio_values(quantities, closes)
    dates = [day for day, _ in series]
    values = [value for _, value in series]
    latest = {
        s: (q if s not in closes else q * closes[s][max(closes[s])]) for s, q in quantities.items()
    }
    classes = {p.symbol: p.asset_class for p in positions}
    mix = analytics.allocation(latest, by=classes) if latest else None
    allocation = (
        {} if mix is None else {k: w.quantize(Decimal("0.0001")) for k, w in mix.weights.items()}
    )
    report = PortfolioReport(
        as_of=as_of,
        value=sum(latest.values(), Decimal(0)),
        allocation=allocation,
        dates=dates,
        values=values,
    )
    if len(values) < 3:
        return report  # too short a history for risk figures
    returns = analytics.simple_returns([float(v) for v in values])
    return report.model_copy(
        update={
            "drawdown": [0.0, *(float(x) for x in analytics.drawdown_series(returns))],
            "total_return": float(analytics.cum_return(returns)),
            "annual_volatility": float(analytics.annual_volatility(returns)),
            "sharpe_ratio": float(analytics.sharpe_ratio(returns)),
            "max_drawdown": float(analytics.max_drawdown(returns)),
        }
    )
