"""AlphaVantageMarketData: HTTP-200 errors become typed errors; both quotas are kept."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from fin_infra.providers import (
    AuthenticationError,
    InvalidRequestError,
    PermissionDeniedError,
    RateLimitError,
)
from fin_infra.providers._windows import Window, WindowedLimiter
from fin_infra.providers.market_data import BarsQuery, Interval, MarketDataProvider
from fin_infra.providers.market_data.alphavantage import AlphaVantageMarketData, check_body
from tests.fakes.alphavantage import AV_KEY, FakeAlphaVantage
from tests.fakes.market import bar_times, ohlcv

TODAY = dt.date(2024, 6, 28)


class Clock:
    """A fake monotonic clock that sleeping advances (shared by client limiter and server)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make(
    fake: FakeAlphaVantage,
    clock: Clock | None = None,
    windows: tuple[Window, ...] = (),
    key: str = AV_KEY,
    premium: bool = False,
) -> AlphaVantageMarketData:
    clock = clock or Clock()
    limiter = WindowedLimiter(windows, provider="alphavantage", clock=clock) if windows else None
    return AlphaVantageMarketData(
        key,
        windows=(),
        limiter=limiter,
        transport=fake.transport,
        sleep=clock.sleep,
        today=lambda: TODAY,
        premium=premium,
    )


def test_quote_and_provider_protocol() -> None:
    client = make(FakeAlphaVantage())
    assert isinstance(client, MarketDataProvider)
    quote = client.quote("aapl")
    bar = ohlcv("AAPL", dt.datetime(2024, 6, 28, 4, tzinfo=dt.UTC))
    assert quote.price == Decimal(f"{bar['c']:.4f}")
    assert quote.timestamp == dt.datetime(2024, 6, 28, 20, tzinfo=dt.UTC)  # 16:00 New York
    assert quote.source == "alphavantage"


def test_daily_bars_are_stamped_at_new_york_midnight() -> None:
    fake = FakeAlphaVantage()
    bars = make(fake).bars("IBM", dt.date(2024, 6, 3), dt.date(2024, 6, 7), adjusted=False)
    assert [b.timestamp for b in bars] == [
        dt.datetime(2024, 6, d, 4, tzinfo=dt.UTC) for d in range(3, 8)
    ]
    assert fake.requests[0].url.params["outputsize"] == "compact"
    old = make(fake).bars("IBM", dt.date(2020, 1, 1), dt.date(2020, 1, 31), adjusted=False)
    assert len(old) == 23  # weekdays of January 2020 (the fake knows no holidays)
    assert fake.requests[-1].url.params["outputsize"] == "full"


def test_adjusted_series_scale_every_price() -> None:
    fake = FakeAlphaVantage(premium=True)
    [bar] = make(fake, premium=True).bars("IBM", dt.date(2024, 6, 3), dt.date(2024, 6, 3))
    raw = ohlcv("IBM", dt.datetime(2024, 6, 3, tzinfo=dt.UTC))
    assert fake.requests[0].url.params["function"] == "TIME_SERIES_DAILY_ADJUSTED"
    assert bar.close == Decimal(f"{raw['c'] / 2:.4f}")
    assert bar.open == (
        Decimal(f"{raw['o']:.4f}") * bar.close / Decimal(f"{raw['c']:.4f}")
    ).quantize(Decimal("0.0001"))
    assert bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high


def test_daily_bars_default_to_the_free_endpoint() -> None:
    fake = FakeAlphaVantage()
    bars = make(fake).bars("IBM", dt.date(2024, 6, 3), dt.date(2024, 6, 7))  # adjusted=True
    assert len(bars) == 5
    assert fake.requests[0].url.params["function"] == "TIME_SERIES_DAILY"


