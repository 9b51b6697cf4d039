"""``add_sql_resources``: validate every resource, then mount its router on the application.

The database is, in order of precedence: the ``session_factory`` argument, the ``url`` argument,
``SQL_URL`` from the environment, ``SQL_URL`` from the application directory's ``.env`` file, and
finally ``./fin_infra.db``; the last three are resolved by
:func:`fin_infra.persistence.settings.resolve_database`, exactly as ``fin-infra db`` resolves them.
At start-up (the application's lifespan, after the application's own lifespan has started) the
mounted tables are checked once; see :func:`fin_infra.persistence.checks.check_database`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from fin_infra.api.dependencies import session_dependency, tenant_of
from fin_infra.api.errors import ResourceConfigError, install_error_handlers
from fin_infra.api.resource import SqlResource
from fin_infra.api.router import build_router
from fin_infra.persistence.checks import check_database
from fin_infra.persistence.engine import create_engine, create_sessionmaker
from fin_infra.persistence.settings import resolve_database

__all__ = ["add_sql_resources"]


def _bound_engine(session_factory: async_sessionmaker[AsyncSession]) -> AsyncEngine | None:
    bind = session_factory.kw.get("bind")
    return bind if isinstance(bind, AsyncEngine) else None


def _on_startup(
    app: FastAPI,
    session_factory: async_sessionmaker[AsyncSession],
    models: list[type[Any]],
    *,
    rls: bool,
    owned_engine: AsyncEngine | None,
) -> None:
    """Run the database check after the application's own lifespan has started (which may
    create or migrate the tables), and dispose an engine fin-infra created at shutdown."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        async with inner(application) as state:
            await check_database(session_factory, models, rls=rls)
            try:
                yield state
            finally:
                if owned_engine is not None:
                    await owned_engine.dispose()

    app.router.lifespan_context = lifespan


def add_sql_resources(
    app: FastAPI,
    resources: Sequence[SqlResource],
    *,
    tenant_dependency: Callable[..., Any] | None = None,
    session_factory: async_sessionmaker[AsyncSession] | None = None,
    url: str | None = None,
    rls: bool = False,
) -> None:
    """Mount CRUD routes for each resource on ``app`` and install the error handlers.

    ``tenant_dependency`` is the application's FastAPI dependency returning the authenticated
    caller's tenant id; it is required when any resource is tenant-scoped.

    Sessions come from, in order: ``session_factory``; an engine made from ``url``; an engine
    made from ``SQL_URL`` in the environment, else ``SQL_URL`` in the application directory's
    ``.env``, else ``./fin_infra.db`` -- the same resolution as ``fin-infra db`` (see
    :func:`~fin_infra.persistence.settings.resolve_database`; a relative SQLite path is relative
    to the application directory). The URL's source is logged at INFO, password masked.

    At start-up each resource's table is checked once: a missing one is logged at WARNING with
    the command to run (requests on it answer 503 with the same advice). ``rls=True`` also sets
    PostgreSQL's ``app.current_tenant`` in each request's transaction, for Row-Level Security
    policies, and at start-up warns (``RowLevelSecurityWarning``) if the connection's role would
    bypass them. All configuration checks run before anything is mounted, so a bad configuration
    mounts nothing.
    """
    prefixes = [r.prefix for r in resources]
    if len(set(prefixes)) != len(prefixes):
        raise ResourceConfigError(f"two resources share a prefix: {prefixes}")
    for resource in resources:
        resource.check(has_tenant_dependency=tenant_dependency is not None)
    if rls and tenant_dependency is None:
        raise ResourceConfigError("rls=True needs a tenant_dependency")
    owned_engine: AsyncEngine | None = None
    if session_factory is None:
        owned_engine = create_engine(resolve_database(url=url).url)
        session_factory = create_sessionmaker(owned_engine)
    engine = _bound_engine(session_factory)
    if rls and engine is not None and engine.dialect.name != "postgresql":
        raise ResourceConfigError(
            f"rls=True needs PostgreSQL (Row-Level Security); this database is "
            f"{engine.dialect.name}: drop rls=True or connect to PostgreSQL"
        )
    tenant = tenant_of(tenant_dependency)
    session = session_dependency(session_factory, tenant, rls=rls)
    install_error_handlers(app)
    for resource in resources:
        app.include_router(build_router(resource, session=session, tenant=tenant))
    models = [resource.model for resource in resources]
    _on_startup(app, session_factory, models, rls=rls, owned_engine=owned_engine)
