"""``AlphaVantageMarketData``: quotes, daily-to-monthly and intraday bars, symbol search.

Everything is ``GET /query?function=...``. Alpha Vantage reports failures as HTTP 200 bodies;
:func:`check_body` classifies them by their key (``Error Message``, ``Note``, ``Information``)
and the function asked for, never by their wording.
The free plan's two quotas (5 calls a minute, 25 a day) are enforced client-side by a
:class:`~fin_infra.providers._windows.WindowedLimiter`. Intraday history is paged one calendar
month per request (the ``month`` parameter); daily and longer series come whole.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any, Final
from zoneinfo import ZoneInfo

import httpx
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers._drive import Op, Stream
from fin_infra.providers._http import DEFAULT_TIMEOUT, ApiRequest, ProviderProfile
from fin_infra.providers._json import decode_json
from fin_infra.providers._redact import redact
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers._windows import (
    AsyncWindowedHttpClient,
    Window,
    WindowedHttpClient,
    WindowedLimiter,
)
from fin_infra.providers.errors import (
    AuthenticationError,
    InvalidRequestError,
    MalformedResponseError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
)
from fin_infra.providers.market_data._common import (
    AsyncSearchingClientBase,
    SearchingClientBase,
)
from fin_infra.providers.market_data.alphavantage import _wire as w
from fin_infra.providers.market_data.alphavantage._convert import (
    NEW_YORK,
    to_bar,
    to_quote,
    to_security,
)
from fin_infra.providers.market_data.base import BarsQuery, Interval

__all__ = [
    "BASE_URL",
    "FREE_TIER",
    "PREMIUM_FUNCTIONS",
    "AlphaVantageMarketData",
    "AsyncAlphaVantageMarketData",
    "check_body",
]

BASE_URL: Final = "https://www.alphavantage.co"
FREE_TIER: Final = (Window(5, 60.0), Window(25, 86_400.0))
"""The free plan: 5 calls a minute and 25 a day."""
_COMPACT_DAYS: Final = 100
_INTRADAY: Final = {
    Interval.MINUTE: "1min",
    Interval.FIVE_MINUTES: "5min",
    Interval.FIFTEEN_MINUTES: "15min",
    Interval.HOUR: "60min",
}
_SERIES: Final = {
    Interval.DAY: ("TIME_SERIES_DAILY", "Time Series (Daily)"),
    Interval.WEEK: ("TIME_SERIES_WEEKLY", "Weekly Time Series"),
    Interval.MONTH: ("TIME_SERIES_MONTHLY", "Monthly Time Series"),
}
_ADJUSTED_KEYS: Final = {
    Interval.DAY: "Time Series (Daily)",
    Interval.WEEK: "Weekly Adjusted Time Series",
    Interval.MONTH: "Monthly Adjusted Time Series",
}
_QUOTE: Final = TypeAdapter(w.WireGlobalQuote)
_POINTS: Final = TypeAdapter(dict[str, w.WirePoint])
_MATCHES: Final = TypeAdapter(list[w.WireMatch])
_NAME: Final = "alphavantage"


PREMIUM_FUNCTIONS: Final = frozenset(
    {
        "TIME_SERIES_DAILY_ADJUSTED",
        "REALTIME_BULK_QUOTES",
        "REALTIME_OPTIONS",
        "HISTORICAL_OPTIONS",
    }
)
"""Functions a free key may not call: their ``Information`` answer means "premium only"."""


def check_body(
    body: Any, secrets: tuple[str, ...] = (), function: str | None = None
) -> Mapping[str, Any]:
    """``body`` if it is a real answer; the typed error when it is one of the 200-errors.

    The error is chosen by the key Alpha Vantage answered with and by what was asked, never by
    the wording (which Alpha Vantage rewords often):

    * ``Note``: the per-minute frequency limit, :class:`RateLimitError` retrying after 60 s;
    * ``Information`` to a premium-only ``function`` (:data:`PREMIUM_FUNCTIONS`):
      :class:`PermissionDeniedError`; to any other function: a spent quota,
      :class:`RateLimitError` without ``retry_after`` (the daily quota: do not sit and wait);
    * ``Error Message``: :class:`InvalidRequestError` (:class:`AuthenticationError` when the
      message names the ``apikey`` parameter, the one field Alpha Vantage reports by name).

    Alpha Vantage quotes the API key back in some of these messages; ``secrets`` are redacted.

    >>> check_body({"Note": "We have a new limit: slow down please."})
    Traceback (most recent call last):
    ...
    fin_infra.providers.errors.RateLimitError: alphavantage HTTP 200 Note: We have a new limit: \
