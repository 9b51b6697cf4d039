"""``fin-infra quote`` and ``fin-infra history`` on the sandbox provider (golden output)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from fin_infra.cli import app
from fin_infra.providers.market_data.sandbox import SandboxMarketData

GOLDEN = Path(__file__).parent / "golden"
# Plain output whatever the calling terminal or CI sets (golden files hold no colour codes), and
# no vendor key from the caller's environment (these tests never touch the network).
KEYS = ("APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "POLYGON_API_KEY", "ALPHAVANTAGE_API_KEY")
runner = CliRunner(
    env={"NO_COLOR": "1", "FORCE_COLOR": None, "COLUMNS": None, "TERM": "dumb"}
    | dict.fromkeys((*KEYS, "COINGECKO_API_KEY"))
)
AS_OF = ["--sandbox-date", "2024-06-28"]


def test_quote_table_matches_golden() -> None:
    result = runner.invoke(app, ["quote", "AAPL", "BTC-USD", *AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "quote.txt").read_text()


def test_history_writes_every_bar_exactly(tmp_path: Path) -> None:
    out = tmp_path / "bars.csv"
    result = runner.invoke(
        app,
        [
            "history",
            "AAPL",
            "MSFT",
            "--start",
            "2020-01-01",
            "--end",
            "2024-06-28",
            "-o",
            str(out),
            *AS_OF,
        ],
    )
    assert result.exit_code == 0, result.output
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    md = SandboxMarketData(as_of=dt.datetime(2024, 6, 28, 23, 59, tzinfo=dt.UTC))
    expected = md.bars("AAPL", dt.date(2020, 1, 1), dt.date(2024, 6, 28))
    aapl = [r for r in rows if r["symbol"] == "AAPL"]
    assert len(aapl) == len(expected) > 1000
    assert [Decimal(r["close"]) for r in aapl] == [b.close for b in expected]
    assert f"wrote {len(rows)} bars" in result.stdout
    assert "AAPL" in result.stderr  # the progress bars go to stderr
    assert "bars" in result.stderr


def test_history_table_and_interval(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "history",
            "SPY",
            "--start",
            "2024-06-27",
            "--end",
            "2024-06-27",
            "--interval",
            "1hour",
            *AS_OF,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "SPY: 7 bars" in result.stdout


def test_errors_are_one_line_and_exit_non_zero() -> None:
    missing_key = runner.invoke(app, ["quote", "AAPL", "-p", "alphavantage"])
    assert missing_key.exit_code == 2
    assert missing_key.stderr.strip() == (
        "error: AlphaVantageMarketData needs api_key (alphavantage.co/support)"
    )
    unknown = runner.invoke(app, ["quote", "NOPE", *AS_OF])
    assert unknown.exit_code == 1
    assert unknown.stderr.count("\n") == 1
    assert "unknown symbol 'NOPE'" in unknown.stderr
    bad_date = runner.invoke(app, ["history", "AAPL", "--start", "last year"])
    assert bad_date.exit_code == 2
    bad_interval = runner.invoke(
        app, ["history", "AAPL", "--start", "2024-01-01", "--interval", "2d"]
    )
    assert bad_interval.exit_code == 2
    assert "unknown interval" in bad_interval.stderr
