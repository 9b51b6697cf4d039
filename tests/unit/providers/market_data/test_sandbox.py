"""The offline sandbox provider: deterministic, exact, consistent bars at every interval."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers import InvalidRequestError
from fin_infra.providers.market_data import BarsQuery, Interval, MarketDataProvider
from fin_infra.providers.market_data.sandbox import CATALOG, SandboxMarketData

AS_OF = dt.datetime(2024, 6, 28, 22, tzinfo=dt.UTC)


@pytest.fixture
def md() -> SandboxMarketData:
    return SandboxMarketData(as_of=AS_OF)


def test_is_a_provider_and_deterministic(md: SandboxMarketData) -> None:
    assert isinstance(md, MarketDataProvider)
    again = SandboxMarketData(as_of=AS_OF)
    assert md.quote("MSFT") == again.quote("MSFT")
    assert md.bars("MSFT", dt.date(2024, 1, 1), dt.date(2024, 3, 1)) == again.bars(
        "MSFT", dt.date(2024, 1, 1), dt.date(2024, 3, 1)
    )
    other_seed = SandboxMarketData(seed=1, as_of=AS_OF)
    assert other_seed.quote("MSFT").price != md.quote("MSFT").price


def test_quote_is_the_last_close_in_cents(md: SandboxMarketData) -> None:
    q = md.quote("AAPL")
    daily = md.bars("AAPL", dt.date(2024, 6, 24), dt.date(2024, 6, 28))
    assert q.price == daily[-1].close
    assert q.price == q.price.quantize(Decimal("0.01"))
    assert (q.bid, q.ask) == (q.price - Decimal("0.01"), q.price + Decimal("0.01"))
    saturday = SandboxMarketData(as_of=AS_OF + dt.timedelta(days=1))
    assert saturday.quote("AAPL").price == q.price  # weekend: Friday's close


def test_stocks_skip_weekends_crypto_does_not(md: SandboxMarketData) -> None:
    week = (dt.date(2024, 6, 17), dt.date(2024, 6, 23))
    assert len(md.bars("SPY", *week)) == 5
    assert len(md.bars("BTC-USD", *week)) == 7


def test_intraday_bars_chain_and_agree_with_the_day(md: SandboxMarketData) -> None:
    day = dt.date(2024, 6, 27)
    minutes = md.bars("AAPL", day, day, interval=Interval.MINUTE)
    assert len(minutes) == 390
    assert all(a.close == b.open for a, b in itertools.pairwise(minutes))
    daily = md.bars("AAPL", day, day)[0]
    assert minutes[-1].close == daily.close
    assert minutes[0].timestamp == dt.datetime(2024, 6, 27, 14, 30, tzinfo=dt.UTC)
    hours = md.bars("AAPL", day, day, interval="1hour")
    assert len(hours) == 7


def test_weekly_and_monthly_bars_aggregate_daily_ones(md: SandboxMarketData) -> None:
    daily = md.bars("VTI", dt.date(2024, 4, 1), dt.date(2024, 5, 31))
    monthly = md.bars("VTI", dt.date(2024, 4, 1), dt.date(2024, 5, 31), interval=Interval.MONTH)
    assert len(monthly) == 2
    april = [b for b in daily if b.date.month == 4]
    assert monthly[0].open == april[0].open
    assert monthly[0].close == april[-1].close
    assert monthly[0].high == max(b.high for b in april)
    assert monthly[0].volume == sum(b.volume for b in april)
    weekly = md.bars("VTI", dt.date(2024, 4, 1), dt.date(2024, 4, 28), interval=Interval.WEEK)
    assert len(weekly) == 4


def test_history_pages_and_stops_at_as_of(md: SandboxMarketData) -> None:
    small = SandboxMarketData(as_of=AS_OF, page_size=100)
    pages = list(small.iter_bars(BarsQuery.of("JPM", dt.date(2020, 1, 1), dt.date(2030, 1, 1))))
    assert all(len(p) == 100 for p in pages[:-1])
    assert pages[-1][-1].date == dt.date(2024, 6, 28)


def test_unknown_symbol_and_bad_arguments(md: SandboxMarketData) -> None:
    with pytest.raises(InvalidRequestError, match="unknown symbol"):
        md.quote("NOPE")
    with pytest.raises(ValidationError, match="interval"):
        md.bars("AAPL", dt.date(2024, 1, 1), interval="2days")
    with pytest.raises(ValidationError, match="before start"):
        md.bars("AAPL", dt.date(2024, 1, 2), dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="timezone"):
        md.bars("AAPL", dt.datetime(2024, 1, 1))
    with pytest.raises(ValidationError):
        md.search("a", limit=0)


def test_search(md: SandboxMarketData) -> None:
    assert [s.symbol for s in md.search("vanguard")] == ["VTI", "BND"]
    assert md.search("btc-usd")[0].name == "Bitcoin"
    assert len(md.search("", limit=100)) == len(CATALOG)
