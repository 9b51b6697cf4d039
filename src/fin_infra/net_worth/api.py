"""``add_net_worth(app, ...)``: take, read and compare net-worth snapshots over HTTP (FastAPI).

Needs the ``api`` extra. The application supplies two dependencies: ``tracker`` returns the
request's :class:`~fin_infra.net_worth.NetWorthTracker` (for SQL, one over
:class:`~fin_infra.net_worth.sql.SqlSnapshotRepository` with the request's session and tenant)
and ``user`` returns the authenticated caller's user id. Snapshots are immutable: there is no
update route. A second snapshot on one day is a 409, a missing FX rate a 422.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI
from pydantic import Field

from fin_infra._tracking.api import (
    BODY_ERRORS,
    ERRORS,
    Body,
    DecimalRoute,
    RequestRate,
    commit,
    mount,
    user_of,
)
from fin_infra.errors import NotFoundError
from fin_infra.models import Account, CurrencyCode, Holding, Quote
from fin_infra.net_worth.models import NetWorthCategory, NetWorthChange, NetWorthRecord
from fin_infra.net_worth.tracker import NetWorthTracker
from fin_infra.normalization import FxRates

__all__ = ["FxRate", "SnapshotRequest", "add_net_worth"]


class FxRate(Body):
    """``1 base = rate quote``."""

    base: CurrencyCode
    quote: CurrencyCode
    rate: RequestRate


class SnapshotRequest(Body):
    """Accounts and holdings to value into the caller's snapshot of the day."""

    accounts: list[Account]
    holdings: list[Holding] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    as_of: dt.date | None = Field(default=None, description="Today when absent.")
    currency: CurrencyCode = "USD"
    fx_rates: list[FxRate] = Field(default_factory=list)
    categories: dict[str, NetWorthCategory] | None = Field(
        default=None, description="Account id -> category, overriding the default by type."
    )


def add_net_worth(
    app: FastAPI,
    *,
    tracker: Callable[..., Any],
    user: Callable[..., Any],
    prefix: str = "/net-worth",
    tags: list[str] | None = None,
) -> APIRouter:
    """Mount the net-worth routes on ``app`` under ``prefix`` and install the error handlers."""
    router = APIRouter(prefix=prefix, tags=list(tags or ["net worth"]), route_class=DecimalRoute)
    Tracker = Annotated[NetWorthTracker, Depends(tracker)]  # noqa: N806 - a type alias
    User = Annotated[str, Depends(user_of(user))]  # noqa: N806

    @router.post(
        "/snapshots", status_code=201, response_model=NetWorthRecord, responses=BODY_ERRORS
    )
    async def take_snapshot(body: SnapshotRequest, t: Tracker, user_id: User) -> NetWorthRecord:
        """Value the accounts and holdings and store the caller's snapshot."""
        fx = FxRates({(r.base, r.quote): r.rate for r in body.fx_rates})
        record = await t.take_snapshot(
            user_id,
            body.accounts,
            body.holdings,
            body.quotes,
            as_of=body.as_of,
            currency=body.currency,
            fx=fx,
            categories=body.categories,
        )
        await commit(t.repository)
        return record

    @router.get("/snapshots", response_model=list[NetWorthRecord], responses=ERRORS)
    async def history(
        t: Tracker, user_id: User, start: dt.date = dt.date.min, end: dt.date = dt.date.max
    ) -> list[NetWorthRecord]:
        """The caller's snapshots from ``start`` to ``end`` inclusive, oldest first."""
        return await t.history(user_id, start, end)

    @router.get("/snapshots/latest", response_model=NetWorthRecord, responses=ERRORS)
    async def latest(t: Tracker, user_id: User) -> NetWorthRecord:
        """The caller's most recent snapshot (404 before the first)."""
        record = await t.latest(user_id)
        if record is None:
            raise NotFoundError("no snapshot yet")
        return record

    @router.get("/change", response_model=NetWorthChange, responses=ERRORS)
    async def change(t: Tracker, user_id: User, start: dt.date, end: dt.date) -> NetWorthChange:
        """Change and growth between two days, attributed to categories (cash, debt...)."""
        return await t.change(user_id, start, end)

    return mount(
        app,
        router,
        tracker=tracker,
        user=user_of(user),
        record=NetWorthRecord,
        noun="snapshot",
        path="/snapshots",
        listing=False,
    )
