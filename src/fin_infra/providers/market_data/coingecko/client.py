"""``CoinGeckoMarketData``: crypto prices and history from CoinGecko.

Symbols may be a ticker (``BTC``), a pair (``BTC-USD``, ``ETH/EUR``) or a CoinGecko coin id
(``bitcoin``); tickers are resolved with ``/search`` to the highest-ranked coin carrying that
ticker (remembered per client). Quotes come from ``/simple/price``; bars are built from
``/coins/{id}/market_chart/range`` samples, fetched in 90-day pages so every page has hourly
samples. The quote currency must be an ISO 4217 code (USD, EUR...).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, Final

import httpx

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.money import validate_currency
from fin_infra.providers._drive import Op, Stream
from fin_infra.providers._http import DEFAULT_TIMEOUT, ApiRequest, ErrorDetails, ProviderProfile
from fin_infra.providers._json import decode_json, parse_model
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers._windows import (
    AsyncWindowedHttpClient,
    Window,
    WindowedHttpClient,
    WindowedLimiter,
)
from fin_infra.providers.errors import InvalidRequestError, MalformedResponseError
from fin_infra.providers.market_data._common import (
    AsyncSearchingClientBase,
    SearchingClientBase,
)
from fin_infra.providers.market_data.base import BarsQuery, Interval
from fin_infra.providers.market_data.coingecko import _wire as w
from fin_infra.providers.market_data.coingecko._convert import join, to_bars, to_security

__all__ = [
    "DEMO_PLAN",
    "PRO_URL",
    "PUBLIC_URL",
    "AsyncCoinGeckoMarketData",
    "CoinGeckoMarketData",
    "split_pair",
]

PUBLIC_URL: Final = "https://api.coingecko.com"
PRO_URL: Final = "https://pro-api.coingecko.com"
DEMO_PLAN: Final = (Window(30, 60.0), Window(10_000, 30 * 86_400.0))
"""The free demo plan: 30 calls a minute and 10,000 a month."""
PAGE: Final = dt.timedelta(days=90)
_NAME: Final = "coingecko"


def split_pair(symbol: str, default_quote: str = "USD") -> tuple[str, str]:
    """``("BTC", "USD")`` from ``"btc-usd"``, ``"BTC/USD"`` or ``"BTC"``.

    >>> split_pair("eth/eur"), split_pair("bitcoin")
    (('ETH', 'EUR'), ('BITCOIN', 'USD'))
    """
    text = symbol.strip().upper().replace("/", "-")
    base, _, quote = text.partition("-")
    if not base:
        raise ValidationError("symbol must not be empty")
    return base, validate_currency(quote or default_quote)


def decode_coingecko_error(response: httpx.Response) -> ErrorDetails:
    """``{"error": ...}`` or ``{"status": {"error_code", "error_message"}}``."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    message, code = response.reason_phrase or "error", None
    if isinstance(body, dict):
        status = body.get("status")
        if isinstance(status, dict):
            message = str(status.get("error_message") or message)
            code = None if status.get("error_code") is None else str(status["error_code"])
        elif body.get("error"):
            message = str(body["error"])
    return ErrorDetails(message=message, code=code)


