"""``fin-infra db``: migrations for the application's own models (Alembic underneath).

Every command takes ``--app-dir`` (default: ``$FIN_INFRA_APP_DIR``, else the nearest directory at
or above the working directory that holds ``migrations/env.py``, else the working directory),
``--url`` (default: ``SQL_URL`` from the environment or the app's ``.env``) and ``--packages``
(default: ``DISCOVER_PACKAGES``). A relative SQLite path is relative to the app directory, so the
commands behave the same from any working directory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fin_infra.errors import FinInfraError

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
        help="Model packages, comma-separated (default: DISCOVER_PACKAGES).",
        show_default=False,
    ),
]


def _settings(
    app_dir: Path | None, url: str | None, packages: str | None, *, search: bool = True
) -> MigrationSettings:
    from fin_infra.persistence.discovery import parse_packages
    from fin_infra.persistence.migrations import MigrationSettings
    from fin_infra.persistence.settings import resolve_database

    # The same resolver as add_sql_resources, so migrations and the API meet one database.
    resolved = resolve_database(app_dir, url, search=search)
    assert resolved.app_dir is not None
    return MigrationSettings(
        app_dir=resolved.app_dir,
        url=resolved.url,
        packages=parse_packages(packages) if packages is not None else resolved.discover_packages,
    )


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Print a fin-infra error as one clear line and exit 1 (no traceback)."""
    try:
        yield
    except FinInfraError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


def _run(
    action: Callable[[MigrationSettings], object],
    app_dir: Path | None,
    url: str | None,
    packages: str | None,
) -> None:
    with _one_line_errors():
        action(_settings(app_dir, url, packages))


@app.command()
def init(app_dir: AppDir = None, url: Url = None, packages: Packages = None) -> None:
    """Create migrations/ with fin-infra's env.py and revision template."""
    from fin_infra.persistence import migrations

    with _one_line_errors():
        target = migrations.init(_settings(app_dir, url, packages, search=False))
    typer.echo(f"created {target}")


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

    with _one_line_errors():
        path = migrations.revision(
            _settings(app_dir, url, packages), message, autogenerate=autogenerate
        )
    typer.echo(f"wrote {path}")


@app.command()
def upgrade(
    target: Annotated[str, typer.Argument(help="head, a revision, or +N.")] = "head",
    sql: Annotated[bool, typer.Option("--sql", help="Print SQL instead of running it.")] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Upgrade the database to TARGET."""
    from fin_infra.persistence import migrations

    _run(lambda s: migrations.upgrade(s, target, sql=sql), app_dir, url, packages)


@app.command()
def downgrade(
    target: Annotated[str, typer.Argument(help="-N, a revision, or base.")] = "-1",
    sql: Annotated[bool, typer.Option("--sql", help="Print SQL instead of running it.")] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Downgrade the database to TARGET (alembic_version is kept)."""
    from fin_infra.persistence import migrations

    _run(lambda s: migrations.downgrade(s, target, sql=sql), app_dir, url, packages)


@app.command()
def current(app_dir: AppDir = None, url: Url = None, packages: Packages = None) -> None:
    """Print the database's current revision(s)."""
    from fin_infra.persistence import migrations

    with _one_line_errors():
        revisions = migrations.current(_settings(app_dir, url, packages))
    typer.echo("\n".join(revisions) if revisions else "(no revision: database not migrated)")


@app.command()
def history(app_dir: AppDir = None, url: Url = None, packages: Packages = None) -> None:
    """Print the revision history, newest first."""
    from fin_infra.persistence import migrations

    _run(migrations.history, app_dir, url, packages)


@app.command()
def stamp(
    target: Annotated[str, typer.Argument(help="Revision to record (head, base, or an id).")],
    purge: Annotated[bool, typer.Option("--purge", help="Replace unknown version rows.")] = False,
    app_dir: AppDir = None,
    url: Url = None,
    packages: Packages = None,
) -> None:
    """Record TARGET as the database's revision without running migrations."""
    from fin_infra.persistence import migrations

    _run(lambda s: migrations.stamp(s, target, purge=purge), app_dir, url, packages)


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

    with _one_line_errors():
        path = migrations.merge(_settings(app_dir, url, packages), revisions, message)
    typer.echo(f"wrote {path}")