slow down please.
    """
    if not isinstance(body, dict):
        raise MalformedResponseError("Alpha Vantage answered with a non-object", provider=_NAME)
    key = next((k for k in w.ERROR_KEYS if k in body), None)
    if key is None:
        return body
    message = redact(str(body[key]), secrets)
    cls: type[ProviderError]
    retry_after: float | None = None
    if key == "Error Message":
        cls = AuthenticationError if "apikey" in message.lower() else InvalidRequestError
    elif key == "Information" and function in PREMIUM_FUNCTIONS:
        cls = PermissionDeniedError
    else:
        cls = RateLimitError
        retry_after = 60.0 if key == "Note" else None
    raise cls(message, provider=_NAME, status=200, code=key, retry_after=retry_after)


def _month_starts(start: dt.date, end: dt.date) -> Iterator[str]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class AlphaVantageCore:
    """Builds Alpha Vantage requests and parses answers (200-errors included); no I/O."""

    name = _NAME

    def __init__(
        self,
        api_key: str,
        today: Callable[[], dt.date] = dt.date.today,
        *,
        premium: bool = False,
    ) -> None:
        self._key = api_key
        self._today = today
        self.premium = premium

    def _query(self, **params: str) -> ApiRequest:
        return ApiRequest("GET", "/query", params={**params, "apikey": self._key})

    def _body(self, response: httpx.Response) -> Mapping[str, Any]:
        function = response.request.url.params.get("function")
        return check_body(decode_json(response, self.name), (self._key,), function)

    def _parse(self, adapter: TypeAdapter[Any], value: Any, what: str) -> Any:
        try:
            return adapter.validate_python(value)
        except PydanticValidationError as exc:
            raise MalformedResponseError(
                f"Alpha Vantage {what} does not match ({exc.error_count()} problems)",
                provider=self.name,
            ) from None

    def quote(self, symbol: str) -> Op[Quote]:
        symbol = symbol.strip().upper()
        body = self._body((yield self._query(function="GLOBAL_QUOTE", symbol=symbol)))
        fields = body.get("Global Quote") or {}
        if not fields:
            raise InvalidRequestError(f"no quote for {symbol!r}", provider=self.name, status=404)
        wire = self._parse(_QUOTE, fields, "Global Quote")
        return to_quote(wire)

    def bar_pages(self, query: BarsQuery) -> Stream[list[Bar]]:
        if query.interval in _INTRADAY:
            yield from self._intraday(query)
            return
        function, key = _SERIES[query.interval]
        # Adjusted *daily* series are premium-only; a free key gets the as-traded daily series.
        if query.adjusted and (self.premium or query.interval is not Interval.DAY):
            function += "_ADJUSTED"
            key = _ADJUSTED_KEYS[query.interval]
        params = {"function": function, "symbol": query.symbol}
        if query.interval is Interval.DAY:
            recent = (self._today() - query.start.date()).days <= _COMPACT_DAYS
            params["outputsize"] = "compact" if recent else "full"
        response = yield self._query(**params)
        if response is None:  # pragma: no cover - the drivers answer every request
            raise RuntimeError("bar_pages was resumed without a response")
        yield self._bars(query, self._body(response), key, NEW_YORK)

    def _intraday(self, query: BarsQuery) -> Stream[list[Bar]]:
        interval = _INTRADAY[query.interval]
        for month in _month_starts(query.start.date(), query.end.date()):
            response = yield self._query(
                function="TIME_SERIES_INTRADAY",
                symbol=query.symbol,
                interval=interval,
                month=month,
                outputsize="full",
                adjusted="true" if query.adjusted else "false",
                extended_hours="false",
            )
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("bar_pages was resumed without a response")
            body = self._body(response)
            meta = body.get("Meta Data") or {}
            tz = ZoneInfo(str(meta.get("6. Time Zone") or "US/Eastern"))
            yield self._bars(query, body, f"Time Series ({interval})", tz)

    def _bars(self, query: BarsQuery, body: Mapping[str, Any], key: str, tz: ZoneInfo) -> list[Bar]:
        if key not in body:
            raise MalformedResponseError(f"Alpha Vantage answer has no {key!r}", provider=self.name)
        points = self._parse(_POINTS, body[key], key)
        bars = (to_bar(query.symbol, stamp, p, tz) for stamp, p in points.items())
        return sorted((b for b in bars if query.contains(b)), key=lambda b: b.timestamp)

    def search(self, keywords: str, limit: int) -> Op[list[Security]]:
        body = self._body((yield self._query(function="SYMBOL_SEARCH", keywords=keywords.strip())))
        matches = self._parse(_MATCHES, body.get("bestMatches") or [], "bestMatches")
        return [to_security(m) for m in matches[:limit]]


def _setup(
    api_key: str, base_url: str, today: Callable[[], dt.date], premium: bool
) -> tuple[AlphaVantageCore, ProviderProfile]:
    """The core and profile both twins share."""
    if not api_key:
        raise ValidationError("AlphaVantageMarketData needs api_key (alphavantage.co/support)")
    profile = ProviderProfile(name=_NAME, base_url=base_url, secrets=(api_key,))
    return AlphaVantageCore(api_key, today, premium=premium), profile


class AlphaVantageMarketData(SearchingClientBase[AlphaVantageCore]):
    """Blocking Alpha Vantage client; implements ``MarketDataProvider``.

    Daily bars come from ``TIME_SERIES_DAILY``, which a free key may call (prices as traded);
    pass ``premium=True`` on a premium plan to get split- and dividend-adjusted daily bars from
    ``TIME_SERIES_DAILY_ADJUSTED``. Weekly and monthly bars are adjusted on every plan.

    ``windows`` are the plan's quotas (the free plan's by default; pass e.g.
    ``(Window(75, 60),)`` for a premium plan, or ``()`` for none). They are kept by a limiter
    shared in the process by every client with the same key; pass ``limiter`` to use your own.
    """

    name = _NAME

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = BASE_URL,
        windows: tuple[Window, ...] = FREE_TIER,
        max_wait: float = 60.0,
        limiter: WindowedLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        today: Callable[[], dt.date] = dt.date.today,
        premium: bool = False,
    ) -> None:
        self._core, profile = _setup(api_key, base_url, today, premium)
        self._http = WindowedHttpClient(
            profile,
            limiter,
            windows=windows,
            credential=api_key,
            max_wait=max_wait,
            transport=transport,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            rand=rand,
        )

    def __repr__(self) -> str:
        return "AlphaVantageMarketData()"


class AsyncAlphaVantageMarketData(AsyncSearchingClientBase[AlphaVantageCore]):
    """The asyncio twin of :class:`AlphaVantageMarketData` (same core, quotas and arguments)."""

    name = _NAME

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = BASE_URL,
        windows: tuple[Window, ...] = FREE_TIER,
        max_wait: float = 60.0,
        limiter: WindowedLimiter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        today: Callable[[], dt.date] = dt.date.today,
        premium: bool = False,
    ) -> None:
        self._core, profile = _setup(api_key, base_url, today, premium)
        self._http = AsyncWindowedHttpClient(
            profile,
            limiter,
            windows=windows,
            credential=api_key,
            max_wait=max_wait,
            transport=transport,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            rand=rand,
        )

    def __repr__(self) -> str:
        return "AsyncAlphaVantageMarketData()"
