"""``AlpacaMarketData``: latest quotes, paginated bars and symbol search from Alpaca.

Quotes come from one ``/v2/stocks/{symbol}/snapshot`` call (last trade, bid/ask, day volume);
bars from ``/v2/stocks/{symbol}/bars``, following ``next_page_token`` to the end of the range.
A pair such as ``BTC/USD`` is crypto: it is served by the crypto endpoints
(``/v1beta3/crypto/{loc}/snapshots`` and ``/bars``), priced in the pair's quote currency;
search scans the trading API's ``/v2/assets`` (Alpaca's data API has no search), so it uses the
same keys against the paper or live trading host.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Awaitable, Callable
from typing import Final, Literal

import httpx
from pydantic import TypeAdapter

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.money import validate_currency
from fin_infra.providers._adapt import parse_as
from fin_infra.providers._drive import Op, Stream, run_async, run_sync
from fin_infra.providers._http import (
    DEFAULT_TIMEOUT,
    ApiRequest,
    AsyncHttpClient,
    HttpClient,
    ProviderProfile,
)
from fin_infra.providers._json import parse_model
from fin_infra.providers._paging import CursorGuard
from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.brokerage.alpaca._convert import to_asset
from fin_infra.providers.brokerage.alpaca._profile import ALPACA_RATE_LIMIT, alpaca_profile
from fin_infra.providers.brokerage.alpaca._wire import WireAsset
from fin_infra.providers.errors import InvalidRequestError
from fin_infra.providers.market_data._common import (
    AsyncClientBase,
    SyncClientBase,
    check_limit,
    rank_matches,
)
from fin_infra.providers.market_data.alpaca import _wire as w
from fin_infra.providers.market_data.alpaca._convert import to_bar, to_quote
from fin_infra.providers.market_data.base import BarsQuery, Interval

__all__ = [
    "BAR_FEEDS",
    "CRYPTO_LOCATIONS",
    "DATA_URL",
    "SNAPSHOT_FEEDS",
    "AlpacaMarketData",
    "AlpacaMarketDataCore",
    "AsyncAlpacaMarketData",
]

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
CryptoLocation = Literal["us", "us-1", "us-2", "eu-1", "bs-1"]
CRYPTO_LOCATIONS: Final = frozenset({"us", "us-1", "us-2", "eu-1", "bs-1"})
"""Alpaca's crypto venues (``us`` is Alpaca's own)."""
"""Feeds the bars endpoint accepts (``delayed_sip`` and ``overnight`` are snapshot-only)."""


def rfc3339(value: dt.datetime) -> str:
    """A UTC datetime as RFC 3339 with a ``Z`` suffix, as Alpaca's examples write it."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class AlpacaMarketDataCore:
    """Builds Alpaca data requests and parses responses; no I/O."""

    name = "alpaca"

    def __init__(
        self,
        feed: Feed | None = None,
        page_size: int = MAX_PAGE,
        crypto_location: CryptoLocation = "us",
    ) -> None:
        if feed is not None and feed not in SNAPSHOT_FEEDS:
            raise ValidationError(f"unknown feed {feed!r}; choose from {sorted(SNAPSHOT_FEEDS)}")
        if crypto_location not in CRYPTO_LOCATIONS:
            choices = sorted(CRYPTO_LOCATIONS)
            raise ValidationError(
                f"unknown crypto_location {crypto_location!r}; use one of {choices}"
            )
        self.feed = feed
        self.crypto_location = crypto_location
        self.page_size = max(1, min(page_size, MAX_PAGE))

    @staticmethod
    def _stock(symbol: str) -> str:
        symbol = symbol.strip().upper()
        if "/" in symbol or not symbol:
            raise ValidationError(f"{symbol!r} is not a stock symbol")
        return symbol

    @staticmethod
    def _pair(symbol: str) -> tuple[str, str] | None:
        """``(pair, quote currency)`` for a crypto pair such as ``BTC/USD``; None for a stock."""
        symbol = symbol.strip().upper()
        if "/" not in symbol:
            return None
        base, _, quote = symbol.partition("/")
        if not base or not quote or "/" in quote:
            raise ValidationError(f"{symbol!r} is not a crypto pair such as 'BTC/USD'")
        try:
            validate_currency(quote)
        except ValidationError:
            raise ValidationError(
                f"{symbol!r}: prices are quoted in ISO 4217 currencies here (e.g. BTC/USD)"
            ) from None
        return symbol, quote

    def _params(self, **params: str) -> dict[str, str]:
        if self.feed:
            params["feed"] = self.feed
        return params

    def quote(self, symbol: str) -> Op[Quote]:
        pair = self._pair(symbol)
        if pair is not None:
            return (yield from self._crypto_quote(*pair))
        symbol = self._stock(symbol)
        response = yield ApiRequest("GET", f"/v2/stocks/{symbol}/snapshot", params=self._params())
        return to_quote(symbol, parse_model(response, w.WireSnapshot, self.name))

    def _crypto_quote(self, pair: str, currency: str) -> Op[Quote]:
        response = yield ApiRequest(
            "GET", f"/v1beta3/crypto/{self.crypto_location}/snapshots", params={"symbols": pair}
        )
        snapshot = parse_model(response, w.WireCryptoSnapshots, self.name).snapshots.get(pair)
        if snapshot is None:
            raise InvalidRequestError(
                f"no crypto snapshot for {pair}", provider=self.name, status=404
            )
        return to_quote(pair, snapshot, currency)

    def bar_pages(self, query: BarsQuery) -> Stream[list[Bar]]:
        pair = self._pair(query.symbol)
        if pair is None:
            self._stock(query.symbol)
            if self.feed is not None and self.feed not in BAR_FEEDS:
                raise ValidationError(
                    f"the bars endpoint does not accept feed {self.feed!r}; "
                    f"use one of {sorted(BAR_FEEDS)} for bars"
                )
        token: str | None = None
        guard = CursorGuard(self.name, f"bars of {query.symbol}")
        while True:
            params = {
                "timeframe": _TIMEFRAMES[query.interval],
                "start": rfc3339(query.start),
                "end": rfc3339(query.end),
                "limit": str(self.page_size),
                "sort": "asc",
            }
            if token:
                params["page_token"] = token
            if pair is None:
                params["adjustment"] = "all" if query.adjusted else "raw"
                request = ApiRequest(
                    "GET", f"/v2/stocks/{query.symbol}/bars", params=self._params(**params)
                )
            else:
                params["symbols"] = pair[0]
                request = ApiRequest(
                    "GET", f"/v1beta3/crypto/{self.crypto_location}/bars", params=params
                )
            response = yield request
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("bar_pages was resumed without a response")
            if pair is None:
                wire = parse_model(response, w.WireBarsResponse, self.name)
                yield [to_bar(query.symbol, b) for b in wire.bars or ()]
                token = wire.next_page_token
            else:
                crypto = parse_model(response, w.WireCryptoBarsResponse, self.name)
                yield [to_bar(pair[0], b, pair[1]) for b in crypto.bars.get(pair[0], ())]
                token = crypto.next_page_token
            if not token:
                return
            guard.follow(token)

    def assets(self) -> Op[list[Security]]:
        response = yield ApiRequest(
            "GET", "/v2/assets", params={"status": "active", "asset_class": "us_equity"}
        )
        assets = parse_as(response, _ASSETS, self.name)
        return [to_asset(a).to_security() for a in assets if a.tradable]


