"""Async engine and session helpers built from one database URL.

``create_engine(url)`` accepts the usual URL forms and picks the async driver: ``sqlite://`` uses
aiosqlite, ``postgresql://`` asyncpg, ``mysql://`` / ``mariadb://`` aiomysql. SQLite connections
enforce foreign keys, as the other databases do, and on SQLite and MariaDB a
``DateTime(timezone=True)`` column reads back timezone-aware (UTC), as on PostgreSQL.
``mask_url`` (:mod:`fin_infra.persistence.urls`) is the one way a URL is shown in logs and
messages (password hidden).
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from fin_infra.errors import ValidationError
from fin_infra.persistence.types import aware_datetime_colspecs
from fin_infra.persistence.urls import mask_url

__all__ = ["DEFAULT_URL", "create_engine", "create_sessionmaker", "normalize_url"]

DEFAULT_URL: Final = "sqlite+aiosqlite:///./fin_infra.db"
_ASYNC_DRIVERS: Final = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "mysql": "mysql+aiomysql",
    "mariadb": "mariadb+aiomysql",
}
_SUPPORTED: Final = frozenset(_ASYNC_DRIVERS.values())


def normalize_url(url: str | URL) -> URL:
    """Parse ``url`` and switch it to the async driver fin-infra supports for its database."""
    try:
        parsed = make_url(url)
    except Exception as error:
        raise ValidationError(f"not a database URL: {error}") from None
    name = parsed.drivername
    if name in _ASYNC_DRIVERS:
        parsed = parsed.set(drivername=_ASYNC_DRIVERS[name])
    elif name not in _SUPPORTED:
        raise ValidationError(
            f"unsupported database driver {name!r} in {mask_url(parsed)}; "
            f"use one of: {', '.join(sorted(_SUPPORTED))}"
        )
    return parsed


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(url: str | URL = DEFAULT_URL, **kwargs: Any) -> AsyncEngine:
    """An :class:`AsyncEngine` for ``url``; keyword arguments go to SQLAlchemy unchanged.

    ``DateTime(timezone=True)`` columns of any model read back aware (UTC) on every backend.
    """
    parsed = normalize_url(url)
    kwargs.setdefault("pool_pre_ping", parsed.get_backend_name() != "sqlite")
    engine = _create_async_engine(parsed, **kwargs)
    colspecs = aware_datetime_colspecs(engine.dialect)
    if colspecs is not None:
        engine.dialect.colspecs = colspecs  # this engine only; before any statement is compiled
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (safe to serialize a row after writing)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
