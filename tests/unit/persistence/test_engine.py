"""Engine helpers: URL normalisation to the async drivers, SQLite foreign keys on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from fin_infra.errors import ValidationError
from fin_infra.persistence import create_engine, normalize_url

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite"),
        ("postgresql://u@h/db", "postgresql+asyncpg"),
        ("postgres://u@h/db", "postgresql+asyncpg"),
        ("mysql://u@h/db", "mysql+aiomysql"),
        ("mariadb://u@h/db", "mariadb+aiomysql"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg"),
    ],
)
def test_normalize_url_picks_the_async_driver(url: str, driver: str) -> None:
    assert normalize_url(url).drivername == driver


@pytest.mark.parametrize("url", ["postgresql+psycopg2://u@h/db", "oracle://u@h/db", "::nope"])
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        normalize_url(url)


async def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    await engine.dispose()
