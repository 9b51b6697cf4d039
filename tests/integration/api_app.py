"""The FastAPI application the API tests mount: two resources, bearer-token tenancy, one rule."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Header, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.api import SqlResource, add_sql_resources
from tests.fakes.sql_models import Budget, Ledger

TOKENS = {"token-a": "tenant-a", "token-b": "tenant-b"}
A = {"Authorization": "Bearer token-a"}
B = {"Authorization": "Bearer token-b"}


def current_tenant(authorization: Annotated[str | None, Header()] = None) -> str:
    """The application's auth: the tenant of a known bearer token, else 401."""
    token = (authorization or "").removeprefix("Bearer ")
    if token not in TOKENS:
        raise HTTPException(status_code=401, detail="unknown token")
    return TOKENS[token]


def may_delete_ledgers(x_role: Annotated[str | None, Header()] = None) -> bool:
    """Only admins delete ledgers."""
    return x_role == "admin"


def build_app(sessions: async_sessionmaker[AsyncSession], *, rls: bool = False) -> FastAPI:
    """A fresh application on ``sessions``."""
    app = FastAPI()
    add_sql_resources(
        app,
        [
            SqlResource(
                model=Budget,
                prefix="/budgets",
                search_fields=["name", "note"],
                order_fields=["name", "amount", "created_at"],
                filter_fields=["category", "active"],
                soft_delete=True,
                tenant_field="tenant_id",
            ),
            SqlResource(
                model=Ledger,
                prefix="/ledgers",
                order_fields=["code"],
                filter_fields=["priority"],
                permission_rules={"delete": may_delete_ledgers},
            ),
        ],
        tenant_dependency=current_tenant,
        session_factory=sessions,
        rls=rls,
    )
    return app
