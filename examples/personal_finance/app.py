"""The application factory: composes fin-infra's parts into the personal-finance backend.

:func:`create_app` migrates the database, mounts CRUD resources with
:func:`fin_infra.api.add_sql_resources`, the insight and calculator routers and the dashboard,
and seeds the sandbox user at start-up. Every piece is passed in or built here in plain sight:
swap the market-data provider, the tenant dependency or the database URL without touching the
rest. ``/docs`` (Swagger UI) serves its assets from the ``fastapi-offline`` wheel, so it works
without internet; ReDoc is left out (its page fetches a logo from a CDN).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi_offline import FastAPIOffline

from fin_infra.api import ACTIONS, READ_ONLY, SqlResource, add_sql_resources
from fin_infra.persistence import create_engine, create_sessionmaker
from fin_infra.providers.banking.sandbox import SandboxBanking
from fin_infra.providers.market_data.base import MarketDataProvider
from fin_infra.providers.market_data.sandbox import SandboxMarketData
from fin_infra.providers.tokens import TokenCipher

from . import calculators, dashboard, routes
from .database import migrate
from .dependencies import current_user
from .models import (
    BankAccount,
    BankTransaction,
    Budget,
    BudgetCreate,
    BudgetRead,
    BudgetUpdate,
    Goal,
    GoalCreate,
    GoalRead,
    GoalUpdate,
    NetWorthSnapshot,
    NetWorthSnapshotCreate,
    NetWorthSnapshotRead,
    Position,
    RecurringBill,
)
from .seed import seed

__all__ = ["create_app", "resources"]


def resources() -> list[SqlResource]:
    """The CRUD resources: plans are editable, snapshots never change, synced data is read-only.

    Only the operations a resource offers are mounted (and listed in ``/docs``); soft-deletable
    tables get ``POST /{id}/restore`` with their delete.
    """
    return [
        SqlResource(
            model=Budget,
            prefix="/budgets",
            search_fields=["name"],
            order_fields=["name", "period_start"],
            filter_fields=["period"],
            create_schema=BudgetCreate,
            read_schema=BudgetRead,
            update_schema=BudgetUpdate,
            owner_field="user_id",  # the authenticated user (X-User), never the body
            owner_dependency=current_user,
        ),
        SqlResource(
            model=Goal,
            prefix="/goals",
            search_fields=["name"],
            order_fields=["name", "target_date", "target_amount"],
            filter_fields=["goal_type", "status"],
            create_schema=GoalCreate,
            read_schema=GoalRead,
            update_schema=GoalUpdate,
            owner_field="user_id",  # the authenticated user (X-User), never the body
            owner_dependency=current_user,
        ),
        SqlResource(
            model=NetWorthSnapshot,
            prefix="/net-worth-snapshots",
            order_fields=["snapshot_date"],
            create_schema=NetWorthSnapshotCreate,
            read_schema=NetWorthSnapshotRead,
            operations=ACTIONS - {"update"},  # immutable: recorded, deleted (restored), not edited
            owner_field="user_id",  # the authenticated user (X-User), never the body
            owner_dependency=current_user,
        ),
        SqlResource(
            model=BankAccount,
            prefix="/accounts",
            search_fields=["name", "institution"],
            order_fields=["name"],
            filter_fields=["type", "institution"],
            operations=READ_ONLY,
        ),
        SqlResource(
            model=BankTransaction,
            prefix="/transactions",
            search_fields=["name", "merchant_name"],
            order_fields=["date", "amount"],
            filter_fields=["account_id", "category", "category_detailed", "category_source"],
            operations=READ_ONLY,
        ),
        SqlResource(
            model=Position,
            prefix="/positions",
            order_fields=["symbol"],
            filter_fields=["account_id", "asset_class"],
            operations=READ_ONLY,
        ),
        SqlResource(
            model=RecurringBill,
            prefix="/recurring-bills",
            order_fields=["next_date", "merchant"],
            filter_fields=["frequency"],
            operations=READ_ONLY,
        ),
    ]


def create_app(
    url: str,
    *,
    as_of: dt.date | None = None,
    market: MarketDataProvider | None = None,
    bank: SandboxBanking | None = None,
    token_cipher: TokenCipher | None = None,
    seed_demo: bool = True,
) -> FastAPI:
    """The application on the database at ``url``, migrated and seeded when it starts.

    ``as_of`` fixes the seed's "today" (tests); ``market`` and ``bank`` replace the sandbox
    providers. ``token_cipher`` encrypts stored access tokens: pass one built from your own
    keys, or tokens stored by one process cannot be decrypted by the next (a fresh key is the
    default).
    """
    day = as_of or dt.date.today()
    engine = create_engine(url)
    session_factory = create_sessionmaker(engine)
    prices = market or SandboxMarketData(
        as_of=dt.datetime.combine(day, dt.time(23, 59), tzinfo=dt.UTC)
    )

    banking = bank or SandboxBanking(as_of=day)
    cipher = token_cipher or TokenCipher([TokenCipher.generate_key()])

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Alembic runs its own event loop: give it a thread rather than this one.
        await asyncio.to_thread(migrate, url)
        if seed_demo:
            await seed(session_factory, as_of=day, market=prices, cipher=cipher, bank=banking)
        yield
        await engine.dispose()

    app = FastAPIOffline(
        redoc_url=None,
        title="fin-infra personal finance",
        summary="The fin-infra reference application: ledger, budgets, goals, net worth.",
        lifespan=lifespan,
    )
    app.state.session_factory = session_factory
    app.state.market = prices
    app.state.bank = banking
    app.state.token_cipher = cipher
    app.state.dashboard_cache = dashboard.DashboardCache()

    @app.middleware("http")
    async def forget_dashboards_after_writes(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.method not in {"GET", "HEAD", "OPTIONS"} and response.status_code < 400:
            app.state.dashboard_cache.clear()
        return response

    add_sql_resources(
        app, resources(), tenant_dependency=current_user, session_factory=session_factory
    )
    app.include_router(routes.router)
    app.include_router(routes.banking_router)
    app.include_router(calculators.router)
    app.include_router(dashboard.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/dashboard")

    return app
