"""Fixtures for tests against real databases: a fresh database per backend and test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio (the drivers are asyncio-only)."""
    return "asyncio"
