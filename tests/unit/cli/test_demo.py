"""The README's main job: ``fin-infra demo`` prints a worked example computed by the library."""

from __future__ import annotations

from typer.testing import CliRunner

from fin_infra.cli import app

runner = CliRunner()


def test_demo_prints_the_worked_example() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "monthly payment 2155.01 USD" in result.output
    assert "350000.00 USD at 6.250%" in result.output
    assert "Money-weighted return (XIRR)" in result.output
    assert "0.00" in result.output  # the schedule closes at exactly zero


def test_demo_takes_its_own_loan() -> None:
    result = runner.invoke(
        app, ["demo", "--principal", "10000", "--annual-rate", "0", "--years", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "monthly payment 833.33 USD" in result.output


def test_demo_bad_input_is_one_clear_line() -> None:
    result = runner.invoke(app, ["demo", "--principal", "lots"])
    assert result.exit_code == 2
    assert "not a decimal number" in result.output
