"""The example's database: its URL default and its migrations (``fin-infra db`` machinery).

The migrations live in ``personal_finance/migrations`` and were written with the same functions
the ``fin-infra db`` commands call (``init``, then ``revision --autogenerate``); :func:`migrate`
applies them, so the application starts on an up-to-date schema on SQLite or PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from fin_infra.persistence.migrations import MigrationSettings, upgrade

__all__ = ["DEFAULT_DATABASE", "migrate", "migration_settings"]

DEFAULT_DATABASE = "fin-infra-demo.db"
"""The SQLite file ``fin-infra demo`` creates (or reuses) in the current directory."""

_PACKAGE = Path(__file__).resolve().parent


def migration_settings(url: str) -> MigrationSettings:
    """Where the example's migrations and models are, for the database at ``url``."""
    return MigrationSettings(
        app_dir=_PACKAGE.parent,
        url=url,
        packages=["personal_finance.models"],
        directory=f"{_PACKAGE.name}/migrations",
    )


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the latest revision (synchronous: call before serving)."""
    upgrade(migration_settings(url), "head")
