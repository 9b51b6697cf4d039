"""``AlpacaMarketData``: latest quotes, paginated bars and symbol search from Alpaca.

Quotes come from one ``/v2/stocks/{symbol}/snapshot`` call (last trade, bid/ask, day volume);
bars from ``/v2/stocks/{symbol}/bars``, following ``next_page_token`` to the end of the range;
search scans the trading API's ``/v2/assets`` (Alpaca's data API has no search), so it uses the
same keys against the paper or live trading host.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Final, Literal

import httpx
from pydantic import TypeAdapter

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers._adapt import parse_as
from fin_infra.providers._drive import Op, Stream, run_sync
from fin_infra.providers._http import DEFAULT_TIMEOUT, ApiRequest, HttpClient
from fin_infra.providers._json import parse_model
from fin_infra.providers._paging import CursorGuard
from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.brokerage.alpaca._convert import to_asset
from fin_infra.providers.brokerage.alpaca._profile import ALPACA_RATE_LIMIT, alpaca_profile
from fin_infra.providers.brokerage.alpaca._wire import WireAsset
from fin_infra.providers.market_data._common import SyncClientBase, check_limit, rank_matches
from fin_infra.providers.market_data.alpaca import _wire as w
from fin_infra.providers.market_data.alpaca._convert import to_bar, to_quote
from fin_infra.providers.market_data.base import BarsQuery, Interval

__all__ = ["BAR_FEEDS", "DATA_URL", "SNAPSHOT_FEEDS", "AlpacaMarketData", "AlpacaMarketDataCore"]

DATA_URL: Final = "https://data.alpaca.markets"
PAPER_TRADING_URL: Final = "https://paper-api.alpaca.markets"
LIVE_TRADING_URL: Final = "https://api.alpaca.markets"
MAX_PAGE: Final = 10_000

_TIMEFRAMES: Final = {
    Interval.MINUTE: "1Min",
    Interval.FIVE_MINUTES: "5Min",
    Interval.FIFTEEN_MINUTES: "15Min",
    Interval.HOUR: "1Hour",
    Interval.DAY: "1Day",
    Interval.WEEK: "1Week",
    Interval.MONTH: "1Month",
}
_ASSETS: Final = TypeAdapter(list[WireAsset])
Feed = Literal["iex", "sip", "delayed_sip", "boats", "overnight", "otc"]
SNAPSHOT_FEEDS: Final = frozenset({"iex", "sip", "delayed_sip", "boats", "overnight", "otc"})
"""Feeds the snapshot (quote) endpoint accepts."""
BAR_FEEDS: Final = frozenset({"iex", "sip", "boats", "otc"})
"""Feeds the bars endpoint accepts (``delayed_sip`` and ``overnight`` are snapshot-only)."""


def rfc3339(value: dt.datetime) -> str:
    """A UTC datetime as RFC 3339 with a ``Z`` suffix, as Alpaca's examples write it."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class AlpacaMarketDataCore:
    """Builds Alpaca data requests and parses responses; no I/O."""

    name = "alpaca"

    def __init__(self, feed: Feed | None = None, page_size: int = MAX_PAGE) -> None:
        if feed is not None and feed not in SNAPSHOT_FEEDS:
            raise ValidationError(f"unknown feed {feed!r}; choose from {sorted(SNAPSHOT_FEEDS)}")
        self.feed = feed
        self.page_size = max(1, min(page_size, MAX_PAGE))

    @staticmethod
    def _stock(symbol: str) -> str:
        symbol = symbol.strip().upper()
        if "/" in symbol or not symbol:
            raise ValidationError(
                f"{symbol!r} is not a stock symbol; Alpaca market data here covers US stocks"
            )
        return symbol

    def _params(self, **params: str) -> dict[str, str]:
        if self.feed:
            params["feed"] = self.feed
        return params

    def quote(self, symbol: str) -> Op[Quote]:
        symbol = self._stock(symbol)
        response = yield ApiRequest("GET", f"/v2/stocks/{symbol}/snapshot", params=self._params())
        return to_quote(symbol, parse_model(response, w.WireSnapshot, self.name))

    def bar_pages(self, query: BarsQuery) -> Stream[list[Bar]]:
        self._stock(query.symbol)
        if self.feed is not None and self.feed not in BAR_FEEDS:
            raise ValidationError(
                f"the bars endpoint does not accept feed {self.feed!r}; "
                f"use one of {sorted(BAR_FEEDS)} for bars"
            )
        token: str | None = None
        guard = CursorGuard(self.name, f"bars of {query.symbol}")
        while True:
            params = self._params(
                timeframe=_TIMEFRAMES[query.interval],
                start=rfc3339(query.start),
                end=rfc3339(query.end),
                limit=str(self.page_size),
                adjustment="all" if query.adjusted else "raw",
                sort="asc",
            )
            if token:
                params["page_token"] = token
            response = yield ApiRequest("GET", f"/v2/stocks/{query.symbol}/bars", params=params)
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("bar_pages was resumed without a response")
            wire = parse_model(response, w.WireBarsResponse, self.name)
            yield [to_bar(query.symbol, b) for b in wire.bars or ()]
            token = wire.next_page_token
            if not token:
                return
            guard.follow(token)

    def assets(self) -> Op[list[Security]]:
        response = yield ApiRequest(
            "GET", "/v2/assets", params={"status": "active", "asset_class": "us_equity"}
        )
        assets = parse_as(response, _ASSETS, self.name)
        return [to_asset(a).to_security() for a in assets if a.tradable]


class AlpacaMarketData(SyncClientBase[AlpacaMarketDataCore]):
    """Blocking Alpaca market-data client; implements ``MarketDataProvider``.

    ``feed`` picks the data feed (``"iex"`` on the free plan, ``"sip"`` with a subscription;
    ``None`` lets Alpaca choose the best one the account may use). ``paper`` says which trading
    host the keys belong to (used only by :meth:`search`).
    """

    name = "alpaca"

    def __init__(
        self,
        key_id: str,
        secret_key: str,
        *,
        paper: bool = True,
        feed: Feed | None = None,
        base_url: str | None = None,
        trading_base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = ALPACA_RATE_LIMIT,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        page_size: int = MAX_PAGE,
    ) -> None:
        self._core = AlpacaMarketDataCore(feed, page_size)
        trading_url = trading_base_url or (PAPER_TRADING_URL if paper else LIVE_TRADING_URL)
        self._http, self._trading = (
            HttpClient(
                alpaca_profile(key_id, secret_key, url, rate_limit),
                transport=transport,
                timeout=timeout,
                retry=retry,
                sleep=sleep,
                rand=rand,
            )
            for url in (base_url or DATA_URL, trading_url)
        )

    def __repr__(self) -> str:
        return f"AlpacaMarketData(feed={self._core.feed!r})"

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Active, tradable US equities whose symbol or name matches ``query``."""
        check_limit(limit)
        return rank_matches(query, run_sync(self._trading, self._core.assets()), limit)

    def close(self) -> None:
        """Close both connection pools."""
        self._http.close()
        self._trading.close()
