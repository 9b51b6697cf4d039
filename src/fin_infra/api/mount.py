"""``add_sql_resources``: validate every resource, then mount its router on the application."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.api.dependencies import session_dependency, tenant_of
from fin_infra.api.errors import ResourceConfigError, install_error_handlers
from fin_infra.api.resource import SqlResource
from fin_infra.api.router import build_router
from fin_infra.persistence.engine import DEFAULT_URL, create_engine, create_sessionmaker

__all__ = ["add_sql_resources"]


def add_sql_resources(
    app: FastAPI,
    resources: Sequence[SqlResource],
    *,
    tenant_dependency: Callable[..., Any] | None = None,
    session_factory: async_sessionmaker[AsyncSession] | None = None,
    url: str = DEFAULT_URL,
    rls: bool = False,
) -> None:
    """Mount CRUD routes for each resource on ``app`` and install the error handlers.

    ``tenant_dependency`` is the application's FastAPI dependency returning the authenticated
    caller's tenant id; it is required when any resource is tenant-scoped. Sessions come from
    ``session_factory`` (or an engine made from ``url``). ``rls=True`` also sets PostgreSQL's
    ``app.current_tenant`` in each request's transaction, for Row-Level Security policies.
    All checks run before anything is mounted, so a bad configuration mounts nothing.
    """
    prefixes = [r.prefix for r in resources]
    if len(set(prefixes)) != len(prefixes):
        raise ResourceConfigError(f"two resources share a prefix: {prefixes}")
    for resource in resources:
        resource.check(has_tenant_dependency=tenant_dependency is not None)
    if rls and tenant_dependency is None:
        raise ResourceConfigError("rls=True needs a tenant_dependency")
    if session_factory is None:
        session_factory = create_sessionmaker(create_engine(url))
    tenant = tenant_of(tenant_dependency)
    session = session_dependency(session_factory, tenant, rls=rls)
    install_error_handlers(app)
    for resource in resources:
        app.include_router(build_router(resource, session=session, tenant=tenant))
