"""``fin-infra quote`` and ``fin-infra history``: market data from the command line.

Vendors are picked with ``--provider`` (repeat it for a fallback order); their keys come from
options or, this being the application edge, from the vendors' usual environment variables.
``history`` pages through the vendor's pagination with a Rich progress bar per symbol (on
stderr) and prints a table, or writes every bar to CSV with ``--output``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from fin_infra.providers.market_data import MarketDataProvider

__all__ = ["history", "quote", "register"]

_PROVIDER = typer.Option(
    ["sandbox"],
    "--provider",
    "-p",
    help="alpaca, polygon, alphavantage, coingecko or sandbox; repeat for fallback.",
)
_ALPACA_KEY = typer.Option(None, envvar="APCA_API_KEY_ID", help="Alpaca key id.")
_ALPACA_SECRET = typer.Option(
    None, envvar="APCA_API_SECRET_KEY", help="Alpaca secret key.", show_default=False
)
_POLYGON_KEY = typer.Option(
    None, envvar="POLYGON_API_KEY", help="Polygon API key.", show_default=False
)
_AV_KEY = typer.Option(
    None, envvar="ALPHAVANTAGE_API_KEY", help="Alpha Vantage key.", show_default=False
)
_CG_KEY = typer.Option(
    None, envvar="COINGECKO_API_KEY", help="CoinGecko demo key.", show_default=False
)
_SANDBOX_DATE = typer.Option(None, help="Price the sandbox as of this date (YYYY-MM-DD).")
_SYMBOLS = typer.Argument(..., help="Symbols, e.g. AAPL MSFT BTC-USD.")
_START = typer.Option(..., help="First day (YYYY-MM-DD).")
_END = typer.Option(None, help="Last day (YYYY-MM-DD); default: now.")
_INTERVAL = typer.Option("1day", help="1min, 5min, 15min, 1hour, 1day, 1week or 1month.")
_RAW = typer.Option(False, "--raw", help="Unadjusted prices (default: split/dividend adjusted).")
_OUTPUT = typer.Option(None, "--output", "-o", help="Write every bar to this CSV file.")


def _market_data(
    names: list[str],
    alpaca_key_id: str | None,
    alpaca_secret_key: str | None,
    polygon_api_key: str | None,
    alphavantage_api_key: str | None,
    coingecko_api_key: str | None,
    sandbox_date: str | None,
) -> MarketDataProvider:
    """The provider (or fallback chain) named on the command line, with its keys."""
    from fin_infra.providers.market_data import easy_market_data

    as_of = None
    if sandbox_date:
        day = dt.date.fromisoformat(sandbox_date)
        as_of = dt.datetime.combine(day, dt.time(23, 59), tzinfo=dt.UTC)
    options: dict[str, dict[str, Any]] = {
        "alpaca": {"key_id": alpaca_key_id or "", "secret_key": alpaca_secret_key or ""},
        "polygon": {"api_key": polygon_api_key or ""},
        "alphavantage": {"api_key": alphavantage_api_key or ""},
        "coingecko": {"api_key": coingecko_api_key},
        "sandbox": {"as_of": as_of},
    }
    if len(names) == 1:
        return easy_market_data(names[0], **options.get(names[0], {}))
    return easy_market_data(names, options={n: options.get(n, {}) for n in names})


def _fail(exc: Exception) -> typer.Exit:
    from rich.console import Console
    from rich.markup import escape

    from fin_infra.errors import ValidationError

    # Escaped: a message such as 'pip install ".[providers]"' must keep its brackets.
    Console(stderr=True).print(
        f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True
    )
    return typer.Exit(code=2 if isinstance(exc, ValidationError | ValueError) else 1)


def quote(
    symbols: list[str] = _SYMBOLS,
    provider: list[str] = _PROVIDER,
    alpaca_key_id: str | None = _ALPACA_KEY,
    alpaca_secret_key: str | None = _ALPACA_SECRET,
    polygon_api_key: str | None = _POLYGON_KEY,
    alphavantage_api_key: str | None = _AV_KEY,
    coingecko_api_key: str | None = _CG_KEY,
    sandbox_date: str | None = _SANDBOX_DATE,
) -> None:
    """Print the latest quote of each symbol."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from fin_infra.errors import FinInfraError

    try:
        md = _market_data(
            provider,
            alpaca_key_id,
            alpaca_secret_key,
            polygon_api_key,
            alphavantage_api_key,
            coingecko_api_key,
            sandbox_date,
        )
        quotes = [md.quote(s) for s in symbols]
    except (FinInfraError, ValueError) as exc:
        raise _fail(exc) from None
    table = Table("symbol", "price", "bid", "ask", "time (UTC)", "source")
    for q in quotes:
        table.add_row(
            Text(q.symbol),
            f"{q.price} {q.currency}",
            "" if q.bid is None else str(q.bid),
            "" if q.ask is None else str(q.ask),
            q.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            Text(q.source or ""),
        )
    Console(width=120).print(table)


