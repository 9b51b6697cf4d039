"""The ``fin-infra`` command line: one Typer app per command group, composed here.

Errors are handled in one place (:mod:`fin_infra.cli.errors`): a failed command prints one line on
stderr and exits non-zero; ``--debug`` or ``FIN_INFRA_DEBUG=1`` shows the full traceback (without
local variables, which could hold secrets).
"""

from __future__ import annotations

from typing import Annotated

import typer

from fin_infra.cli import market
from fin_infra.cli.banking import app as banking_app
from fin_infra.cli.db import app as db_app
from fin_infra.cli.demo import demo
from fin_infra.cli.errors import DEBUG_ENV, DEBUG_KEY, FriendlyGroup
from fin_infra.cli.scaffold import app as scaffold_app

__all__ = ["app", "main", "version"]

app = typer.Typer(
    name="fin-infra",
    cls=FriendlyGroup,
    help="fin-infra: financial backbone tooling (demo, calculators, scaffolding, migrations).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.command("demo")(demo)
app.add_typer(db_app, name="db")
app.add_typer(scaffold_app, name="scaffold")
app.add_typer(banking_app, name="banking")
market.register(app)


def version() -> str:
    """The installed fin-infra version (package metadata; the source's ``__version__`` if none)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("fin-infra")
    except PackageNotFoundError:
        from fin_infra import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"fin-infra {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool,
        typer.Option("--debug", help=f"Show the full traceback of an error (also: {DEBUG_ENV}=1)."),
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """fin-infra: financial backbone tooling (demo, calculators, scaffolding, migrations)."""
    ctx.meta[DEBUG_KEY] = debug


def main() -> None:
    """Console-script entry point."""
    app()
