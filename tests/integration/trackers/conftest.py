"""Fixtures: the scaffolded tables (once per run) and one storage per parameter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from types import ModuleType

import pytest

from tests.integration.databases import temporary_database
from tests.integration.trackers.storages import (
    MemoryStorage,
    SqlStorage,
    Storage,
    TickingClock,
    create_tables,
    scaffold_package,
)

STORAGES = ["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def tracker_tables(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The scaffolded budgets, goals and net worth packages (tenant + soft delete)."""
    return scaffold_package(tmp_path_factory.mktemp("scaffolded"))


@pytest.fixture(scope="session")
def tracker_databases(
    tmp_path_factory: pytest.TempPathFactory, tracker_tables: ModuleType
) -> Iterator[dict[str, str]]:
    """``{backend: url}``, each database made (with the scaffolded tables) on first use."""
    urls: dict[str, str] = {}

    class Lazy(dict[str, str]):
        def __missing__(self, backend: str) -> str:
            folder = tmp_path_factory.mktemp(f"trackers-{backend}")
            url = stack.enter_context(temporary_database(backend, folder))
            create_tables(url, tracker_tables)
            self[backend] = url
            return url

    with ExitStack() as stack:
        lazy = Lazy(urls)
        yield lazy


@pytest.fixture(params=STORAGES)
def storage(
    request: pytest.FixtureRequest,
    tracker_tables: ModuleType,
    tracker_databases: dict[str, str],
) -> Storage:
    """The trackers' storage under test, with a fresh ticking clock."""
    clock = TickingClock()
    if request.param == "memory":
        return MemoryStorage(clock)
    return SqlStorage(request.param, tracker_databases[request.param], tracker_tables, clock)


@pytest.fixture
def sqlite_storage(tracker_tables: ModuleType, tracker_databases: dict[str, str]) -> SqlStorage:
    """SQL-only behaviour (the documented differences) on SQLite."""
    return SqlStorage("sqlite", tracker_databases["sqlite"], tracker_tables, TickingClock())
