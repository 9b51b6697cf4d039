"""``fin-infra db``: migrations for the application's own models (Alembic underneath).

Every command takes ``--app-dir`` (default: ``$FIN_INFRA_APP_DIR``, else the nearest directory at
or above the working directory that holds ``migrations/env.py``, else the working directory),
``--url`` (default: ``SQL_URL`` from the environment or the app's ``.env``) and ``--packages``
(default: ``DISCOVER_PACKAGES``, else the packages under the app directory that define
``ModelBase`` models). A relative SQLite path is relative to the app directory, so the
commands behave the same from any working directory.

``revision`` and ``upgrade`` create ``migrations/`` (as ``init`` would) when it is missing.
``upgrade`` / ``downgrade`` take Alembic targets as written: ``head``, ``heads``, ``base``, a
revision id, or relative steps such as ``+1``, ``-1`` and ``-2``. Errors are printed as one line
by :mod:`fin_infra.cli.errors`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fin_infra.cli.errors import note_database_url

if TYPE_CHECKING:
    from fin_infra.persistence.migrations import MigrationSettings

app = typer.Typer(
    name="db",
    help="Database migrations for your application's models (Alembic underneath).",
    no_args_is_help=True,
)

AppDir = Annotated[
    Path | None,
    typer.Option(
        "--app-dir", help="Application directory (holds migrations/ and .env).", show_default=False
    ),
]
Url = Annotated[
    str | None, typer.Option("--url", help="Database URL (default: SQL_URL).", show_default=False)
]
Packages = Annotated[
    str | None,
    typer.Option(
        "--packages",
        help="Model packages, comma-separated (default: DISCOVER_PACKAGES, else the packages "
        "under the app directory that define ModelBase models).",
        show_default=False,
    ),
]


def _settings(
    app_dir: Path | None,
    url: str | None,
    packages: str | None,
    *,
    search: bool = True,
    announce: bool = False,
) -> MigrationSettings:
    """The migration settings; without --packages or DISCOVER_PACKAGES, the packages under the
    app directory that define ``ModelBase`` models (named on stdout when ``announce``)."""
    from fin_infra.cli.packages import guess_model_packages
    from fin_infra.persistence.discovery import parse_packages
    from fin_infra.persistence.migrations import MigrationSettings
    from fin_infra.persistence.settings import resolve_database

    # The same resolver as add_sql_resources, so migrations and the API meet one database.
    resolved = resolve_database(app_dir, url, search=search)
    assert resolved.app_dir is not None
    note_database_url(resolved.url)
    if packages is not None:
        chosen = parse_packages(packages)
    elif resolved.discover_packages:
        chosen = resolved.discover_packages
    else:
        chosen = guess_model_packages(resolved.app_dir)
        if announce and chosen:
            typer.echo(f"models from {', '.join(chosen)} (set DISCOVER_PACKAGES to choose)")
    return MigrationSettings(app_dir=resolved.app_dir, url=resolved.url, packages=chosen)


def _report(settings: MigrationSettings, sql: bool) -> None:
    """Say where the database is now (Alembic itself prints nothing without logging set up)."""
    if sql:
        return
    from fin_infra.persistence import migrations

    revisions = migrations.database_revisions(settings)
    typer.echo(f"database at {', '.join(revisions) if revisions else 'base (no revision)'}")


def _created(folder: Path) -> None:
    typer.echo(f"created {folder} (no migrations folder yet: did what `fin-infra db init` does)")


def _target(value: str) -> str:
    """A target as Alembic reads it; a misspelt long option is not taken for a revision."""
    if value.startswith("--"):
        raise typer.BadParameter(f"no such option: {value}")
    return value


# `-1` would otherwise be parsed as an (unknown) option; long options keep working.
_TARGETS: dict[str, Any] = {"ignore_unknown_options": True}


@app.command()
def init(
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
    version_table: Annotated[
        str | None,
        typer.Option(
            "--version-table",
            help="This app's Alembic version table (default: alembic_version_ + folder name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create migrations/ with fin-infra's env.py and revision template."""
    from fin_infra.persistence import migrations

    settings = _settings(app_dir, url, packages, search=False)
    target = migrations.init(settings, version_table=version_table)
    typer.echo(f"created {target} (version table: {migrations.version_table(settings)})")


@app.command()
def revision(
    message: Annotated[str, typer.Option("-m", "--message", help="Revision message.")],
    autogenerate: Annotated[
        bool, typer.Option("--autogenerate", help="Diff models vs database.")
    ] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Write a new revision file (with --autogenerate: from the discovered models)."""
    from fin_infra.persistence import migrations

    settings = _settings(app_dir, url, packages, announce=autogenerate)
    path = migrations.revision(settings, message, autogenerate=autogenerate, on_init=_created)
    typer.echo(f"wrote {path}")


@app.command(context_settings=_TARGETS)
def upgrade(
    target: Annotated[
        str, typer.Argument(help="head, heads, a revision, or +N.", callback=_target)
    ] = "head",
    sql: Annotated[bool, typer.Option("--sql", help="Print SQL instead of running it.")] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Upgrade the database to TARGET."""
    from fin_infra.persistence import migrations

    settings = _settings(app_dir, url, packages)
    migrations.upgrade(settings, target, sql=sql, on_init=_created)
    _report(settings, sql)


@app.command(context_settings=_TARGETS)
def downgrade(
    target: Annotated[
        str, typer.Argument(help="-N, a revision, or base.", callback=_target)
    ] = "-1",
    sql: Annotated[bool, typer.Option("--sql", help="Print SQL instead of running it.")] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Downgrade the database to TARGET (the version table is kept)."""
    from fin_infra.persistence import migrations

    settings = _settings(app_dir, url, packages)
    migrations.downgrade(settings, target, sql=sql)
    _report(settings, sql)


@app.command()
def current(app_dir: AppDir = None, url: Url = None, packages: Packages = None) -> None:
    """Print the database's current revision(s)."""
    from fin_infra.persistence import migrations

    revisions = migrations.current(_settings(app_dir, url, packages))
    typer.echo("\n".join(revisions) if revisions else "(no revision: database not migrated)")


@app.command()
def history(app_dir: AppDir = None, url: Url = None, packages: Packages = None) -> None:
    """Print the revision history, newest first."""
    from fin_infra.persistence import migrations

    migrations.history(_settings(app_dir, url, packages))


@app.command()
def stamp(
    target: Annotated[str, typer.Argument(help="Revision to record (head, base, or an id).")],
    purge: Annotated[
        bool,
        typer.Option(
            "--purge", help="Replace the rows of this app's own version table, even unknown ones."
        ),
    ] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Record TARGET as the database's revision without running migrations."""
    from fin_infra.persistence import migrations

    settings = _settings(app_dir, url, packages)
    migrations.stamp(settings, target, purge=purge)
    _report(settings, sql=False)


@app.command()
def merge(
    revisions: Annotated[list[str], typer.Argument(help="Revisions to merge, e.g. heads.")],
    message: Annotated[str, typer.Option("-m", "--message", help="Revision message.")],
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Write a merge revision joining REVISIONS (usually: heads)."""
    from fin_infra.persistence import migrations

    path = migrations.merge(_settings(app_dir, url, packages), revisions, message)
    typer.echo(f"wrote {path}")
