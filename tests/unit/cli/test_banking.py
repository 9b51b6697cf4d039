"""`fin-infra banking`: the offline sandbox demo and its errors."""

from __future__ import annotations

from typer.testing import CliRunner

from fin_infra.cli import app


def test_sandbox_prints_accounts_and_latest_transactions() -> None:
    result = CliRunner().invoke(
        app, ["banking", "sandbox", "--as-of", "2025-06-30", "--limit", "3"], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    for text in ("Everyday Checking", "High-Yield Savings", "Rewards Card", "Latest 3 of"):
        assert text in result.output
    assert "2025-06-30" in result.output or "2025-06-29" in result.output


def test_same_seed_same_output() -> None:
    args = ["banking", "sandbox", "--as-of", "2025-01-31", "--seed", "4"]
    first = CliRunner().invoke(app, args, terminal_width=200)
    again = CliRunner().invoke(app, args, terminal_width=200)
    assert first.exit_code == 0, first.output
    assert first.output == again.output


def test_institutions_and_errors_are_one_line() -> None:
    listing = CliRunner().invoke(app, ["banking", "institutions"])
    assert "ins_fi_gingham  Gingham Brokerage" in listing.output
    bad = CliRunner().invoke(app, ["banking", "sandbox", "--institution", "ins_nope"])
    assert bad.exit_code == 1
    assert "unknown sandbox institution" in bad.output
    date = CliRunner().invoke(app, ["banking", "sandbox", "--as-of", "June"])
    assert date.exit_code == 1
    assert "error:" in date.output
