"""Throw-away databases on the machine's servers (SQLite file, PostgreSQL, MariaDB).

Each ``temporary_database`` creates a uniquely named database, yields its async URL and drops it,
so parallel runs never collide. A server that does not answer skips the test with the reason.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from fin_infra.persistence import create_engine

PG_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
MARIADB_ADMIN = "mysql+aiomysql://root@127.0.0.1:3306/test"
SERVERS = {"postgresql": ("127.0.0.1", 5432), "mariadb": ("127.0.0.1", 3306)}
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


def require_server(backend: str) -> None:
    """Skip (visibly) when ``backend``'s server does not accept connections."""
    if backend not in SERVERS:
        return
    host, port = SERVERS[backend]
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError as error:
        pytest.skip(f"{backend} server at {host}:{port} unreachable: {error}")


async def admin_execute(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@contextmanager
def temporary_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """Create an empty database on ``backend``; yield its URL; drop it afterwards."""
    require_server(backend)
    name = f"fi_test_{uuid.uuid4().hex[:12]}"
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / name}.db"
        return
    if backend == "postgresql":
        asyncio.run(admin_execute(PG_ADMIN, f"CREATE DATABASE {name}"))
        try:
            yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
        finally:
            asyncio.run(admin_execute(PG_ADMIN, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        return
    asyncio.run(admin_execute(MARIADB_ADMIN, f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield f"mysql+aiomysql://root@127.0.0.1:3306/{name}?charset=utf8mb4"
    finally:
        asyncio.run(admin_execute(MARIADB_ADMIN, f"DROP DATABASE IF EXISTS {name}"))
