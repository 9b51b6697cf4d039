"""Migration commands (Alembic underneath) for an application directory.

Every command takes a :class:`MigrationSettings`: the application directory (its ``migrations/``
folder lives there and its packages are importable from there), the database URL and the model
packages. No ``alembic.ini`` is needed and the current working directory does not matter. Before
touching the database, commands check that its revision is one the migration files know; if not
they raise :class:`UnknownRevisionError` and change nothing. The functions are synchronous (they
run their own event loop): call them from the CLI or synchronous code, not from a running loop.

Each application records its revision in its own version table, named in its ``migrations/env.py``
(``run_migrations(version_table="alembic_version_myapp")``, written by :func:`init`), so several
applications can share one database. An ``env.py`` that names none uses Alembic's default
``alembic_version``, which other applications may share: ``stamp --purge`` then refuses to delete
rows this application's migration files do not know.
"""

from __future__ import annotations

import ast
import asyncio
import re
import sys
from collections.abc import Callable, Iterator, Sequence
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

from fin_infra.persistence.alembic_env import (
    ATTRIBUTE,
    DEFAULT_VERSION_TABLE,
    application_tables,
)
from fin_infra.persistence.discovery import discover_and_import_models
from fin_infra.persistence.engine import DEFAULT_URL, create_engine, normalize_url
from fin_infra.persistence.errors import (
    DatabaseUnavailableError,
    MigrationError,
    UnknownRevisionError,
)

__all__ = [
    "MigrationSettings",
    "current",
    "database_revisions",
    "default_version_table",
    "downgrade",
    "ensure_initialized",
    "history",
    "init",
    "merge",
    "recorded_version_table",
    "revision",
    "stamp",
    "upgrade",
    "version_table",
]

OnInit = Callable[[Path], object]


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


def default_version_table(app_dir: Path) -> str:
    """The version table :func:`init` records for a new application: named after its folder.

    >>> default_version_table(Path("/srv/Budget-API"))
    'alembic_version_budget_api'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", app_dir.resolve().name.lower()).strip("_")[:40]
    return f"{DEFAULT_VERSION_TABLE}_{slug or 'app'}"


def recorded_version_table(script_location: Path) -> str | None:
    """The ``version_table="..."`` that ``env.py`` passes to ``run_migrations``, or None."""
    env = script_location / "env.py"
    if not env.is_file():
        return None
    for node in ast.walk(ast.parse(env.read_text(), filename=str(env))):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "version_table":
                continue
            if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                return keyword.value.value
            raise MigrationError(f"{env}: write version_table as a string literal")
    return None


def version_table(settings: MigrationSettings) -> str:
    """The table holding this application's revision (``alembic_version`` if env.py names none)."""
    return recorded_version_table(settings.script_location) or DEFAULT_VERSION_TABLE


def _config(settings: MigrationSettings, stdout: TextIO | None = None) -> Config:
    config = Config(stdout=stdout or sys.stdout)
    config.set_main_option("script_location", str(settings.script_location).replace("%", "%%"))
    config.attributes[ATTRIBUTE] = {
        "url": settings.url,
        "packages": list(settings.packages),
        "version_table": version_table(settings),
    }
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


def _check_sqlite_folder(url: str) -> None:
    """Refuse a SQLite file whose folder is missing (SQLite would fail obscurely, aiosqlite
    printing a thread's traceback)."""
    parsed = normalize_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return
    if str(database).startswith("file:") or parsed.query.get("mode") == "memory":
        return
    folder = Path(str(database)).parent
    if not folder.is_dir():
        raise DatabaseUnavailableError(
            f"cannot open the SQLite database {database}: its folder {folder} does not exist; "
            "create the folder or fix SQL_URL (or --url)"
        )


def database_revisions(settings: MigrationSettings) -> tuple[str, ...]:
    """The revisions in this application's version table (empty when it was never migrated)."""
    _check_sqlite_folder(settings.url)
    opts = {"version_table": version_table(settings)}

    async def read() -> tuple[str, ...]:
        engine = create_engine(settings.url, poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync, opts=opts).get_current_heads()
                )
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _unknown_revisions(settings: MigrationSettings) -> list[str]:
    script = _script(settings)
    unknown = []
    for rev in database_revisions(settings):
        try:
            known = script.get_revision(rev)
        except CommandError:
            known = None
        if known is None:
            unknown.append(rev)
    return unknown


def _unknown_message(settings: MigrationSettings, unknown: list[str], *, purging: bool) -> str:
    table = version_table(settings)
    env = settings.script_location / "env.py"
    revs = ", ".join(repr(r) for r in unknown)
    head = (
        f"the version table {table!r} holds revision {revs}, which the migration files in "
        f"{settings.script_location} do not contain; nothing was changed."
    )
    if recorded_version_table(settings.script_location) is not None:
        return (
            f"{head} Check out the code that matches the database, or record a revision of these "
            f"files with `fin-infra db stamp head --purge` (it rewrites only {table!r}, this "
            "application's own version table)."
        )
    refused = " `stamp --purge` will not delete it:" if purging else ""
    return (
        f"{head}{refused} {table!r} is Alembic's default table and may belong to another "
        "application using this database. To give this application its own version table, "
        f'write run_migrations(version_table="{default_version_table(settings.app_dir)}") in '
        f"{env}, then run `fin-infra db upgrade head` (or `fin-infra db stamp REV` if its tables "
        "already exist at REV). If the revision is this application's, "
        "check out the code that matches the database, or claim the table with "
        f'run_migrations(version_table="{table}") and run `fin-infra db stamp head --purge`.'
    )


