"""A database without the application's tables (or columns) says so, on every backend.

Not "database unavailable": the answer names the table or column and the command to run, and the
start-up check logs the missing tables once.
"""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Column, MetaData, String, Table, Uuid

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.persistence import (
    MissingColumnError,
    MissingTableError,
    Repository,
    create_engine,
    create_sessionmaker,
)
from tests.fakes.sql_models import Ledger

pytestmark = pytest.mark.anyio
HINT = "run: fin-infra db upgrade head"


@pytest.fixture
def app(db_url: str) -> FastAPI:
    application = FastAPI()
    add_sql_resources(application, [SqlResource(model=Ledger, prefix="/l")], url=db_url)
    return application


async def started_get(app: FastAPI, path: str) -> httpx.Response:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get(path)


async def test_missing_table_names_the_table_and_the_command(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response = await started_get(app, "/l/")
    assert response.status_code == 503
    assert response.json() == {
        "detail": f"table 'fi_test_ledgers' does not exist in the database; {HINT}"
    }
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"missing database tables: fi_test_ledgers; {HINT}"
    ]


async def test_missing_table_from_the_repository_is_typed(db_url: str) -> None:
    engine = create_engine(db_url)
    async with create_sessionmaker(engine)() as db:
        with pytest.raises(MissingTableError) as raised:
            await Repository(db, model=Ledger).list()
    await engine.dispose()
    assert raised.value.table == "fi_test_ledgers"
    assert HINT in str(raised.value)


async def test_missing_column_names_the_column_and_the_command(db_url: str, app: FastAPI) -> None:
    older = MetaData()
    Table(
        "fi_test_ledgers", older, Column("id", Uuid(), primary_key=True), Column("code", String(20))
    )
    engine = create_engine(db_url)
    async with engine.begin() as connection:
        await connection.run_sync(older.create_all)
    async with create_sessionmaker(engine)() as db:
        with pytest.raises(MissingColumnError) as raised:
            await Repository(db, model=Ledger).list()
    await engine.dispose()
    missing = {"created_at", "updated_at", "priority", "balance"}
    assert str(raised.value.column).rsplit(".", 1)[-1] in missing, raised.value.detail
    response = await started_get(app, "/l/")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert detail.startswith("column '")
    assert detail.endswith(
        f"does not exist in the database (the schema is older than the models); {HINT}"
    )
