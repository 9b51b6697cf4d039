"""Migration commands (Alembic underneath) for an application directory.

Every command takes a :class:`MigrationSettings`: the application directory (its ``migrations/``
folder lives there and its packages are importable from there), the database URL and the model
packages. No ``alembic.ini`` is needed and the current working directory does not matter. Before
touching the database, commands check that its revision is one the migration files know; if not
they raise :class:`UnknownRevisionError` and change nothing. The functions are synchronous (they
run their own event loop): call them from the CLI or synchronous code, not from a running loop.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TextIO

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import pool

from fin_infra.persistence.alembic_env import ATTRIBUTE, application_tables
from fin_infra.persistence.discovery import discover_and_import_models
from fin_infra.persistence.engine import DEFAULT_URL, create_engine
from fin_infra.persistence.errors import MigrationError, UnknownRevisionError

__all__ = [
    "MigrationSettings",
    "current",
    "database_revisions",
    "downgrade",
    "history",
    "init",
    "merge",
    "revision",
    "stamp",
    "upgrade",
]


@dataclass(frozen=True, slots=True)
class MigrationSettings:
    """Where the application and its database are, and which packages hold its models."""

    app_dir: Path
    url: str = DEFAULT_URL
    packages: list[str] = field(default_factory=list)
    directory: str = "migrations"

    @property
    def script_location(self) -> Path:
        """The migrations folder (``env.py``, ``script.py.mako``, ``versions/``)."""
        return self.app_dir.resolve() / self.directory


def _config(settings: MigrationSettings, stdout: TextIO | None = None) -> Config:
    config = Config(stdout=stdout or sys.stdout)
    config.set_main_option("script_location", str(settings.script_location).replace("%", "%%"))
    config.attributes[ATTRIBUTE] = {"url": settings.url, "packages": list(settings.packages)}
    return config


@contextmanager
def _application(settings: MigrationSettings) -> Iterator[None]:
    """Make the application's packages importable and turn Alembic errors into ours."""
    root = str(settings.app_dir.resolve())
    added = root not in sys.path
    if added:
        sys.path.insert(0, root)
    try:
        yield
    except CommandError as error:
        raise MigrationError(str(error)) from None
    finally:
        if added and root in sys.path:
            sys.path.remove(root)


def _script(settings: MigrationSettings) -> ScriptDirectory:
    if not (settings.script_location / "env.py").is_file():
        raise MigrationError(
            f"no migrations in {settings.script_location}; run `fin-infra db init` first"
        )
    return ScriptDirectory.from_config(_config(settings))


def database_revisions(settings: MigrationSettings) -> tuple[str, ...]:
    """The revisions the database is stamped with (empty when it was never migrated)."""

    async def read() -> tuple[str, ...]:
        engine = create_engine(settings.url, poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_heads()
                )
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _check_known(settings: MigrationSettings) -> None:
    script = _script(settings)
    for rev in database_revisions(settings):
        try:
            known = script.get_revision(rev)
        except CommandError:
            known = None
        if known is None:
            raise UnknownRevisionError(
                f"the database is at revision {rev!r}, which the migration files in "
                f"{settings.script_location} do not contain; nothing was changed. Check out the "
                "code that matches the database, or re-stamp it with `fin-infra db stamp --purge`."
            )


def _require_models(settings: MigrationSettings) -> None:
    """Autogenerate without models would write an empty (or table-dropping) revision: refuse."""
    if not settings.packages:
        raise MigrationError(
            "no model packages to compare: set DISCOVER_PACKAGES or pass --packages"
        )
    discover_and_import_models(settings.packages)
    if not application_tables(settings.packages):
        raise MigrationError(f"no ModelBase tables found in {', '.join(settings.packages)}")


def init(settings: MigrationSettings) -> Path:
    """Create the migrations folder with fin-infra's ``env.py`` and revision template."""
    target = settings.script_location
    if target.exists() and any(target.iterdir()):
        raise MigrationError(f"{target} already exists and is not empty")
    (target / "versions").mkdir(parents=True, exist_ok=True)
    templates = resources.files("fin_infra.persistence") / "templates"
    (target / "env.py").write_text((templates / "env.py.tmpl").read_text())
    (target / "script.py.mako").write_text((templates / "script.py.mako").read_text())
    return target


def revision(settings: MigrationSettings, message: str, *, autogenerate: bool = False) -> Path:
    """Write a new revision file (optionally autogenerated from the models); return its path."""
    with _application(settings):
        if autogenerate:
            _require_models(settings)
            _check_known(settings)
        else:
            _script(settings)
        script = command.revision(_config(settings), message=message, autogenerate=autogenerate)
    if script is None or isinstance(script, list):
        raise MigrationError("Alembic did not produce exactly one revision")
    return Path(script.path)


def upgrade(settings: MigrationSettings, target: str = "head", *, sql: bool = False) -> None:
    """Upgrade to ``target`` (``head``, a revision, or relative such as ``+1``)."""
    with _application(settings):
        if not sql:
            _check_known(settings)
        command.upgrade(_config(settings), target, sql=sql)


def downgrade(settings: MigrationSettings, target: str = "-1", *, sql: bool = False) -> None:
    """Downgrade to ``target`` (``-1``, a revision, or ``base``); ``alembic_version`` stays."""
    with _application(settings):
        if not sql:
            _check_known(settings)
        command.downgrade(_config(settings), target, sql=sql)


def current(settings: MigrationSettings, stdout: TextIO | None = None) -> tuple[str, ...]:
    """The database's revisions, after checking the migration files know them."""
    with _application(settings):
        _check_known(settings)
        return database_revisions(settings)


def history(settings: MigrationSettings, stdout: TextIO | None = None) -> None:
    """Print the revision history, newest first."""
    with _application(settings):
        _script(settings)
        command.history(_config(settings, stdout), verbose=False)


def stamp(settings: MigrationSettings, target: str, *, purge: bool = False) -> None:
    """Record ``target`` as the database's revision without running migrations.

    With ``purge`` the existing version rows are replaced even if the files do not know them.
    """
    with _application(settings):
        if not purge:
            _check_known(settings)
        command.stamp(_config(settings), target, purge=purge)


def merge(settings: MigrationSettings, revisions: Sequence[str], message: str) -> Path:
    """Write a merge revision joining ``revisions`` (e.g. ``["heads"]``); return its path."""
    with _application(settings):
        _script(settings)
        script = command.merge(_config(settings), list(revisions), message=message)
    if script is None:
        raise MigrationError("Alembic did not produce a merge revision")
    return Path(script.path)