def _check_known(settings: MigrationSettings) -> None:
    unknown = _unknown_revisions(settings)
    if unknown:
        raise UnknownRevisionError(_unknown_message(settings, unknown, purging=False))


def _require_models(settings: MigrationSettings) -> None:
    """Autogenerate without models would write an empty (or table-dropping) revision: refuse."""
    if not settings.packages:
        raise MigrationError(
            "no model packages to compare: set DISCOVER_PACKAGES or pass --packages"
        )
    discover_and_import_models(settings.packages)
    if not application_tables(settings.packages):
        raise MigrationError(f"no ModelBase tables found in {', '.join(settings.packages)}")


_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def init(settings: MigrationSettings, *, version_table: str | None = None) -> Path:
    """Create the migrations folder with fin-infra's ``env.py`` and revision template.

    ``env.py`` records the application's version table: ``version_table`` or, by default,
    :func:`default_version_table` (``alembic_version_`` + the application folder's name).
    """
    target = settings.script_location
    if target.exists() and any(target.iterdir()):
        raise MigrationError(f"{target} already exists and is not empty")
    table = version_table or default_version_table(settings.app_dir)
    if not _TABLE_NAME.fullmatch(table):
        raise MigrationError(
            f"version table {table!r} is not a plain table name (letters, digits, _; 63 at most)"
        )
    (target / "versions").mkdir(parents=True, exist_ok=True)
    templates = resources.files("fin_infra.persistence") / "templates"
    env = (templates / "env.py.tmpl").read_text().replace("{version_table}", table)
    (target / "env.py").write_text(env)
    (target / "script.py.mako").write_text((templates / "script.py.mako").read_text())
    return target


def ensure_initialized(settings: MigrationSettings) -> Path | None:
    """Run :func:`init` if the migrations folder has no ``env.py``; return it if it was created."""
    if (settings.script_location / "env.py").is_file():
        return None
    return init(settings)


def _init_missing(settings: MigrationSettings, on_init: OnInit | None) -> None:
    if on_init is not None:
        created = ensure_initialized(settings)
        if created is not None:
            on_init(created)


def revision(
    settings: MigrationSettings,
    message: str,
    *,
    autogenerate: bool = False,
    on_init: OnInit | None = None,
) -> Path:
    """Write a new revision file (optionally autogenerated from the models); return its path.

    With ``on_init``, a missing migrations folder is created first (as :func:`init` would) and
    ``on_init(folder)`` is called; without it, a missing folder is an error.
    """
    with _application(settings):
        if autogenerate:
            _require_models(settings)
            if on_init is not None and not (settings.script_location / "env.py").is_file():
                database_revisions(settings)  # reach the database before writing anything
        _init_missing(settings, on_init)
        if autogenerate:
            _check_known(settings)
        else:
            _script(settings)
        script = command.revision(_config(settings), message=message, autogenerate=autogenerate)
    if script is None or isinstance(script, list):
        raise MigrationError("Alembic did not produce exactly one revision")
    return Path(script.path)


def upgrade(
    settings: MigrationSettings,
    target: str = "head",
    *,
    sql: bool = False,
    on_init: OnInit | None = None,
) -> None:
    """Upgrade to ``target`` (``head``, a revision, or relative such as ``+1``).

    ``on_init`` works as in :func:`revision`.
    """
    with _application(settings):
        if on_init is not None and not sql and not (settings.script_location / "env.py").is_file():
            database_revisions(settings)  # reach the database before writing anything
        _init_missing(settings, on_init)
        if not sql:
            _check_known(settings)
        command.upgrade(_config(settings), target, sql=sql)


def downgrade(settings: MigrationSettings, target: str = "-1", *, sql: bool = False) -> None:
    """Downgrade to ``target`` (``-1``, a revision, or ``base``); the version table stays."""
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

    With ``purge`` the rows of this application's version table are replaced even if the files do
    not know them, but only when ``env.py`` names that table (it is the application's own): rows
    of the unnamed default ``alembic_version`` that the files do not know may be another
    application's, so they are never deleted (:class:`UnknownRevisionError`, nothing changed).
    """
    with _application(settings):
        if not purge:
            _check_known(settings)
        elif recorded_version_table(settings.script_location) is None:
            unknown = _unknown_revisions(settings)
            if unknown:
                raise UnknownRevisionError(_unknown_message(settings, unknown, purging=True))
        command.stamp(_config(settings), target, purge=purge)


def merge(settings: MigrationSettings, revisions: Sequence[str], message: str) -> Path:
    """Write a merge revision joining ``revisions`` (e.g. ``["heads"]``); return its path."""
    with _application(settings):
        heads = _script(settings).get_heads()
        if list(revisions) == ["heads"] and len(heads) < 2:
            raise MigrationError(
                f"nothing to merge: the migrations have {len(heads)} head "
                f"({', '.join(heads) or 'none'}); `merge heads` joins two or more"
            )
        script = command.merge(_config(settings), list(revisions), message=message)
    if script is None:
        raise MigrationError("Alembic did not produce a merge revision")
    return Path(script.path)
