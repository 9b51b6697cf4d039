"""``fin-infra demo``: serve the example personal-finance app, or print a worked calculation.

By default the command creates (or reuses) a SQLite database (and the key encrypting the stored
bank access tokens) in the current directory, and serves the example app ``personal_finance``
(migrated and seeded with a sandbox user at start-up) on 127.0.0.1 with uvicorn. The app is its
own distribution, ``fin-infra-example`` (``pip install ./examples`` from a checkout), so the library
never installs it. ``--print-example`` prints a worked mortgage and investment example instead.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path

import typer

from fin_infra._extras import EXAMPLE_APP, missing_extra_hint

DEFAULT_DATABASE = "fin-infra-demo.db"
KEY_FILE = "fin-infra-demo.key"
INSTALL_HINT = missing_extra_hint(EXAMPLE_APP)


def demo(
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        help=f"Database to use, e.g. postgresql://user@host/db (default: ./{DEFAULT_DATABASE}).",
        show_default=False,
    ),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to serve on (127.0.0.1)."),
    print_example: bool = typer.Option(
        False, "--print-example", help="Print the worked loan and XIRR example and exit."
    ),
    principal: str = typer.Option("350000", help="Loan amount of the printed example."),
    annual_rate: str = typer.Option("0.0625", help="Annual rate of the printed example."),
    years: int = typer.Option(30, min=1, max=50, help="Loan term of the printed example."),
) -> None:
    """Serve the example personal-finance app (dashboard at /dashboard, API docs at /docs)."""
    if print_example:
        _print_example(principal, annual_rate, years)
        return
    _serve(database_url or f"sqlite+aiosqlite:///{Path(DEFAULT_DATABASE).resolve()}", port)


def _serve(url: str, port: int) -> None:
    from rich.console import Console

    console = Console()
    # Plain echo, not Rich: markup would eat the brackets of a hint such as "pkg[extra]".
    if importlib.util.find_spec("personal_finance") is None:
        typer.echo(
            "error: the example app (fin-infra-example) is not installed: " + INSTALL_HINT,
            err=True,
        )
        raise typer.Exit(code=2)
    try:
        import uvicorn

        from personal_finance.app import create_app
    except ImportError as exc:
        typer.echo(
            f"error: the example app cannot start ({exc}); reinstall it: {INSTALL_HINT}",
            err=True,
        )
        raise typer.Exit(code=2) from None
    from fin_infra.errors import FinInfraError
    from fin_infra.persistence import normalize_url

    try:
        shown = normalize_url(url).render_as_string(hide_password=True)
    except FinInfraError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from None
    from fin_infra.providers.tokens import TokenCipher

    # The key that encrypts stored access tokens must outlive the process: keep it in a file
    # beside the database (a real deployment reads its keys from a secret store).
    key_file = Path(KEY_FILE)
    if not key_file.exists():
        key_file.write_text(TokenCipher.generate_key())
        key_file.chmod(0o600)
    app = create_app(url, token_cipher=TokenCipher([key_file.read_text().strip()]))
    console.print(f"Database {shown}; migrating and seeding the sandbox user on start-up.")
    console.print(
        f"Dashboard [bold]http://127.0.0.1:{port}/dashboard[/bold], "
        f"API docs http://127.0.0.1:{port}/docs (Ctrl+C stops)."
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _print_example(principal: str, annual_rate: str, years: int) -> None:
    """Print a worked mortgage and investment example computed with fin-infra."""
    from rich.console import Console
    from rich.table import Table

    from fin_infra import calc
    from fin_infra.errors import FinInfraError
    from fin_infra.money import D, Money

    console = Console()
    try:
        amount, rate = D(principal), D(annual_rate)
        schedule = calc.amortization_schedule(amount, rate, years * 12)
    except FinInfraError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from None

    payment = Money(schedule[0].payment, "USD")
    interest = Money.sum((Money(r.interest, "USD") for r in schedule), "USD")
    console.rule("[bold]Mortgage")
    console.print(
        f"{Money(amount, 'USD').round()} at {rate:.3%} over {years} years: "
        f"monthly payment [bold]{payment}[/bold], total interest {interest}"
    )
    table = Table("period", "payment", "interest", "principal", "balance")
    for row in [*schedule[:3], *schedule[-2:]]:
        table.add_row(
            str(row.period),
            str(row.payment),
            str(row.interest),
            str(row.principal),
            str(row.balance),
        )
    console.print(table)
    faster = calc.amortization_schedule(amount, rate, years * 12, extra_payment="200")
    saved = interest - Money.sum((Money(r.interest, "USD") for r in faster), "USD")
    console.print(
        f"Paying 200.00 extra a month ends the loan after {len(faster)} months "
        f"instead of {len(schedule)} and saves {saved} of interest."
    )

    console.rule("[bold]Investment")
    start = dt.date(2021, 1, 4)
    dates = [
        start,
        dt.date(2021, 7, 1),
        dt.date(2022, 3, 15),
        dt.date(2023, 1, 9),
        dt.date(2024, 6, 28),
    ]
    flows = [Decimal(-10000), Decimal(-2500), Decimal(-2500), Decimal(1200), Decimal(17250)]
    money_weighted = calc.xirr(dates, flows)
    console.print("Dated cash flows (deposits negative, withdrawals and final value positive):")
    for day, flow in zip(dates, flows, strict=True):
        console.print(f"  {day.isoformat()}  {Money(flow, 'USD').round()!s:>14}")
    console.print(f"Money-weighted return (XIRR): [bold]{money_weighted:.4%}[/bold] a year")
    console.print(f"NPV of the same flows at 5%: {calc.xnpv(0.05, dates, flows):,.2f} USD")
    monthly = calc.pmt(Decimal("0.07") / 12, 12 * 20, 0, Decimal(1_000_000))
    console.print(
        f"Saving for 1,000,000.00 in 20 years at 7%: "
        f"{Money(-monthly, 'USD').round()} a month (PMT)."
    )
