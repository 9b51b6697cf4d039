"""Async tests here run on asyncio."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """The drivers (aiosqlite, asyncpg, aiomysql) are asyncio-only."""
    return "asyncio"
