"""Stateful fakes of the Alpaca Market Data and Polygon REST servers (their real JSON).

Both price any symbol in ``symbols`` from one deterministic generator, so a test can compare
what two vendors return. Bars are served in pages the way each vendor pages: Alpaca with an
opaque ``next_page_token`` (echoed back as ``page_token``), Polygon with a ``next_url`` that
carries a ``cursor`` and leaves the API key off.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import Any

import httpx

from tests.fakes.contract import QueryContract
from tests.fakes.wire import WireFake

ALPACA_KEY_ID = "PKFAKEKEYID0000000001"
ALPACA_SECRET = "fake-alpaca-secret-0f7c2d9e4b1a"
POLYGON_KEY = "fake-polygon-key-8c3e1a77d2"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
STEPS = {"Min": 60, "Hour": 3600, "Day": 86400, "Week": 7 * 86400, "Month": 31 * 86400}


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:6], "big")


def ohlcv(symbol: str, ts: dt.datetime) -> dict[str, Any]:
    """The deterministic bar of ``symbol`` starting at ``ts`` (prices with up to 4 decimals)."""
    base = 10_000 + _h(symbol) % 40_000
    o = base + _h(symbol, ts, "o") % 500
    c = base + _h(symbol, ts, "c") % 500
    hi = max(o, c) + _h(symbol, ts, "h") % 50
    lo = min(o, c) - _h(symbol, ts, "l") % 50
    return {
        "o": o / 100,
        "h": hi / 100,
        "l": lo / 100,
        "c": c / 100,
        "v": 1000 + _h(symbol, ts, "v") % 100_000,
        "vw": (lo + (hi - lo) // 2) / 100 + 0.0013,
        "n": 10 + _h(symbol, ts) % 1000,
    }


def bar_times(start: dt.datetime, end: dt.datetime, step: int) -> list[dt.datetime]:
    """Bar start times in ``[start, end]``: weekdays only, intraday within 13:30-20:00 UTC."""
    first = EPOCH + dt.timedelta(seconds=-(-int((start - EPOCH).total_seconds()) // step) * step)
    out, t = [], first
    while t <= end:
        intraday_ok = step >= 86400 or dt.time(13, 30) <= t.time() < dt.time(20)
        if t.weekday() < 5 and intraday_ok:
            out.append(t)
        t += dt.timedelta(seconds=step)
    return out


def _token(i: int) -> str:
    return base64.b64encode(f"offset:{i}".encode()).decode()


def _untoken(token: str) -> int:
    return int(base64.b64decode(token).decode().split(":")[1])


class AlpacaAuth(WireFake):
    """Alpaca's key-pair headers and ``{"code", "message"}`` error bodies (both hosts)."""

    def authorized(self, request: httpx.Request) -> bool:
        return (
            request.headers.get("APCA-API-KEY-ID") == ALPACA_KEY_ID
            and request.headers.get("APCA-API-SECRET-KEY") == ALPACA_SECRET
        )

    def error_body(self, status: int, message: str) -> Any:
        return {"code": status * 100_000, "message": message}