def history(
    symbols: list[str] = _SYMBOLS,
    start: str = _START,
    end: str | None = _END,
    interval: str = _INTERVAL,
    raw: bool = _RAW,
    output: Path | None = _OUTPUT,
    provider: list[str] = _PROVIDER,
    alpaca_key_id: str | None = _ALPACA_KEY,
    alpaca_secret_key: str | None = _ALPACA_SECRET,
    polygon_api_key: str | None = _POLYGON_KEY,
    alphavantage_api_key: str | None = _AV_KEY,
    coingecko_api_key: str | None = _CG_KEY,
    sandbox_date: str | None = _SANDBOX_DATE,
) -> None:
    """Download bars for each symbol, page by page, with progress."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.table import Table
    from rich.text import Text

    from fin_infra.errors import FinInfraError
    from fin_infra.models import Bar
    from fin_infra.providers.market_data import BarsQuery

    err = Console(stderr=True)
    results: dict[str, list[Bar]] = {}
    try:
        md = _market_data(
            provider,
            alpaca_key_id,
            alpaca_secret_key,
            polygon_api_key,
            alphavantage_api_key,
            coingecko_api_key,
            sandbox_date,
        )
        first = dt.date.fromisoformat(start)
        last = dt.date.fromisoformat(end) if end else None
        queries = [
            BarsQuery.of(s, first, last, interval=interval, adjusted=not raw) for s in symbols
        ]
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[bars]} bars"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=err, transient=False) as progress:
            for q in queries:
                span = max(1.0, (q.end - q.start).total_seconds())
                task = progress.add_task(q.symbol, total=span, bars=0)
                bars: list[Bar] = []
                for page in md.iter_bars(q):
                    bars.extend(page)
                    done = (bars[-1].timestamp - q.start).total_seconds() if bars else 0.0
                    progress.update(task, completed=min(span, done), bars=len(bars))
                progress.update(task, completed=span)
                results[q.symbol] = bars
    except (FinInfraError, ValueError) as exc:
        raise _fail(exc) from None
    if output is not None:
        with output.open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["symbol", "timestamp", "open", "high", "low", "close", "volume"])
            for symbol, bars in results.items():
                for b in bars:
                    ts = b.timestamp.astimezone(dt.UTC).isoformat()
                    writer.writerow([symbol, ts, b.open, b.high, b.low, b.close, b.volume])
        total = sum(len(b) for b in results.values())
        typer.echo(f"wrote {total} bars to {output}")
        return
    console = Console(width=120)
    for symbol, bars in results.items():
        table = Table(
            "time (UTC)",
            "open",
            "high",
            "low",
            "close",
            "volume",
            title=Text(f"{symbol}: {len(bars)} bars"),
        )
        for b in bars[-10:]:
            table.add_row(
                b.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
                str(b.open),
                str(b.high),
                str(b.low),
                str(b.close),
                str(b.volume),
            )
        console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``quote`` and ``history`` to the ``fin-infra`` app."""
    app.command("quote")(quote)
    app.command("history")(history)
