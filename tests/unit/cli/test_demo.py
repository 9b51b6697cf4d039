"""``fin-infra demo``: the printed worked example, and the serving path's argument checks.

Serving itself (migrate, seed, uvicorn, dashboard in Chromium) is covered end to end by
``tests/examples/test_personal_finance_e2e.py``, which runs this very command.
"""

from __future__ import annotations

from typer.testing import CliRunner

from fin_infra.cli import app

runner = CliRunner()


def test_print_example_prints_the_worked_example() -> None:
    result = runner.invoke(app, ["demo", "--print-example"])
    assert result.exit_code == 0, result.output
    assert "monthly payment 2155.01 USD" in result.output
    assert "350000.00 USD at 6.250%" in result.output
    assert "Money-weighted return (XIRR)" in result.output
    assert "0.00" in result.output  # the schedule closes at exactly zero


def test_print_example_takes_its_own_loan() -> None:
    result = runner.invoke(
        app,
        ["demo", "--print-example", "--principal", "10000", "--annual-rate", "0", "--years", "1"],
    )
    assert result.exit_code == 0, result.output
    assert "monthly payment 833.33 USD" in result.output


def test_print_example_bad_input_is_one_clear_line() -> None:
    result = runner.invoke(app, ["demo", "--print-example", "--principal", "lots"])
    assert result.exit_code == 2
    assert "not a decimal number" in result.output


def test_a_bad_database_url_is_one_clear_line() -> None:
    result = runner.invoke(app, ["demo", "--database-url", "oracle://db/app"])
    assert result.exit_code == 2
    assert "unsupported database driver 'oracle'" in result.output


def test_help_names_the_dashboard_and_the_options() -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--database-url", "--port", "--print-example"):
        assert option in result.output