class CoinGeckoCore:
    """Builds CoinGecko requests and parses responses; no I/O."""

    name = _NAME

    def __init__(self) -> None:
        self._ids: dict[str, tuple[str, str]] = {}

    def coin_id(self, base: str) -> Op[tuple[str, str]]:
        """``(coin id, ticker)`` for a ticker or coin id, via ``/search`` (memoized)."""
        if base in self._ids:
            return self._ids[base]
        response = yield ApiRequest("GET", "/api/v3/search", params={"query": base.lower()})
        coins = parse_model(response, w.WireSearch, self.name).coins
        ranked = sorted(coins, key=lambda c: c.market_cap_rank or 10**9)
        match = next((c for c in ranked if c.symbol.upper() == base), None) or next(
            (c for c in ranked if c.id.upper() == base), None
        )
        if match is None:
            raise InvalidRequestError(
                f"CoinGecko knows no coin {base!r}", provider=self.name, status=404
            )
        self._ids[base] = (match.id, match.symbol.upper())
        return self._ids[base]

    def quote(self, symbol: str) -> Op[Quote]:
        base, vs = split_pair(symbol)
        coin, ticker = yield from self.coin_id(base)
        response = yield ApiRequest(
            "GET",
            "/api/v3/simple/price",
            params={
                "ids": coin,
                "vs_currencies": vs.lower(),
                "include_24hr_vol": "true",
                "include_last_updated_at": "true",
                "precision": "full",
            },
        )
        body: Any = decode_json(response, self.name)
        entry = body.get(coin) if isinstance(body, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get(vs.lower()), Decimal | int):
            raise MalformedResponseError(f"no {vs} price for {coin!r}", provider=self.name)
        price = Decimal(entry[vs.lower()])
        updated = entry.get("last_updated_at")
        stamp = (
            dt.datetime.fromtimestamp(updated, dt.UTC)
            if isinstance(updated, int)
            else dt.datetime.now(dt.UTC)
        )
        volume = entry.get(f"{vs.lower()}_24h_vol")
        return Quote(
            symbol=f"{ticker}-{vs}",
            price=price,
            currency=vs,
            timestamp=stamp,
            volume=Decimal(volume) if isinstance(volume, Decimal | int) else None,
            source=self.name,
        )

    def bar_pages(self, query: BarsQuery) -> Stream[list[Bar]]:
        if query.interval.seconds < Interval.HOUR.seconds:
            raise ValidationError("CoinGecko history is hourly at best; use 1hour or longer")
        base, vs = split_pair(query.symbol)
        coin, ticker = yield from self.coin_id(base)
        lo, held = query.start, None  # the last bar of a page may continue on the next one
        while lo <= query.end:
            hi = min(lo + PAGE, query.end)
            response = yield ApiRequest(
                "GET",
                f"/api/v3/coins/{coin}/market_chart/range",
                params={
                    "vs_currency": vs.lower(),
                    "from": str(int(lo.timestamp())),
                    "to": str(int(hi.timestamp())),
                    "precision": "full",
                },
            )
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("bar_pages was resumed without a response")
            chart = parse_model(response, w.WireChart, self.name)
            bars = [
                b
                for b in to_bars(f"{ticker}-{vs}", chart.prices, query.interval, vs)
                if query.contains(b)
            ]
            if held is not None:
                if bars and bars[0].timestamp == held.timestamp:
                    bars[0] = join(held, bars[0])
                else:
                    bars.insert(0, held)
            held = bars.pop() if bars else None
            yield bars
            lo = hi + dt.timedelta(seconds=1)
        if held is not None:
            yield [held]

    def search(self, query: str, limit: int) -> Op[list[Security]]:
        response = yield ApiRequest("GET", "/api/v3/search", params={"query": query.strip()})
        coins = parse_model(response, w.WireSearch, self.name).coins
        return [to_security(c) for c in coins[:limit]]


def _setup(api_key: str | None, pro: bool, base_url: str | None) -> ProviderProfile:
    """The profile both twins share: which host, which key header."""
    if pro and not api_key:
        raise ValidationError("the CoinGecko pro API needs api_key")
    headers = {}
    if api_key:
        headers["x-cg-pro-api-key" if pro else "x-cg-demo-api-key"] = api_key
    return ProviderProfile(
        name=_NAME,
        base_url=base_url or (PRO_URL if pro else PUBLIC_URL),
        headers=headers,
        secrets=(api_key,) if api_key else (),
        decode_error=decode_coingecko_error,
    )


class CoinGeckoMarketData(SearchingClientBase[CoinGeckoCore]):
    """Blocking CoinGecko client; implements ``MarketDataProvider`` for crypto.

    Without ``api_key`` it uses the public API; a demo key goes in ``x-cg-demo-api-key``, a pro
    key (``pro=True``) in ``x-cg-pro-api-key`` against the pro host.
    """

    name = _NAME

    def __init__(
        self,
        api_key: str | None = None,
        *,
        pro: bool = False,
        base_url: str | None = None,
        windows: tuple[Window, ...] = DEMO_PLAN,
        limiter: WindowedLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._core = CoinGeckoCore()
        self._http = WindowedHttpClient(
            _setup(api_key, pro, base_url),
            limiter,
            windows=windows,
            credential=api_key or "public",
            transport=transport,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            rand=rand,
        )

    def __repr__(self) -> str:
        return f"CoinGeckoMarketData(base_url={self._http.core.base_url!r})"


class AsyncCoinGeckoMarketData(AsyncSearchingClientBase[CoinGeckoCore]):
    """The asyncio twin of :class:`CoinGeckoMarketData` (same core, quotas and arguments)."""

    name = _NAME

    def __init__(
        self,
        api_key: str | None = None,
        *,
        pro: bool = False,
        base_url: str | None = None,
        windows: tuple[Window, ...] = DEMO_PLAN,
        limiter: WindowedLimiter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._core = CoinGeckoCore()
        self._http = AsyncWindowedHttpClient(
            _setup(api_key, pro, base_url),
            limiter,
            windows=windows,
            credential=api_key or "public",
            transport=transport,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            rand=rand,
        )

    def __repr__(self) -> str:
        return f"AsyncCoinGeckoMarketData(base_url={self._http.core.base_url!r})"
