"""The ``fin-infra`` command line: one Typer app per command group, composed here."""

from __future__ import annotations

import typer

from fin_infra.cli import market
from fin_infra.cli.demo import demo

app = typer.Typer(
    name="fin-infra",
    help="fin-infra: financial backbone tooling (demo, calculators, scaffolding, migrations).",
    no_args_is_help=True,
    add_completion=False,
)
app.command("demo")(demo)
market.register(app)


@app.callback()
def _root() -> None:
    """fin-infra: financial backbone tooling (demo, calculators, scaffolding, migrations)."""


def main() -> None:
    """Console-script entry point."""
    app()
