"""The dashboard: one static page drawing Plotly charts from one cached JSON document.

The page (``/dashboard``) and Plotly's JavaScript (``/dashboard/plotly.min.js``, read from the
installed ``plotly`` wheel: no CDN, no build step) are static. The figures' data
(``/dashboard/data``) is computed once per tenant and kept until the next successful write, so a
page view costs two file reads and a dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel
from sqlalchemy import select

from fin_infra.budgets.matching import NOT_SPENDING
from fin_infra.money import quantize

from . import insights
from .dependencies import Market, Session, Tenant
from .models import Budget, Goal

__all__ = ["DashboardCache", "DashboardData", "router"]

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

_PAGE = resources.files(__package__) / "static" / "dashboard.html"
# Resolved at import: without the ``plotly`` package the app refuses to start, not to draw.
_PLOTLY_JS = resources.files("plotly") / "package_data" / "plotly.min.js"


class DashboardData(BaseModel):
    """Everything the six charts draw."""

    as_of: dt.date
    net_worth: dict[str, list[Any]]
    budget: dict[str, Any] | None
    goals: list[dict[str, Any]]
    bills: list[dict[str, Any]]
    allocation: dict[str, Decimal]
    drawdown: dict[str, list[Any]]


class DashboardCache:
    """Dashboard documents by tenant, dropped whenever the application writes anything."""

    def __init__(self) -> None:
        self._data: dict[str, DashboardData] = {}

    def get(self, tenant: str) -> DashboardData | None:
        """The cached document of ``tenant``, if any."""
        return self._data.get(tenant)

    def put(self, tenant: str, data: DashboardData) -> None:
        """Keep ``data`` for ``tenant``."""
        self._data[tenant] = data

    def clear(self) -> None:
        """Forget every document (after a write)."""
        self._data.clear()


@router.get("", response_class=HTMLResponse, include_in_schema=False)
def page() -> HTMLResponse:
    """The dashboard page (static HTML)."""
    return HTMLResponse(_PAGE.read_text(encoding="utf-8"))


@router.get("/plotly.min.js", include_in_schema=False)
def plotly_js() -> FileResponse:
    """Plotly's JavaScript bundle, served from the installed ``plotly`` package."""
    return FileResponse(
        str(_PLOTLY_JS),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/data")
async def data(request: Request, tenant: Tenant, session: Session, market: Market) -> DashboardData:
    """The charts' data for the caller (cached until the next write)."""
    cache: DashboardCache = request.app.state.dashboard_cache
    cached = cache.get(tenant)
    if cached is None:
        cached = await _build(session, tenant, market, dt.date.today())
        cache.put(tenant, cached)
    return cached


def _moves_own_money(category: str | None) -> bool:
    """Card payments and transfers recur too, but they are not bills."""
    return bool(category) and any(
        category == c or (category or "").startswith(f"{c}_") for c in NOT_SPENDING
    )


async def _build(session: Session, tenant: str, market: Market, as_of: dt.date) -> DashboardData:
    history = await insights.net_worth_history(session, tenant)
    budget = await session.scalar(
        select(Budget)
        .where(Budget.tenant_id == tenant, Budget.period_start <= as_of)
        .order_by(Budget.period_start.desc())
        .limit(1)
    )
    budget_doc: dict[str, Any] | None = None
    if budget is not None:
        report = await insights.budget_report(session, tenant, budget.id, as_of)
        lines = sorted(report.categories.items())
        budget_doc = {
            "name": budget.name,
            "categories": [name for name, _ in lines],
            "budgeted": [line.budgeted for _, line in lines],
            "spent": [line.spent for _, line in lines],
        }
    goals = await session.scalars(select(Goal).where(Goal.tenant_id == tenant).order_by(Goal.name))
    bills = await insights.recurring_bills(session, tenant)
    portfolio = await insights.portfolio_report(session, tenant, market, as_of)
    return DashboardData(
        as_of=as_of,
        net_worth={
            "dates": [row.snapshot_date for row in history],
            "assets": [row.total_assets for row in history],
            "liabilities": [row.total_liabilities for row in history],
            "net_worth": [row.net_worth for row in history],
        },
        budget=budget_doc,
        goals=[
            {
                "name": g.name,
                "current": quantize(g.current_amount, 2),
                "target": quantize(g.target_amount, 2),
                "percent": (g.progress() * 100).quantize(Decimal("0.1")),
            }
            for g in goals
        ],
        bills=[
            {"merchant": b.merchant, "amount": -b.next_amount, "next_date": b.next_date}
            for b in bills
            if b.next_amount < 0 and not _moves_own_money(b.category)
        ],
        allocation=portfolio.allocation,
        drawdown={"dates": portfolio.dates, "drawdown": portfolio.drawdown},
    )
