"""A fake of CoinGecko's public API (search, simple price, market-chart range).

Range answers carry hourly samples as CoinGecko does for spans up to 90 days (and daily ones
beyond, which the client must never ask for). Past ``per_minute`` calls in a minute of the
fake's clock it answers 429 with CoinGecko's ``{"status": {"error_code", ...}}`` body.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx

from tests.fakes.market import ohlcv
from tests.fakes.wire import WireFake

COINS = [
    {"id": "bitcoin", "name": "Bitcoin", "symbol": "BTC", "market_cap_rank": 1},
    {"id": "ethereum", "name": "Ethereum", "symbol": "ETH", "market_cap_rank": 2},
    {"id": "bitcoin-cash", "name": "Bitcoin Cash", "symbol": "BCH", "market_cap_rank": 19},
    {"id": "batcat", "name": "BTC Cat", "symbol": "BTC", "market_cap_rank": None},
]


def price(coin: str, t: dt.datetime) -> float:
    """The fake's price of ``coin`` at ``t`` (up to 8 decimals, like CoinGecko's full precision)."""
    return ohlcv(coin, t)["c"] * 100 + 0.12345678


class FakeCoinGecko(WireFake):
    """CoinGecko's ``/api/v3`` endpoints used by fin-infra."""

    def __init__(self, per_minute: int = 1000) -> None:
        super().__init__(None)
        self.per_minute = per_minute
        self.now = 0.0
        self.served: list[float] = []
        self.route(r"GET /api/v3/search", self._search)
        self.route(r"GET /api/v3/simple/price", self._price)
        self.route(r"GET /api/v3/coins/(?P<id>[^/]+)/market_chart/range", self._range)

    def error_body(self, status: int, message: str) -> Any:
        return {"status": {"error_code": status, "error_message": message}}

    def _dispatch(self, request: httpx.Request, key: str) -> httpx.Response:
        recent = [t for t in self.served if t > self.now - 60]
        if len(recent) >= self.per_minute:
            return httpx.Response(
                429,
                json=self.error_body(429, "You've exceeded the Rate Limit."),
                headers={"Retry-After": "30"},
            )
        self.served.append(self.now)
        return super()._dispatch(request, key)

    def _search(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        needle = request.url.params["query"].lower()
        coins = [
            {**c, "api_symbol": c["id"], "thumb": "", "large": ""}
            for c in COINS
            if needle in c["id"] or needle in c["name"].lower() or needle == c["symbol"].lower()
        ]
        return httpx.Response(200, json={"coins": coins, "exchanges": [], "categories": []})

    def _price(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        q = request.url.params
        vs = q["vs_currencies"]
        at = dt.datetime(2024, 6, 28, 12, tzinfo=dt.UTC)
        out = {
            coin: {
                vs: price(coin, at),
                f"{vs}_24h_vol": 31260929299.524834,
                "last_updated_at": int(at.timestamp()),
            }
            for coin in q["ids"].split(",")
            if any(c["id"] == coin for c in COINS)
        }
        return httpx.Response(200, json=out)

    def _range(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        q = request.url.params
        lo, hi = int(q["from"]), int(q["to"])
        if not any(c["id"] == m["id"] for c in COINS):
            return httpx.Response(404, json={"error": "coin not found"})
        step = 3600 if hi - lo <= 90 * 86400 else 86400
        first = -(-lo // step) * step
        samples = [dt.datetime.fromtimestamp(t, dt.UTC) for t in range(first, hi + 1, step)]
        return httpx.Response(
            200,
            json={
                "prices": [[int(t.timestamp()) * 1000, price(m["id"], t)] for t in samples],
                "market_caps": [[int(t.timestamp()) * 1000, 1.0e12] for t in samples],
                "total_volumes": [[int(t.timestamp()) * 1000, 3.1e10] for t in samples],
            },
        )
