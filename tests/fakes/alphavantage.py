"""A stateful fake of Alpha Vantage's ``/query`` endpoint, quirks included.

Like the real service it answers *every* failure with HTTP 200: ``Error Message`` for a bad
call or key, ``Note`` when the per-minute quota is spent, ``Information`` when the daily quota
is spent (quoting the key back) or a premium function is called on a free key. Quotas are
counted per key on the fake's own clock, so tests can show the client never trips them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.fakes.market import bar_times, ohlcv
from tests.fakes.wire import WireFake

AV_KEY = "FAKEAVKEY1234567"
NEW_YORK = ZoneInfo("America/New_York")
_FUNCTIONS = {
    "GLOBAL_QUOTE": ("symbol",),
    "SYMBOL_SEARCH": ("keywords",),
    "TIME_SERIES_DAILY": ("symbol",),
    "TIME_SERIES_DAILY_ADJUSTED": ("symbol",),
    "TIME_SERIES_WEEKLY": ("symbol",),
    "TIME_SERIES_WEEKLY_ADJUSTED": ("symbol",),
    "TIME_SERIES_MONTHLY": ("symbol",),
    "TIME_SERIES_MONTHLY_ADJUSTED": ("symbol",),
    "TIME_SERIES_INTRADAY": ("symbol", "interval"),
}
_PREMIUM = {"TIME_SERIES_DAILY_ADJUSTED"}


def _s(x: float | int) -> str:
    return f"{x:.4f}"


class FakeAlphaVantage(WireFake):
    """``GET /query?function=...`` with per-minute and per-day quotas per key."""

    def __init__(
        self,
        *,
        per_minute: int = 5,
        per_day: int = 25,
        premium: bool = False,
        today: dt.date = dt.date(2024, 6, 28),
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(None)
        self.per_minute, self.per_day, self.premium = per_minute, per_day, premium
        self.today = today
        self.now = 0.0
        self.clock = clock or (lambda: self.now)
        self.served: list[float] = []
        self.symbols = {"AAPL": "Apple Inc", "MSFT": "Microsoft Corporation", "IBM": "IBM"}
        self.route(r"GET /query", self._query)

    def _query(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        q = request.url.params
        if q.get("apikey") != AV_KEY:
            return self._ok(
                {
                    "Error Message": "the parameter apikey is invalid or missing. Please claim "
                    "your free API key on (https://www.alphavantage.co/support/#api-key)."
                }
            )
        now = self.clock()
        if sum(1 for t in self.served if t > now - 86400) >= self.per_day:
            return self._ok(
                {
                    "Information": f"We have detected your API key as {AV_KEY} and our standard "
                    f"API rate limit is {self.per_day} requests per day. Please subscribe to any "
                    "of the premium plans to instantly remove all daily rate limits."
                }
            )
        if sum(1 for t in self.served if t > now - 60) >= self.per_minute:
            return self._ok(
                {
                    "Note": "Thank you for using Alpha Vantage! Our standard API call frequency "
                    f"is {self.per_minute} calls per minute and {self.per_day} calls per day."
                }
            )
        self.served.append(now)
        function = q.get("function", "")
        required = _FUNCTIONS.get(function)
        if required is None or any(p not in q for p in required):
            return self._invalid(function)
        if function in _PREMIUM and not self.premium:
            return self._ok(
                {
                    "Information": "Thank you for using Alpha Vantage! This is a premium "
                    "endpoint. You may subscribe to any of the premium plans to instantly "
                    "unlock all premium endpoints"
                }
            )
        if function == "SYMBOL_SEARCH":
            return self._search(q["keywords"])
        if function == "GLOBAL_QUOTE":
            return self._quote(q["symbol"])
        if q["symbol"] not in self.symbols:
            return self._invalid(function)
        if function == "TIME_SERIES_INTRADAY":
            return self._intraday(q["symbol"], q["interval"], q.get("month"))
        return self._series(function, q["symbol"], q.get("outputsize", "compact"))

    def _ok(self, body: Any) -> httpx.Response:
        return httpx.Response(200, json=body)

    def _invalid(self, function: str) -> httpx.Response:
        return self._ok(
            {
                "Error Message": "Invalid API call. Please retry or visit the documentation "
                f"(https://www.alphavantage.co/documentation/) for {function}."
            }
        )

    def _quote(self, symbol: str) -> httpx.Response:
        if symbol not in self.symbols:
            return self._ok({"Global Quote": {}})
        bar = ohlcv(symbol, dt.datetime.combine(self.today, dt.time(4), tzinfo=dt.UTC))
        return self._ok(
            {
                "Global Quote": {
                    "01. symbol": symbol,
                    "02. open": _s(bar["o"]),
                    "03. high": _s(bar["h"]),
                    "04. low": _s(bar["l"]),
                    "05. price": _s(bar["c"]),
                    "06. volume": str(bar["v"]),
                    "07. latest trading day": self.today.isoformat(),
                    "08. previous close": _s(bar["o"]),
                    "09. change": "0.0000",
                    "10. change percent": "0.0000%",
                }
            }
        )

    def _search(self, keywords: str) -> httpx.Response:
        needle = keywords.lower()
        matches = [
            {
                "1. symbol": symbol,
                "2. name": name,
                "3. type": "Equity",
                "4. region": "United States",
                "5. marketOpen": "09:30",
                "6. marketClose": "16:00",
                "7. timezone": "UTC-04",
                "8. currency": "USD",
                "9. matchScore": "1.0000",
            }
            for symbol, name in self.symbols.items()
            if needle in symbol.lower() or needle in name.lower()
        ]
        return self._ok({"bestMatches": matches})

    def _point(self, symbol: str, t: dt.datetime, adjusted: bool) -> dict[str, str]:
        bar = ohlcv(symbol, t)
        point = {
            "1. open": _s(bar["o"]),
            "2. high": _s(bar["h"]),
            "3. low": _s(bar["l"]),
            "4. close": _s(bar["c"]),
        }
        if adjusted:
            point["5. adjusted close"] = _s(bar["c"] / 2)
            point["6. volume"] = str(bar["v"])
            point["7. dividend amount"] = "0.0000"
            point["8. split coefficient"] = "1.0"
        else:
            point["5. volume"] = str(bar["v"])
        return point

    def _series(self, function: str, symbol: str, size: str) -> httpx.Response:
        adjusted = function.endswith("_ADJUSTED")
        days = 100 if size == "compact" and function.startswith("TIME_SERIES_DAILY") else 2000
        end = dt.datetime.combine(self.today, dt.time(0), tzinfo=dt.UTC)
        times = bar_times(end - dt.timedelta(days=days * 7 // 5), end, 86400)[-days:]
        if "WEEKLY" in function:
            times = [t for t in times if t.weekday() == 4]
        elif "MONTHLY" in function:
            times = [
                t
                for t, n in zip(times, [*times[1:], None], strict=True)
                if n is None or n.month != t.month
            ]
        key = {
            "TIME_SERIES_DAILY": "Time Series (Daily)",
            "TIME_SERIES_DAILY_ADJUSTED": "Time Series (Daily)",
            "TIME_SERIES_WEEKLY": "Weekly Time Series",
            "TIME_SERIES_WEEKLY_ADJUSTED": "Weekly Adjusted Time Series",
            "TIME_SERIES_MONTHLY": "Monthly Time Series",
            "TIME_SERIES_MONTHLY_ADJUSTED": "Monthly Adjusted Time Series",
        }[function]
        series = {t.date().isoformat(): self._point(symbol, t, adjusted) for t in reversed(times)}
        meta = {"1. Information": "Daily Prices", "2. Symbol": symbol, "5. Time Zone": "US/Eastern"}
        return self._ok({"Meta Data": meta, key: series})

    def _intraday(self, symbol: str, interval: str, month: str | None) -> httpx.Response:
        minutes = int(interval.removesuffix("min"))
        year, mon = map(int, (month or self.today.strftime("%Y-%m")).split("-"))
        first = dt.datetime(year, mon, 1, tzinfo=dt.UTC)
        nxt = dt.datetime(year + mon // 12, mon % 12 + 1, 1, tzinfo=dt.UTC)
        series = {}
        for t in reversed(bar_times(first, nxt - dt.timedelta(seconds=1), minutes * 60)):
            local = t.astimezone(NEW_YORK).replace(tzinfo=None)
            series[local.isoformat(sep=" ")] = self._point(symbol, t, False)
        meta = {
            "1. Information": f"Intraday ({interval}) open, high, low, close prices and volume",
            "2. Symbol": symbol,
            "4. Interval": interval,
            "6. Time Zone": "US/Eastern",
        }
        return self._ok({"Meta Data": meta, f"Time Series ({interval})": series})
