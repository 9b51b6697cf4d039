"""The body of every application's Alembic ``env.py``: discovery, filtering, async execution.

``fin-infra db init`` writes an ``env.py`` that only calls :func:`run_migrations`. Autogenerate
compares exactly the tables of the discovered application models: tables of other code in the
database (and Alembic's own ``alembic_version``) are never touched, and no stub tables appear.
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

__all__ = ["application_tables", "run_migrations"]

ATTRIBUTE = "fin_infra"


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


def _configure(context: Any, tables: set[str], **kwargs: Any) -> None:
    context.configure(
        target_metadata=ModelBase.metadata,
        include_object=_include_object(tables),
        compare_type=True,
        **kwargs,
    )


def run_migrations() -> None:
    """Run the current Alembic command with the settings ``fin-infra db`` put on the config."""
    from alembic import context

    settings = context.config.attributes.get(ATTRIBUTE)
    if not isinstance(settings, dict):
        raise MigrationError("run Alembic through `fin-infra db ...` (it passes the settings)")
    url = normalize_url(settings["url"])
    discover_and_import_models(settings["packages"])
    tables = application_tables(settings["packages"])
    batch = url.get_backend_name() == "sqlite"

    if context.is_offline_mode():
        _configure(context, tables, url=url, literal_binds=True, render_as_batch=batch)
        with context.begin_transaction():
            context.run_migrations()
        return

    def run(connection: Connection) -> None:
        _configure(context, tables, connection=connection, render_as_batch=batch)
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
