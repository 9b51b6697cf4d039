"""One scenario, every storage: the trackers in memory and on the scaffolded SQL tables.

The scaffold's tenant + soft-delete output is generated once per run into a temporary package
and imported (its tables join ``ModelBase.metadata`` under their scaffolded names, which no
other test uses). :class:`Storage` opens the three trackers; each ``open`` on SQL is a new
session that commits on success, so a later ``open`` reads rows back from the database, not
from a session's memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from fin_infra.budgets import BudgetTracker, InMemoryBudgetRepository
from fin_infra.budgets.sql import SqlBudgetRepository
from fin_infra.goals import GoalTracker, InMemoryGoalRepository
from fin_infra.goals.sql import SqlGoalRepository
from fin_infra.net_worth import InMemorySnapshotRepository, NetWorthTracker
from fin_infra.net_worth.sql import SqlSnapshotRepository
from fin_infra.persistence import ModelBase, create_engine, create_sessionmaker
from fin_infra.scaffold import ScaffoldOptions, render, write_files

TENANT = "tenant-a"
START = dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)


class TickingClock:
    """A clock that advances one second per reading, so records keep their creation order."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@dataclass
class Trackers:
    budgets: BudgetTracker
    goals: GoalTracker
    net_worth: NetWorthTracker


def scaffold_package(root: Path) -> ModuleType:
    """Scaffold budgets, goals and net worth (tenant + soft delete) into ``root`` and import it."""
    package = root / "tracker_tables"
    options = ScaffoldOptions(include_tenant=True, include_soft_delete=True)
    for domain in ("budgets", "goals", "net_worth"):
        write_files(render(domain, options), package / domain)
    (package / "__init__.py").write_text('"""Scaffolded tables for the tracker tests."""\n')
    sys.path.insert(0, str(root))
    try:
        module = importlib.import_module("tracker_tables")
        for domain in ("budgets", "goals", "net_worth"):
            setattr(module, domain, importlib.import_module(f"tracker_tables.{domain}"))
        return module
    finally:
        sys.path.remove(str(root))


def create_tables(url: str, tables: ModuleType) -> None:
    models = [tables.budgets.Budget, tables.goals.Goal, tables.net_worth.NetWorthSnapshot]

    async def create() -> None:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(
                    ModelBase.metadata.create_all, tables=[m.__table__ for m in models]
                )
        finally:
            await engine.dispose()

    asyncio.run(create())


class Storage:
    """Where a scenario's trackers keep their records; ``open`` is an async context manager."""

    name: str

    def open(self) -> AbstractAsyncContextManager[Trackers]:
        raise NotImplementedError


class MemoryStorage(Storage):
    name = "memory"

    def __init__(self, clock: TickingClock) -> None:
        self.clock = clock
        self.budgets = InMemoryBudgetRepository(clock=clock)
        self.goals = InMemoryGoalRepository(clock=clock)
        self.snapshots = InMemorySnapshotRepository(clock=clock)

    @asynccontextmanager
    async def open(self) -> AsyncIterator[Trackers]:
        yield Trackers(
            BudgetTracker(self.budgets, clock=self.clock),
            GoalTracker(self.goals, clock=self.clock),
            NetWorthTracker(self.snapshots, clock=self.clock),
        )


class SqlStorage(Storage):
    """The SQL adapters over the scaffolded models, one session (and transaction) per ``open``."""

    def __init__(self, name: str, url: str, tables: ModuleType, clock: TickingClock) -> None:
        self.name = name
        self.url = url
        self.tables = tables
        self.clock = clock

    @asynccontextmanager
    async def open(self) -> AsyncIterator[Trackers]:
        engine = create_engine(self.url)
        try:
            async with create_sessionmaker(engine)() as session:
                tables, clock = self.tables, self.clock
                scope: dict[str, Any] = {"tenant_id": TENANT, "clock": clock}
                yield Trackers(
                    BudgetTracker(
                        SqlBudgetRepository(session, tables.budgets.Budget, **scope), clock=clock
                    ),
                    GoalTracker(
                        SqlGoalRepository(session, tables.goals.Goal, **scope), clock=clock
                    ),
                    NetWorthTracker(
                        SqlSnapshotRepository(session, tables.net_worth.NetWorthSnapshot, **scope),
                        clock=clock,
                    ),
                )
                await session.commit()
        finally:
            await engine.dispose()


def unique_user() -> str:
    """A user id of its own per test, so tests sharing a database never see each other's rows."""
    return f"user-{uuid.uuid4().hex[:12]}"
