"""add_sql_resources finds the database `fin-infra db` migrated, and checks it once at start-up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import insert

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.persistence import ModelBase, create_engine, create_sessionmaker
from tests.fakes.sql_models import Ledger

RESOURCES = [SqlResource(model=Ledger, prefix="/l")]


def make_database(path: Path, code: str) -> str:
    """A SQLite database at ``path`` holding one ledger ``code``; returns its URL."""
    url = f"sqlite+aiosqlite:///{path}"

    async def build() -> None:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=[Ledger.__table__])
            await connection.execute(insert(Ledger), [{"code": code}])
        await engine.dispose()

    asyncio.run(build())
    return url


def get(app: FastAPI, path: str) -> httpx.Response:
    """GET ``path`` with the application started and stopped around it (its lifespan runs)."""

    async def call() -> httpx.Response:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                return await client.get(path)

    return asyncio.run(call())


def codes(app: FastAPI) -> list[str]:
    response = get(app, "/l/")
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["items"]]


@pytest.fixture
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An application as `fin-infra db init` leaves it, its .env naming ./app.db; cwd below it."""
    root = (tmp_path / "service").resolve()
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "env.py").write_text("")
    (root / ".env").write_text("SQL_URL=sqlite:///./app.db\n")
    (root / "pkg").mkdir()
    monkeypatch.chdir(root / "pkg")
    for name in ("SQL_URL", "FIN_INFRA_APP_DIR"):
        monkeypatch.delenv(name, raising=False)
    make_database(root / "app.db", "FROM-ENV-FILE")
    return root


def test_without_url_the_env_file_database_is_used_like_the_cli(
    app_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = FastAPI()
    with caplog.at_level(logging.INFO, logger="fin_infra.persistence"):
        add_sql_resources(app, RESOURCES)
    assert codes(app) == ["FROM-ENV-FILE"]
    assert f"database URL from SQL_URL in {app_dir / '.env'}" in caplog.text
    assert not (app_dir / "pkg" / "fin_infra.db").exists()  # the old silent fallback


def test_precedence_session_factory_then_url_then_environment_then_env_file(
    app_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SQL_URL", make_database(tmp_path / "env.db", "FROM-ENV"))
    app = FastAPI()
    add_sql_resources(app, RESOURCES)
    assert codes(app) == ["FROM-ENV"]

    app = FastAPI()
    add_sql_resources(app, RESOURCES, url=make_database(tmp_path / "arg.db", "FROM-ARG"))
    assert codes(app) == ["FROM-ARG"]

    engine = create_engine(make_database(tmp_path / "factory.db", "FROM-FACTORY"))
    app = FastAPI()
    add_sql_resources(
        app, RESOURCES, url="sqlite:///ignored.db", session_factory=create_sessionmaker(engine)
    )
    assert codes(app) == ["FROM-FACTORY"]
    asyncio.run(engine.dispose())


def test_missing_table_is_one_warning_at_start_up_and_a_message_per_request(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = FastAPI()
    add_sql_resources(app, RESOURCES, url=f"sqlite:///{tmp_path / 'empty.db'}")
    with caplog.at_level(logging.WARNING):
        response = get(app, "/l/")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "table 'fi_test_ledgers' does not exist in the database; "
        "run: fin-infra db upgrade head"
    }
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["missing database tables: fi_test_ledgers; run: fin-infra db upgrade head"]


def test_the_applications_own_lifespan_runs_first_and_keeps_its_state(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        engine = create_engine(url)
        async with engine.begin() as connection:  # the application creates its tables here
            await connection.run_sync(ModelBase.metadata.create_all, tables=[Ledger.__table__])
        await engine.dispose()
        events.append("started")
        yield {"answer": 42}
        events.append("stopped")

    app = FastAPI(lifespan=lifespan)
    add_sql_resources(app, RESOURCES, url=url)

    async def run() -> None:
        async with app.router.lifespan_context(app) as state:
            assert state == {"answer": 42}
            assert events == ["started"]
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert (await client.get("/l/")).json()["total"] == 0

    with caplog.at_level(logging.WARNING):
        asyncio.run(run())
    assert events == ["started", "stopped"]
    assert "missing database tables" not in caplog.text  # checked after the app made them


def test_an_unreachable_database_does_not_stop_start_up(caplog: pytest.LogCaptureFixture) -> None:
    app = FastAPI()
    add_sql_resources(app, RESOURCES, url="postgresql://postgres@127.0.0.1:1/x")
    with caplog.at_level(logging.WARNING):
        response = get(app, "/l/")
    assert response.status_code == 503
    assert response.json() == {"detail": "the database is unavailable"}
    assert "could not check the database at start-up" in caplog.text


def tenant() -> str:
    return "t"


def test_rls_on_a_database_without_row_level_security_is_refused_at_mount(
    tmp_path: Path,
) -> None:
    from fin_infra.api import ResourceConfigError

    with pytest.raises(ResourceConfigError, match="rls=True needs PostgreSQL"):
        add_sql_resources(
            FastAPI(),
            RESOURCES,
            url=f"sqlite:///{tmp_path}/x.db",
            rls=True,
            tenant_dependency=tenant,
        )