def _setup(
    key_id: str,
    secret_key: str,
    *,
    paper: bool,
    feed: Feed | None,
    base_url: str | None,
    trading_base_url: str | None,
    rate_limit: RateLimit | None,
    page_size: int,
    crypto_location: CryptoLocation,
) -> tuple[AlpacaMarketDataCore, ProviderProfile, ProviderProfile]:
    """The core and the (data, trading) profiles both twins share."""
    core = AlpacaMarketDataCore(feed, page_size, crypto_location)
    trading_url = trading_base_url or (PAPER_TRADING_URL if paper else LIVE_TRADING_URL)
    data = alpaca_profile(key_id, secret_key, base_url or DATA_URL, rate_limit)
    trading = alpaca_profile(key_id, secret_key, trading_url, rate_limit)
    return core, data, trading


class AlpacaMarketData(SyncClientBase[AlpacaMarketDataCore]):
    """Blocking Alpaca market-data client; implements ``MarketDataProvider``.

    ``feed`` picks the data feed (``"iex"`` on the free plan, ``"sip"`` with a subscription;
    ``None`` lets Alpaca choose the best one the account may use). ``paper`` says which trading
    host the keys belong to (used only by :meth:`search`). Pairs such as ``BTC/USD`` are served
    by the crypto endpoints at ``crypto_location`` (``"us"``: Alpaca's own venue).
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
        crypto_location: CryptoLocation = "us",
    ) -> None:
        self._core, *profiles = _setup(
            key_id,
            secret_key,
            paper=paper,
            feed=feed,
            base_url=base_url,
            trading_base_url=trading_base_url,
            rate_limit=rate_limit,
            page_size=page_size,
            crypto_location=crypto_location,
        )
        self._http, self._trading = (
            HttpClient(
                profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
            )
            for profile in profiles
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


class AsyncAlpacaMarketData(AsyncClientBase[AlpacaMarketDataCore]):
    """The asyncio twin of :class:`AlpacaMarketData` (same core, same arguments)."""

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
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = ALPACA_RATE_LIMIT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        page_size: int = MAX_PAGE,
        crypto_location: CryptoLocation = "us",
    ) -> None:
        self._core, *profiles = _setup(
            key_id,
            secret_key,
            paper=paper,
            feed=feed,
            base_url=base_url,
            trading_base_url=trading_base_url,
            rate_limit=rate_limit,
            page_size=page_size,
            crypto_location=crypto_location,
        )
        self._http, self._trading = (
            AsyncHttpClient(
                profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
            )
            for profile in profiles
        )

    def __repr__(self) -> str:
        return f"AsyncAlpacaMarketData(feed={self._core.feed!r})"

    async def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Active, tradable US equities whose symbol or name matches ``query``."""
        check_limit(limit)
        return rank_matches(query, await run_async(self._trading, self._core.assets()), limit)

    async def aclose(self) -> None:
        """Close both connection pools."""
        await self._http.aclose()
        await self._trading.aclose()