class FakeAlpacaData(AlpacaAuth):
    """Alpaca's data API (snapshots, bars) plus the trading API's ``/v2/assets`` for search."""

    def __init__(
        self, contract: QueryContract | None = None, symbols: tuple[str, ...] = ()
    ) -> None:
        super().__init__(contract)
        self.symbols = set(symbols or ("AAPL", "MSFT", "SPY"))
        self.assets = [
            _asset("AAPL", "Apple Inc. Common Stock"),
            _asset("AAPB", "GraniteShares 2x Long AAPL Daily ETF"),
            _asset("MSFT", "Microsoft Corporation Common Stock"),
            _asset("SPY", "SPDR S&P 500 ETF Trust", tradable=False),
        ]
        self.route(r"GET /v2/stocks/(?P<sym>[^/]+)/snapshot", self._snapshot)
        self.route(r"GET /v2/stocks/(?P<sym>[^/]+)/bars", self._bars)
        self.route(r"GET /v2/assets", self._assets)
        self.crypto = {"BTC/USD", "ETH/USD"}
        self.route(r"GET /v1beta3/crypto/(?P<loc>[^/]+)/snapshots", self._crypto_snapshots)
        self.route(r"GET /v1beta3/crypto/(?P<loc>[^/]+)/bars", self._crypto_bars)

    def _unknown(self, sym: str) -> httpx.Response:
        return httpx.Response(404, json=self.error_body(404, f"symbol {sym} not found"))

    def _snapshot(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        sym = m["sym"]
        if sym not in self.symbols:
            return self._unknown(sym)
        day = dt.datetime(2024, 6, 28, 4, tzinfo=dt.UTC)
        bar = ohlcv(sym, day)
        return httpx.Response(
            200,
            json={
                "symbol": sym,
                "latestTrade": {
                    "t": "2024-06-28T19:59:59.123456789Z",
                    "x": "V",
                    "p": bar["c"],
                    "s": 100,
                    "c": ["@"],
                    "i": 52983525029461,
                    "z": "C",
                },
                "latestQuote": {
                    "t": "2024-06-28T19:59:59.5Z",
                    "ax": "V",
                    "ap": bar["c"] + 0.02,
                    "as": 3,
                    "bx": "V",
                    "bp": bar["c"] - 0.01,
                    "bs": 2,
                    "c": ["R"],
                    "z": "C",
                },
                "dailyBar": {"t": "2024-06-28T04:00:00Z", **bar},
                "minuteBar": {"t": "2024-06-28T19:59:00Z", **bar},
                "prevDailyBar": {"t": "2024-06-27T04:00:00Z", **bar},
            },
        )

    def _bars(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        sym, q = m["sym"], request.url.params
        if sym not in self.symbols:
            return self._unknown(sym)
        tf = re.fullmatch(r"(\d+)(Min|Hour|Day|Week|Month)", q["timeframe"])
        if tf is None:
            return httpx.Response(422, json=self.error_body(422, "invalid timeframe"))
        step = int(tf[1]) * STEPS[tf[2]]
        start = dt.datetime.fromisoformat(q["start"])
        end = dt.datetime.fromisoformat(q["end"])
        times = bar_times(start, end, step)
        offset = _untoken(q["page_token"]) if "page_token" in q else 0
        limit = int(q.get("limit", "1000"))
        page = times[offset : offset + limit]
        more = offset + limit < len(times)
        bars = [{"t": t.isoformat().replace("+00:00", "Z"), **ohlcv(sym, t)} for t in page]
        return httpx.Response(
            200,
            json={
                "symbol": sym,
                "bars": bars,
                "next_page_token": _token(offset + limit) if more else None,
            },
        )

    def _assets(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        return httpx.Response(200, json=self.assets)

    def _crypto_snapshots(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        snapshots = {}
        for pair in request.url.params["symbols"].split(","):
            if pair not in self.crypto:
                continue  # Alpaca leaves unknown pairs out of the map
            bar = ohlcv(pair, dt.datetime(2024, 6, 28, tzinfo=dt.UTC))
            snapshots[pair] = {
                "dailyBar": {"t": "2024-06-28T00:00:00Z", **bar},
                "latestQuote": {
                    "ap": bar["c"] + 1,
                    "as": 0.395,
                    "bp": bar["c"] - 1,
                    "bs": 0.4,
                    "t": "2024-06-28T11:55:58.507608832Z",
                },
                "latestTrade": {
                    "i": 32396097,
                    "p": bar["c"],
                    "s": 0.0543,
                    "t": "2024-06-28T11:53:45.027481Z",
                    "tks": "B",
                },
            }
        return httpx.Response(200, json={"snapshots": snapshots})

    def _crypto_bars(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        q = request.url.params
        pair = q["symbols"]
        tf = re.fullmatch(r"(\d+)(Min|Hour|Day|Week|Month)", q["timeframe"])
        if tf is None:
            return httpx.Response(400, json=self.error_body(400, "invalid timeframe"))
        step = int(tf[1]) * STEPS[tf[2]]
        start, end = dt.datetime.fromisoformat(q["start"]), dt.datetime.fromisoformat(q["end"])
        first = EPOCH + dt.timedelta(
            seconds=-(-int((start - EPOCH).total_seconds()) // step) * step
        )
        times = []  # crypto trades around the clock, weekends included
        t = first
        while t <= end:
            times.append(t)
            t += dt.timedelta(seconds=step)
        offset = _untoken(q["page_token"]) if "page_token" in q else 0
        limit = int(q.get("limit", "1000"))
        page = times[offset : offset + limit] if pair in self.crypto else []
        more = offset + limit < len(times) and pair in self.crypto
        bars = [{"t": t.isoformat().replace("+00:00", "Z"), **ohlcv(pair, t)} for t in page]
        return httpx.Response(
            200,
            json={
                "bars": {pair: bars} if bars else {},
                "next_page_token": _token(offset + limit) if more else None,
            },
        )


def _asset(symbol: str, name: str, tradable: bool = True) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-4000-8000-{_h(symbol) % 10**12:012d}",
        "class": "us_equity",
        "exchange": "NASDAQ",
        "symbol": symbol,
        "name": name,
        "status": "active",
        "tradable": tradable,
        "marginable": True,
        "shortable": True,
        "easy_to_borrow": True,
        "fractionable": True,
        "attributes": [],
    }


class FakePolygon(WireFake):
    """Polygon's snapshot, aggregates (``next_url`` paging) and reference-tickers endpoints."""

    def __init__(
        self, contract: QueryContract | None = None, symbols: tuple[str, ...] = ()
    ) -> None:
        super().__init__(contract)
        self.symbols = set(symbols or ("AAPL", "MSFT", "SPY"))
        self.next_host: str | None = None
        self.route(
            r"GET /v2/snapshot/locale/us/markets/stocks/tickers/(?P<sym>[^/]+)", self._snapshot
        )
        self.route(
            r"GET /v2/aggs/ticker/(?P<sym>[^/]+)/range/(?P<mult>\d+)/(?P<span>\w+)"
            r"/(?P<frm>\d+)/(?P<to>\d+)",
            self._aggs,
        )
        self.route(r"GET /v3/reference/tickers", self._tickers)

    def authorized(self, request: httpx.Request) -> bool:
        # Polygon accepts the key as ``Authorization: Bearer`` or as the ``apiKey`` parameter.
        bearer = request.headers.get("Authorization") == f"Bearer {POLYGON_KEY}"
        return bearer or request.url.params.get("apiKey") == POLYGON_KEY

    def error_body(self, status: int, message: str) -> Any:
        kind = {401: "NOT_AUTHORIZED", 404: "NOT_FOUND", 429: "ERROR"}.get(status, "ERROR")
        return {"status": kind, "request_id": f"req-{status}", "error": message}

    def _snapshot(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        sym = m["sym"]
        if sym not in self.symbols:
            return httpx.Response(404, json=self.error_body(404, "Ticker not found."))
        bar = ohlcv(sym, dt.datetime(2024, 6, 28, 4, tzinfo=dt.UTC))
        day = {k: bar[k] for k in ("o", "h", "l", "c", "v", "vw")}
        return httpx.Response(
            200,
            json={
                "status": "OK",
                "request_id": "snap-1",
                "ticker": {
                    "ticker": sym,
                    "day": day,
                    "prevDay": day,
                    "lastQuote": {
                        "P": bar["c"] + 0.02,
                        "S": 3,
                        "p": bar["c"] - 0.01,
                        "s": 2,
                        "t": 1719604799500000000,
                    },
                    "lastTrade": {
                        "c": [14, 41],
                        "i": "4046",
                        "p": bar["c"],
                        "s": 100,
                        "t": 1719604799123456789,
                        "x": 10,
                    },
                    "todaysChange": 0.5,
                    "todaysChangePerc": 0.2,
                    "updated": 1719604799123456789,
                },
            },
        )

    def _aggs(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        sym, q = m["sym"], request.url.params
        if sym not in self.symbols:
            return httpx.Response(
                200,
                json={
                    "ticker": sym,
                    "status": "OK",
                    "adjusted": True,
                    "queryCount": 0,
                    "resultsCount": 0,
                    "request_id": "aggs-0",
                },
            )
        span = {"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}[m["span"]]
        start = EPOCH + dt.timedelta(milliseconds=int(m["frm"]))
        end = EPOCH + dt.timedelta(milliseconds=int(m["to"]))
        times = bar_times(start, end, int(m["mult"]) * span)
        offset, limit, adjusted = 0, int(q.get("limit", "5000")), q.get("adjusted", "true")
        if "cursor" in q:  # Polygon's cursor carries the whole query; nothing else is sent
            state = dict(
                p.split("=") for p in base64.urlsafe_b64decode(q["cursor"]).decode().split("&")
            )
            offset, limit, adjusted = int(state["offset"]), int(state["limit"]), state["adjusted"]
        page = times[offset : offset + limit]
        payload: dict[str, Any] = {
            "ticker": sym,
            "status": "OK",
            "adjusted": adjusted == "true",
            "queryCount": len(page),
            "resultsCount": len(page),
            "request_id": f"aggs-{offset}",
            "results": [
                {**ohlcv(sym, t), "t": int((t - EPOCH).total_seconds()) * 1000} for t in page
            ],
        }
        if offset + limit < len(times):
            host = self.next_host or request.url.host
            state = f"offset={offset + limit}&limit={limit}&adjusted={adjusted}"
            cursor = base64.urlsafe_b64encode(state.encode()).decode()
            payload["next_url"] = f"https://{host}{request.url.path}?cursor={cursor}"
        return httpx.Response(200, json=payload)

    def _tickers(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        needle = request.url.params.get("search", "").lower()
        everything = [
            ("AAPL", "Apple Inc.", "CS"),
            ("MSFT", "Microsoft Corp", "CS"),
            ("SPY", "SPDR S&P 500 ETF Trust", "ETF"),
        ]
        results = [
            {
                "ticker": t,
                "name": n,
                "market": "stocks",
                "locale": "us",
                "type": kind,
                "active": True,
                "currency_name": "usd",
                "composite_figi": f"BBG000{t:0>6}",
            }
            for t, n, kind in everything
            if needle in t.lower() or needle in n.lower()
        ]
        return httpx.Response(
            200,
            json={
                "status": "OK",
                "request_id": "tick-1",
                "count": len(results),
                "results": results,
            },
        )
