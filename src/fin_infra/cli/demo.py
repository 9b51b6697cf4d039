"""``fin-infra demo``: a worked loan and investment example, computed with fin-infra and printed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import typer


def demo(
    principal: str = typer.Option("350000", help="Loan amount (a decimal string)."),
    annual_rate: str = typer.Option("0.0625", help="Nominal annual interest rate, e.g. 0.0625."),
    years: int = typer.Option(30, min=1, max=50, help="Loan term in years."),
) -> None:
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
