"""Start-up checks of the database an application is about to serve: tables and RLS.

:func:`check_database` looks once, with real queries, for what would otherwise surface only on the
first request: tables the models use that do not exist (migrations not applied), and, with
``rls=True``, a PostgreSQL connection that bypasses Row-Level Security. It logs one WARNING per
finding (and raises a :class:`~fin_infra.persistence.rls.RowLevelSecurityWarning` for RLS), and
never raises because of the database: an unreachable database is logged and left to the requests.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.persistence.errors import UPGRADE_HINT
from fin_infra.persistence.rls import RLS_FIX, RowLevelSecurityWarning, rls_bypass_reasons

__all__ = ["DatabaseCheck", "check_database"]

logger = logging.getLogger("fin_infra.persistence")


@dataclass(frozen=True, slots=True)
class DatabaseCheck:
    """What :func:`check_database` found (``error`` is set when it could not look)."""

    missing_tables: list[str] = field(default_factory=list)
    rls_problems: list[str] = field(default_factory=list)
    error: str | None = None


def _has_table(connection: Connection, table: Table) -> bool:
    return inspect(connection).has_table(table.name, schema=table.schema)


async def _inspect(
    sessions: async_sessionmaker[AsyncSession], models: Sequence[type[Any]], *, rls: bool
) -> DatabaseCheck:
    missing: list[str] = []
    problems: list[str] = []
    async with sessions() as session:
        for model in models:
            table = inspect(model).local_table
            assert isinstance(table, Table)
            connection = await session.connection(bind_arguments={"mapper": model})
            if not await connection.run_sync(_has_table, table):
                missing.append(table.fullname)
            elif rls and connection.dialect.name == "postgresql":
                role, reasons = await connection.run_sync(rls_bypass_reasons, table)
                if reasons:
                    problems.append(
                        f"rls=True, but PostgreSQL does not enforce row-level security on table "
                        f"{table.fullname!r} for role {role!r}: {'; '.join(reasons)}. "
                        f"Every tenant's rows are visible to this connection. Fix: "
                        + RLS_FIX.replace("<table>", table.fullname)
                    )
        await session.rollback()
    return DatabaseCheck(missing_tables=missing, rls_problems=problems)


async def check_database(
    sessions: async_sessionmaker[AsyncSession],
    models: Sequence[type[Any]],
    *,
    rls: bool = False,
) -> DatabaseCheck:
    """Check once that each model's table exists and, with ``rls``, that RLS is enforced.

    Logs one WARNING naming the missing tables and the command to run, and one WARNING plus a
    ``RowLevelSecurityWarning`` per table whose RLS the connection bypasses. A database that
    cannot be reached is logged at WARNING and reported in ``error``; nothing here raises
    because of the database.
    """
    try:
        found = await _inspect(sessions, models, rls=rls)
    except Exception as error:  # the check must never stop an application from starting
        logger.warning("fin-infra could not check the database at start-up: %s", error)
        return DatabaseCheck(error=str(error))
    if found.missing_tables:
        logger.warning(
            "missing database tables: %s; %s",
            ", ".join(found.missing_tables),
            UPGRADE_HINT,
        )
    for problem in found.rls_problems:
        logger.warning("%s", problem)
        warnings.warn(problem, RowLevelSecurityWarning, stacklevel=2)
    return found
