"""Alpaca ``feed`` values the endpoint would reject are refused before sending (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers.market_data.alpaca import AlpacaMarketData
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET, FakeAlpacaData


def make(fake: FakeAlpacaData, feed: str) -> AlpacaMarketData:
    return AlpacaMarketData(
        ALPACA_KEY_ID,
        ALPACA_SECRET,
        transport=fake.transport,
        rate_limit=None,
        feed=feed,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("feed", ["delayed_sip", "overnight"])
def test_snapshot_only_feeds_are_refused_for_bars_without_a_request(feed: str) -> None:
    fake = FakeAlpacaData()
    client = make(fake, feed)
    with pytest.raises(ValidationError, match="bars endpoint does not accept"):
        client.bars("AAPL", dt.date(2024, 6, 3), dt.date(2024, 6, 7))
    assert fake.requests == []
    assert client.quote("AAPL").price > 0  # the snapshot accepts it
    assert fake.requests[-1].url.params["feed"] == feed


@pytest.mark.parametrize("feed", ["iex", "sip", "otc", "boats"])
def test_bar_feeds_are_sent(feed: str) -> None:
    fake = FakeAlpacaData()
    make(fake, feed).bars("AAPL", dt.date(2024, 6, 3), dt.date(2024, 6, 7))
    assert fake.requests[-1].url.params["feed"] == feed


def test_an_unknown_feed_is_refused_at_construction() -> None:
    with pytest.raises(ValidationError, match="unknown feed"):
        make(FakeAlpacaData(), "nasdaq")
