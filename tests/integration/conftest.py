"""Fixtures for tests against real databases.

``db_url`` is a fresh, empty database per test (for migrations). ``tables_url`` is one database
per backend for the whole run, with the fake application tables created once and emptied before
each test, which keeps the suite fast on a shared machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import delete

from fin_infra.persistence import ModelBase, create_engine
from tests.fakes.sql_models import TABLES
from tests.integration.databases import BACKENDS, temporary_database


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """sqlite, postgresql or mariadb."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on ``backend``, dropped after the test."""
    with temporary_database(backend, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def shared_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """``get(backend)``: one database per backend for the run, made on first use, then dropped."""
    urls: dict[str, str] = {}
    with ExitStack() as stack:

        def get(backend: str) -> str:
            if backend not in urls:
                folder = tmp_path_factory.mktemp(backend)
                urls[backend] = stack.enter_context(temporary_database(backend, folder))
                asyncio.run(_create_tables(urls[backend]))
            return urls[backend]

        yield get


async def _create_tables(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
    await engine.dispose()


async def _empty_tables(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        for table in reversed(TABLES):  # children first
            await connection.execute(delete(table))
    await engine.dispose()


@pytest.fixture
def tables_url(backend: str, shared_database: Callable[[str], str]) -> str:
    """A database on ``backend`` holding the fake application tables, all empty."""
    url = shared_database(backend)
    asyncio.run(_empty_tables(url))
    return url


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio (the drivers are asyncio-only)."""
    return "asyncio"
