"""``rls=True`` on a connection PostgreSQL exempts from Row-Level Security warns loudly at start-up.

Superusers, BYPASSRLS roles and the table's owner (unless the table is FORCEd) skip every policy,
and so does any role when RLS is not enabled on the table: then ``rls=True`` enforces nothing.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import warnings
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.persistence import (
    ModelBase,
    RowLevelSecurityWarning,
    create_engine,
    create_sessionmaker,
    tenant_policy_sql,
)
from tests.fakes.sql_models import TABLES, Budget
from tests.integration.databases import PG_ADMIN, admin_execute, temporary_database

pytestmark = pytest.mark.postgres
TABLE = Budget.__tablename__
ROLES = {
    "app": "LOGIN NOSUPERUSER NOBYPASSRLS",
    "owner": "LOGIN NOSUPERUSER NOBYPASSRLS",
    "bypass": "LOGIN NOSUPERUSER BYPASSRLS",
}


def tenant() -> str:
    return "tenant-a"


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """URL per role ("postgres" is the superuser) of a database whose budgets table has RLS."""
    suffix = uuid.uuid4().hex[:8]
    names = {kind: f"fi_{kind}_{suffix}" for kind in ROLES}
    with temporary_database("postgresql", tmp_path_factory.mktemp("rlsw")) as owner_url:
        for kind, options in ROLES.items():
            asyncio.run(admin_execute(PG_ADMIN, f"CREATE ROLE {names[kind]} {options}"))
        try:
            statements = [
                *tenant_policy_sql(TABLE),
                *(f"GRANT USAGE ON SCHEMA public TO {name}" for name in names.values()),
                *(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO {n}"
                    for n in names.values()
                ),
            ]
            asyncio.run(_prepare(owner_url, statements))
            by_role = {k: owner_url.replace("postgres@", f"{n}@") for k, n in names.items()}
            yield {"postgres": owner_url, **by_role, **{f"{k}_name": n for k, n in names.items()}}
        finally:
            for name in names.values():
                asyncio.run(admin_execute(owner_url, f"REASSIGN OWNED BY {name} TO postgres"))
                asyncio.run(admin_execute(owner_url, f"DROP OWNED BY {name}"))
    for name in names.values():
        asyncio.run(admin_execute(PG_ADMIN, f"DROP ROLE IF EXISTS {name}"))


async def _prepare(url: str, statements: list[str]) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        for statement in statements:
            await connection.execute(text(statement))
    await engine.dispose()


def as_superuser(urls: dict[str, str], *statements: str) -> None:
    asyncio.run(_prepare(urls["postgres"], list(statements)))


def start(url: str) -> None:
    """Mount the budgets resource with rls=True on ``url`` and run the application's start-up."""

    async def run() -> None:
        engine = create_engine(url)
        app = FastAPI()
        add_sql_resources(
            app,
            [SqlResource(model=Budget, prefix="/budgets")],
            tenant_dependency=tenant,
            session_factory=create_sessionmaker(engine),
            rls=True,
        )
        try:
            async with app.router.lifespan_context(app):
                pass
        finally:
            await engine.dispose()

    asyncio.run(run())


def assert_no_rls_warning(url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    with warnings.catch_warnings(record=True) as seen, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        start(url)
    assert [w for w in seen if issubclass(w.category, RowLevelSecurityWarning)] == []
    assert caplog.records == []


def test_superuser_connection_warns_with_role_table_and_fix(
    urls: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.WARNING),
        pytest.warns(RowLevelSecurityWarning, match="role 'postgres' is a superuser") as seen,
    ):
        start(urls["postgres"])
    message = str(seen[0].message)
    assert f"table '{TABLE}'" in message
    assert "connect as a role that does not own the table" in message
    assert f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY" in message
    assert [r.getMessage() for r in caplog.records] == [message]


def test_non_owner_role_under_forced_rls_starts_quietly(
    urls: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    assert_no_rls_warning(urls["app"], caplog)


def test_bypassrls_role_warns(urls: dict[str, str]) -> None:
    with pytest.warns(RowLevelSecurityWarning, match="has BYPASSRLS"):
        start(urls["bypass"])


def test_rls_not_enabled_warns_even_for_a_plain_role(urls: dict[str, str]) -> None:
    as_superuser(urls, f"ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY")
    try:
        with pytest.warns(RowLevelSecurityWarning, match="not enabled on table"):
            start(urls["app"])
    finally:
        as_superuser(urls, f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")


def test_table_owner_warns_without_force_and_is_quiet_with_force(
    urls: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    owner = urls["owner_name"]
    as_superuser(
        urls,
        f"ALTER TABLE {TABLE} OWNER TO {owner}",
        f"ALTER TABLE {TABLE} NO FORCE ROW LEVEL SECURITY",
    )
    try:
        with pytest.warns(RowLevelSecurityWarning, match=f"role '{owner}' owns table"):
            start(urls["owner"])
        as_superuser(urls, f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
        assert_no_rls_warning(urls["owner"], caplog)
    finally:
        as_superuser(
            urls,
            f"ALTER TABLE {TABLE} OWNER TO postgres",
            f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY",
        )


def test_enable_tenant_rls_forces_row_level_security() -> None:
    assert f'ALTER TABLE "{TABLE}" FORCE ROW LEVEL SECURITY' in tenant_policy_sql(TABLE)
