"""The body of every application's Alembic ``env.py``: discovery, filtering, async execution.

``fin-infra db init`` writes an ``env.py`` that only calls :func:`run_migrations`. Autogenerate
compares exactly the tables of the discovered application models: tables of other code in the
database (and the version tables of Alembic) are never touched, and no stub tables appear. The
application's revision lives in its own version table, named by ``env.py``
(``run_migrations(version_table=...)``); without a name, Alembic's default ``alembic_version``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import pool
from sqlalchemy.engine import Connection

from fin_infra.persistence.base import ModelBase
from fin_infra.persistence.discovery import discover_and_import_models
from fin_infra.persistence.engine import create_engine, normalize_url
from fin_infra.persistence.errors import MigrationError

__all__ = ["DEFAULT_VERSION_TABLE", "application_tables", "run_migrations"]

ATTRIBUTE = "fin_infra"
DEFAULT_VERSION_TABLE = "alembic_version"


def application_tables(packages: list[str]) -> set[str]:
    """Names of the tables mapped by ``ModelBase`` subclasses defined inside ``packages``."""
    names: set[str] = set()
    for mapper in ModelBase.registry.mappers:
        module = mapper.class_.__module__
        if any(module == p or module.startswith(f"{p}.") for p in packages):
            names.update(table.name for table in mapper.tables)
    return names


def _include_object(tables: set[str]) -> Any:
    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table":
            return name in tables
        table = getattr(obj, "table", None)
        return table is None or table.name in tables

    return include


def _configure(context: Any, tables: set[str], version_table: str, **kwargs: Any) -> None:
    context.configure(
        target_metadata=ModelBase.metadata,
        include_object=_include_object(tables),
        compare_type=True,
        version_table=version_table,
        **kwargs,
    )


def run_migrations(version_table: str | None = None) -> None:
    """Run the current Alembic command with the settings ``fin-infra db`` put on the config.

    ``version_table`` is the application's own version table, as ``env.py`` names it (``fin-infra
    db`` reads the same name from ``env.py``); None means Alembic's default ``alembic_version``.
    """
    from alembic import context

    settings = context.config.attributes.get(ATTRIBUTE)
    if not isinstance(settings, dict):
        raise MigrationError("run Alembic through `fin-infra db ...` (it passes the settings)")
    table = version_table or DEFAULT_VERSION_TABLE
    expected = settings.get("version_table", table)
    if expected != table:
        raise MigrationError(
            f"env.py names version table {table!r} but fin-infra read {expected!r} from it: "
            'write it as run_migrations(version_table="...") with a string literal'
        )
    url = normalize_url(settings["url"])
    discover_and_import_models(settings["packages"])
    tables = application_tables(settings["packages"])
    batch = url.get_backend_name() == "sqlite"

    if context.is_offline_mode():
        _configure(context, tables, table, url=url, literal_binds=True, render_as_batch=batch)
        with context.begin_transaction():
            context.run_migrations()
        return

    def run(connection: Connection) -> None:
        _configure(context, tables, table, connection=connection, render_as_batch=batch)
        with context.begin_transaction():
            context.run_migrations()

    async def online() -> None:
        engine = create_engine(url, poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(run)
                await connection.commit()
        finally:
            await engine.dispose()

    asyncio.run(online())
