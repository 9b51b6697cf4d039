"""The ``fin-infra`` command line: one Typer app per command group, composed here."""

from __future__ import annotations

import typer

from fin_infra.cli import market
from fin_infra.cli.banking import app as banking_app
from fin_infra.cli.db import app as db_app
from fin_infra.cli.demo import demo
from fin_infra.cli.scaffold import app as scaffold_app

app = typer.Typer(
    name="fin-infra",
    help="fin-infra: financial backbone tooling (demo, calculators, scaffolding, migrations).",
    no_args_is_help=True,
    add_completion=False,
)
app.command("demo")(demo)
app.add_typer(db_app, name="db")
app.add_typer(scaffold_app, name="scaffold")
app.add_typer(banking_app, name="banking")
market.register(app)


@app.callback()
def _root() -> None:
    """fin-infra: financial backbone tooling (demo, calculators, scaffolding, migrations)."""


def main() -> None:
    """Console-script entry point."""
    app()
