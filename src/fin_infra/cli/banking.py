"""``fin-infra banking``: look at bank data through a provider, starting with the offline sandbox.

``fin-infra banking sandbox`` links a fictional institution in the deterministic sandbox provider
and prints its accounts and latest transactions: a demo of the provider-neutral models that needs
no credentials and no network. The providers package loads only when a command runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fin_infra.errors import FinInfraError

app = typer.Typer(
    name="banking",
    help="Bank data through a provider (offline sandbox included).",
    no_args_is_help=True,
)


@app.command("institutions")
def institutions() -> None:
    """List the sandbox's fictional institutions."""
    from fin_infra.providers.banking.sandbox import SandboxBanking

    for institution_id, name in SandboxBanking.institutions():
        typer.echo(f"{institution_id}  {name}")


@app.command("sandbox")
def sandbox(
    institution: Annotated[
        str, typer.Option("--institution", help="Institution id (see `institutions`).")
    ] = "ins_fi_platypus",
    seed: Annotated[int, typer.Option(help="Seed of the generated history.")] = 0,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day of history (YYYY-MM-DD; today).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many recent transactions to show.")] = 10,
) -> None:
    """Link a sandbox institution; print its accounts and latest transactions."""
    from fin_infra.providers.banking.sandbox import SandboxBanking

    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
        bank = SandboxBanking(seed=seed, as_of=day)
        public = bank.sandbox_public_token(institution)
        token = bank.exchange_public_token(public).access_token
        accounts = bank.accounts(token)
        result = bank.transactions_sync(token)
    except (FinInfraError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None

    console = Console()
    table = Table(title="Accounts")
    for column in ("account", "type", "current", "available"):
        table.add_column(column, justify="right" if column in ("current", "available") else "left")
    for a in accounts:
        b = a.balances
        # Text(...): provider data is shown as is, never read as Rich markup.
        table.add_row(
            Text(a.name), a.type.value, f"{b.current} {b.currency}", str(b.available or "")
        )
    console.print(table)
    recent = sorted(result.added, key=lambda t: (t.date, t.id), reverse=True)[:limit]
    txns = Table(title=f"Latest {len(recent)} of {len(result.added)} transactions")
    for column in ("date", "description", "category", "amount"):
        txns.add_column(column, justify="right" if column == "amount" else "left")
    for t in recent:
        txns.add_row(
            t.date.isoformat(), Text(t.name), Text(t.category or ""), f"{t.amount} {t.currency}"
        )
    console.print(txns)
