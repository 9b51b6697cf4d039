"""``PolygonMarketData``: quotes, paginated aggregates and ticker search from Polygon (Massive).

Quotes come from the single-ticker snapshot; bars from ``/v2/aggs/ticker/{ticker}/range/...``,
following ``next_url`` until the range is exhausted; search from ``/v3/reference/tickers``.
The API key travels in an ``Authorization: Bearer`` header (Polygon accepts it as well as the
``apiKey`` query parameter), so it never appears in a URL that httpx or a proxy logs; a
``next_url`` is followed only when it points at the configured host, and any ``apiKey`` in it
is dropped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import time
from collections.abc import Awaitable, Callable
from typing import Final

import httpx

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers._drive import Op, Stream
from fin_infra.providers._http import (
    DEFAULT_TIMEOUT,
    ApiRequest,
    AsyncHttpClient,
    ErrorDetails,
    HttpClient,
    ProviderProfile,
)
from fin_infra.providers._json import parse_model
from fin_infra.providers._paging import CursorGuard
from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.errors import MalformedResponseError
from fin_infra.providers.market_data._common import (
    AsyncSearchingClientBase,
    SearchingClientBase,
)
from fin_infra.providers.market_data.base import BarsQuery, Interval
from fin_infra.providers.market_data.polygon import _wire as w
from fin_infra.providers.market_data.polygon._convert import to_bar, to_quote, to_security

__all__ = [
    "BASE_URL",
    "FREE_TIER",
    "AsyncPolygonMarketData",
    "PolygonMarketData",
    "PolygonMarketDataCore",
]

BASE_URL: Final = "https://api.polygon.io"
FREE_TIER: Final = RateLimit(rate=5 / 60, burst=5)
"""Polygon's free plan: five calls a minute. Paid plans are unlimited (pass ``None``)."""
MAX_PAGE: Final = 50_000

_SPANS: Final = {
    Interval.MINUTE: (1, "minute"),
    Interval.FIVE_MINUTES: (5, "minute"),
    Interval.FIFTEEN_MINUTES: (15, "minute"),
    Interval.HOUR: (1, "hour"),
    Interval.DAY: (1, "day"),
    Interval.WEEK: (1, "week"),
    Interval.MONTH: (1, "month"),
}


def decode_polygon_error(response: httpx.Response) -> ErrorDetails:
    """Polygon errors: ``{"status": "ERROR"|"NOT_AUTHORIZED"|..., "error"|"message", ...}``."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return ErrorDetails(message=response.reason_phrase or "error")
    return ErrorDetails(
        message=str(body.get("error") or body.get("message") or response.reason_phrase),
        code=None if body.get("status") is None else str(body["status"]),
        request_id=body.get("request_id"),
    )


def _millis(value: dt.datetime) -> str:
    delta = value - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return str(delta // dt.timedelta(milliseconds=1))


class PolygonMarketDataCore:
    """Builds Polygon requests and parses responses; no I/O."""

    name = "polygon"

    def __init__(self, api_key: str, base_url: str, page_size: int = MAX_PAGE) -> None:
        del api_key  # sent by the profile's Authorization header, never in a URL
        self.host = httpx.URL(base_url).host
        self.page_size = max(1, min(page_size, MAX_PAGE))

    def _get(self, path: str, params: dict[str, str] | None = None) -> ApiRequest:
        return ApiRequest("GET", path, params=params)

    def _follow(self, next_url: str) -> ApiRequest:
        url = httpx.URL(next_url)
        if url.host != self.host:
            raise MalformedResponseError(
                f"next_url points at {url.host!r}, not {self.host!r}; the key stays here",
                provider=self.name,
            )
        return self._get(url.path, {k: v for k, v in url.params.items() if k != "apiKey"})

    def quote(self, symbol: str) -> Op[Quote]:
        symbol = symbol.strip().upper()
        response = yield self._get(f"/v2/snapshot/locale/us/markets/stocks/tickers/{symbol}")
        return to_quote(symbol, parse_model(response, w.WireSnapshotResponse, self.name).ticker)

    def bar_pages(self, query: BarsQuery) -> Stream[list[Bar]]:
        multiplier, span = _SPANS[query.interval]
        request = self._get(
            f"/v2/aggs/ticker/{query.symbol}/range/{multiplier}/{span}"
            f"/{_millis(query.start)}/{_millis(query.end)}",
            {
                "adjusted": "true" if query.adjusted else "false",
                "sort": "asc",
                "limit": str(self.page_size),
            },
        )
        guard = CursorGuard(self.name, f"bars of {query.symbol}")
        while True:
            response = yield request
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("bar_pages was resumed without a response")
            wire = parse_model(response, w.WireAggsResponse, self.name)
            yield [to_bar(query.symbol, a) for a in wire.results or ()]
            if not wire.next_url:
                return
            request = self._follow(guard.follow(wire.next_url))

    def search(self, query: str, limit: int) -> Op[list[Security]]:
        response = yield self._get(
            "/v3/reference/tickers",
            {"search": query.strip(), "active": "true", "limit": str(min(limit, 1000))},
        )
        wire = parse_model(response, w.WireTickersResponse, self.name)
        return [to_security(t) for t in (wire.results or ())[:limit]]


def _setup(
    api_key: str, base_url: str, rate_limit: RateLimit | None, page_size: int
) -> tuple[PolygonMarketDataCore, ProviderProfile]:
    """The core and profile both twins share (the key goes in a Bearer header)."""
    if not api_key:
        raise ValidationError("PolygonMarketData needs api_key (dashboard > API keys)")
    profile = ProviderProfile(
        name="polygon",
        base_url=base_url,
        headers={"Authorization": f"Bearer {api_key}"},
        secrets=(api_key,),
        decode_error=decode_polygon_error,
        rate_limit=rate_limit,
        rate_limit_key=api_key,
    )
    return PolygonMarketDataCore(api_key, base_url, page_size), profile


class PolygonMarketData(SearchingClientBase[PolygonMarketDataCore]):
    """Blocking Polygon client; implements ``MarketDataProvider``.

    ``rate_limit`` defaults to none (paid plans); pass :data:`FREE_TIER` on the free plan.
    """

    name = "polygon"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        page_size: int = MAX_PAGE,
    ) -> None:
        self._core, profile = _setup(api_key, base_url, rate_limit, page_size)
        self._http = HttpClient(
            profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
        )

    def __repr__(self) -> str:
        return f"PolygonMarketData(host={self._core.host!r})"


class AsyncPolygonMarketData(AsyncSearchingClientBase[PolygonMarketDataCore]):
    """The asyncio twin of :class:`PolygonMarketData` (same core, same arguments)."""

    name = "polygon"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        page_size: int = MAX_PAGE,
    ) -> None:
        self._core, profile = _setup(api_key, base_url, rate_limit, page_size)
        self._http = AsyncHttpClient(
            profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
        )

    def __repr__(self) -> str:
        return f"AsyncPolygonMarketData(host={self._core.host!r})"