def test_premium_function_on_a_free_key_is_permission_denied() -> None:
    with pytest.raises(PermissionDeniedError) as info:
        make(FakeAlphaVantage(), premium=True).bars("IBM", dt.date(2024, 6, 3), dt.date(2024, 6, 7))
    assert info.value.status == 200
    assert info.value.code == "Information"


def test_weekly_and_monthly_series() -> None:
    client = make(FakeAlphaVantage())
    weekly = client.bars(
        "AAPL", dt.date(2024, 5, 1), dt.date(2024, 5, 31), interval="1week", adjusted=False
    )
    assert [b.timestamp.date().day for b in weekly] == [3, 10, 17, 24, 31]
    monthly = client.bars(
        "AAPL", dt.date(2024, 1, 1), dt.date(2024, 5, 31), interval=Interval.MONTH, adjusted=False
    )
    assert len(monthly) == 5


def test_intraday_pages_one_month_per_request() -> None:
    fake = FakeAlphaVantage()
    client = make(fake)
    start = dt.datetime(2024, 3, 28, tzinfo=dt.UTC)
    end = dt.datetime(2024, 5, 2, 23, tzinfo=dt.UTC)
    query = BarsQuery.of("AAPL", start, end, interval="1hour", adjusted=False)
    pages = list(client.iter_bars(query))
    assert [r.url.params["month"] for r in fake.requests] == ["2024-03", "2024-04", "2024-05"]
    bars = [b for p in pages for b in p]
    assert [b.timestamp for b in bars] == bar_times(start, end, 3600)


def test_http_200_errors_are_typed() -> None:
    fake = FakeAlphaVantage()
    with pytest.raises(AuthenticationError):
        make(fake, key="WRONGKEY999").quote("AAPL")
    with pytest.raises(InvalidRequestError, match="Invalid API call"):
        make(fake).bars("ZZZZ", dt.date(2024, 6, 3), dt.date(2024, 6, 7), adjusted=False)
    with pytest.raises(InvalidRequestError, match="no quote"):
        make(fake).quote("ZZZZ")


def test_server_quota_notes_are_rate_limit_errors_with_the_key_redacted() -> None:
    fake = FakeAlphaVantage(per_minute=2, per_day=3)
    client = make(fake)
    client.quote("AAPL")
    client.quote("AAPL")
    with pytest.raises(RateLimitError) as minute:
        client.quote("AAPL")
    assert minute.value.code == "Note"
    assert minute.value.retry_after == 60.0
    fake.now = 120.0
    client.quote("AAPL")
    with pytest.raises(RateLimitError) as day:
        client.quote("AAPL")
    assert day.value.code == "Information"
    assert day.value.retry_after is None  # a daily quota: do not sit and wait
    assert AV_KEY not in str(day.value)
    assert "***" in str(day.value)


def test_client_side_windows_keep_under_both_quotas() -> None:
    clock = Clock()
    fake = FakeAlphaVantage(per_minute=5, per_day=25, clock=clock)
    client = make(fake, clock, windows=(Window(5, 60), Window(25, 86400)))
    for _ in range(25):
        client.quote("MSFT")  # never trips the server's Note: the client waits instead
    assert len(fake.served) == 25
    assert clock.slept == [60.0] * 4  # one wait per block of five calls
    with pytest.raises(RateLimitError) as info:
        client.quote("MSFT")  # the day is spent: refused at once, nothing sent
    assert len(fake.requests) == 25
    assert info.value.retry_after is not None
    assert info.value.retry_after > 80_000


def test_search() -> None:
    found = make(FakeAlphaVantage()).search("micro")
    assert [(s.symbol, s.name, s.currency) for s in found] == [
        ("MSFT", "Microsoft Corporation", "USD")
    ]


def test_check_body_passes_real_answers() -> None:
    body = {"Global Quote": {"01. symbol": "X"}}
    assert check_body(body) is body
    with pytest.raises(RateLimitError):
        check_body(
            {"Information": f"standard API rate limit is 25 requests per day {uuid.uuid4()}"}
        )
