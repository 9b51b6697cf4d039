"""PostgreSQL Row-Level Security with a non-owner role: isolation holds without a tenant filter."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import exc, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from fin_infra.persistence import (
    ModelBase,
    Repository,
    create_engine,
    create_sessionmaker,
    set_current_tenant,
    tenant_policy_sql,
)
from tests.fakes.sql_models import TABLES, Budget
from tests.integration.api_app import A, B
from tests.integration.databases import PG_ADMIN, admin_execute, temporary_database

pytestmark = [pytest.mark.postgres, pytest.mark.anyio]

# Idempotent: a retried fixture (or a crashed earlier run with the same name) is harmless.
CREATE_ROLE = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
    CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$
"""


@pytest.fixture(scope="module")
def rls_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(owner URL, app-role URL) of a database whose budgets table enforces RLS."""
    role = f"fi_rls_{uuid.uuid4().hex[:10]}"
    with temporary_database("postgresql", tmp_path_factory.mktemp("rls")) as owner_url:
        asyncio.run(admin_execute(PG_ADMIN, CREATE_ROLE.format(role=role)))
        try:
            asyncio.run(_prepare(owner_url, role))
            yield owner_url, owner_url.replace("postgres@", f"{role}@")
        finally:
            asyncio.run(admin_execute(owner_url, f"REASSIGN OWNED BY {role} TO postgres"))
            asyncio.run(admin_execute(owner_url, f"DROP OWNED BY {role}"))
    asyncio.run(admin_execute(PG_ADMIN, f"DROP ROLE IF EXISTS {role}"))


async def _prepare(owner_url: str, role: str) -> None:
    engine = create_engine(owner_url)
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        for statement in tenant_policy_sql(Budget.__tablename__):
            await connection.execute(text(statement))
        await connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        await connection.execute(
            text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {Budget.__tablename__} TO {role}")
        )
    await engine.dispose()


@pytest.fixture
async def app_engine(rls_database: tuple[str, str]) -> AsyncIterator[AsyncEngine]:
    """An engine connected as the non-owner role, after emptying the table as its owner."""
    await admin_execute(rls_database[0], f"DELETE FROM {Budget.__tablename__}")
    engine = create_engine(rls_database[1])
    yield engine
    await engine.dispose()


async def _seed(db: AsyncSession, tenant: str, *names: str) -> None:
    await set_current_tenant(db, tenant)
    repo = Repository(db, tenant, model=Budget)
    for name in names:
        await repo.create({"name": name, "amount": Decimal(1)})
    await db.commit()


async def test_query_without_tenant_filter_sees_only_current_tenant(
    app_engine: AsyncEngine,
) -> None:
    sessions = create_sessionmaker(app_engine)
    async with sessions() as db:
        await _seed(db, "tenant-a", "a1", "a2")
        await _seed(db, "tenant-b", "b1")

        await set_current_tenant(db, "tenant-a")
        forgetful = select(Budget.name).order_by(Budget.name)  # no tenant filter at all
        assert (await db.execute(forgetful)).scalars().all() == ["a1", "a2"]
        unscoped = Repository(db, model=Budget, tenant_field=None)
        assert [r.name for r in (await unscoped.list(order_by="name")).items] == ["a1", "a2"]
        await db.commit()

        # set_config(..., true) is transaction-local: the next transaction sees no tenant.
        assert (await db.execute(forgetful)).scalars().all() == []
        await db.commit()

        await set_current_tenant(db, "tenant-b")
        assert (await db.execute(forgetful)).scalars().all() == ["b1"]
        await db.rollback()


async def test_writes_into_another_tenant_are_refused_by_the_database(
    app_engine: AsyncEngine,
) -> None:
    sessions = create_sessionmaker(app_engine)
    async with sessions() as db:
        await _seed(db, "tenant-a", "a1")
        await set_current_tenant(db, "tenant-a")
        with pytest.raises(exc.DBAPIError, match="row-level security"):
            await db.execute(
                text(
                    "INSERT INTO fi_test_budgets (id, tenant_id, name, category, active, amount, "
                    "created_at, updated_at) VALUES (:id, 'tenant-b', 'x', 'p', true, 1, now(), "
                    "now())"
                ),
                {"id": uuid.uuid4()},
            )
        await db.rollback()
        await set_current_tenant(db, "tenant-a")
        with pytest.raises(exc.DBAPIError, match="row-level security"):
            await db.execute(text("UPDATE fi_test_budgets SET tenant_id = 'tenant-b'"))
        await db.rollback()
        await set_current_tenant(db, "tenant-b")
        moved = await db.execute(text("DELETE FROM fi_test_budgets"))
        assert moved.rowcount == 0  # tenant-a's row is invisible, so nothing to delete
        await db.commit()


async def test_api_with_rls_sets_the_tenant_inside_the_request_transaction(
    app_engine: AsyncEngine,
) -> None:
    from tests.integration.api_app import build_app

    app = build_app(create_sessionmaker(app_engine), rls=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for headers, name in ((A, "a-row"), (B, "b-row")):
            created = await client.post(
                "/budgets/", json={"name": name, "amount": "1"}, headers=headers
            )
            assert created.status_code == 201, created.text
        listed = await client.get("/budgets/", headers=A)
        assert [i["name"] for i in listed.json()["items"]] == ["a-row"]
