"""A stateful fake of Alpaca's Trading API v2 speaking its real JSON, as an httpx transport.

It keeps an account, orders (indexed by ``client_order_id``, which it refuses to reuse, as
Alpaca does) and positions built from fills: market orders fill at once at ``prices``, other
orders rest until cancelled or replaced. With :meth:`WireFake.fail_next` a test injects errors,
timeouts before the server acted, or timeouts *after* it accepted an order (``after_commit``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from decimal import Decimal
from typing import Any

import httpx

from tests.fakes.contract import QueryContract
from tests.fakes.market import AlpacaAuth

NOW = dt.datetime(2024, 6, 28, 15, 0, tzinfo=dt.UTC)
_OPEN = {"new", "accepted", "pending_new", "partially_filled"}


def _ts(t: dt.datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def _when(text: str) -> dt.datetime:
    """An RFC 3339 timestamp (nanoseconds cut to microseconds) as an aware datetime."""
    head, _, frac = text.rstrip("Z").partition(".")
    micro = (frac + "000000")[:6] if frac else "000000"
    return dt.datetime.fromisoformat(f"{head}.{micro}").replace(tzinfo=dt.UTC)


def _asset_id(symbol: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"alpaca:{symbol}"))


class FakeAlpacaTrading(AlpacaAuth):
    """Alpaca's trading host: account, positions, orders, assets, clock, calendar, history."""

    def __init__(self, contract: QueryContract | None = None) -> None:
        super().__init__(contract)
        self.account_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "alpaca:account"))
        self.cash = Decimal("100000")
        self.prices = {"AAPL": Decimal("210.25"), "MSFT": Decimal("452.1"), "SPY": Decimal("545.5")}
        self.orders: dict[str, dict[str, Any]] = {}
        self.list_calls = 0
        self.stuck_listing = False
        self.by_client_id: dict[str, str] = {}
        self.positions: dict[str, tuple[Decimal, Decimal]] = {}  # symbol -> (qty, cost)
        get, post = "GET", "POST"
        self.route(rf"{get} /v2/account", self._account)
        self.route(rf"{get} /v2/positions", self._positions)
        self.route(rf"{get} /v2/orders:by_client_order_id", self._by_client_id)
        self.route(rf"{get} /v2/orders", self._list)
        self.route(rf"{post} /v2/orders", self._submit)
        self.route(r"GET /v2/orders/(?P<id>[^/]+)", self._get)
        self.route(r"DELETE /v2/orders/(?P<id>[^/]+)", self._cancel)
        self.route(r"PATCH /v2/orders/(?P<id>[^/]+)", self._replace)
        self.route(r"GET /v2/assets/(?P<sym>[^/]+)", self._asset)
        self.route(r"GET /v2/assets", self._assets)
        self.route(r"GET /v2/clock", self._clock)
        self.route(r"GET /v2/calendar", self._calendar)
        self.route(r"GET /v2/account/portfolio/history", self._history)

    # --- plumbing -----------------------------------------------------------------------------

    def _error(self, status: int, code: int, message: str) -> httpx.Response:
        return httpx.Response(status, json={"code": code, "message": message})

    def _json(self, payload: Any, status: int = 200) -> httpx.Response:
        return httpx.Response(status, json=payload)

    def orders_with(self, client_order_id: str) -> list[dict[str, Any]]:
        """Every stored order carrying ``client_order_id`` (exactly-once tests count these)."""
        return [o for o in self.orders.values() if o["client_order_id"] == client_order_id]

    # --- account ------------------------------------------------------------------------------

    def _account(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        long_value = sum((q * self.prices[s] for s, (q, _) in self.positions.items()), Decimal(0))
        equity = self.cash + long_value
        return self._json(
            {
                "id": self.account_id,
                "account_number": "PA3FAKE0001",
                "status": "ACTIVE",
                "crypto_status": "ACTIVE",
                "currency": "USD",
                "cash": str(self.cash),
                "buying_power": str(self.cash * 2),
                "equity": str(equity),
                "portfolio_value": str(equity),
                "long_market_value": str(long_value),
                "short_market_value": "0",
                "pattern_day_trader": False,
                "trading_blocked": False,
                "transfers_blocked": False,
                "account_blocked": False,
                "created_at": "2023-01-01T18:20:20.272275Z",
                "multiplier": "2",
                "shorting_enabled": True,
            }
        )

    def _positions(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        out = []
        for symbol, (qty, cost) in sorted(self.positions.items()):
            price = self.prices[symbol]
            value = qty * price
            out.append(
                {
                    "asset_id": _asset_id(symbol),
                    "symbol": symbol,
                    "exchange": "NASDAQ",
                    "asset_class": "us_equity",
                    "asset_marginable": True,
                    "qty": str(qty),
                    "qty_available": str(qty),
                    "avg_entry_price": str(cost / qty),
                    "side": "long",
                    "market_value": str(value),
                    "cost_basis": str(cost),
                    "unrealized_pl": str(value - cost),
                    "unrealized_plpc": str((value - cost) / cost),
                    "unrealized_intraday_pl": "0",
                    "unrealized_intraday_plpc": "0",
                    "current_price": str(price),
                    "lastday_price": str(price),
                    "change_today": "0",
                }
            )
        return self._json(out)

    def _history(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        base = int(dt.datetime(2024, 6, 24, tzinfo=dt.UTC).timestamp())
        return self._json(
            {
                "timestamp": [base + i * 86400 for i in range(4)],
                "equity": [100000, 100250.5, 99875.25, 101000.125],
                "profit_loss": [0, 250.5, -375.25, 1124.875],
                "profit_loss_pct": [0, 0.002505, -0.0037, 0.011],
                "base_value": 100000,
                "base_value_asof": "2024-06-21",
                "timeframe": "1D",
            }
        )

    # --- market -------------------------------------------------------------------------------

    def _clock(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        return self._json(
            {
                "timestamp": "2024-06-28T11:00:00.123-04:00",
                "is_open": True,
                "next_open": "2024-07-01T09:30:00-04:00",
                "next_close": "2024-06-28T16:00:00-04:00",
            }
        )

    def _calendar(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        start = dt.datetime.fromisoformat(request.url.params["start"]).date()
        end = dt.datetime.fromisoformat(request.url.params["end"]).date()
        days, day = [], start
        while day <= end:
            if day.weekday() < 5 and day != dt.date(2024, 7, 4):
                close = "13:00" if day == dt.date(2024, 7, 3) else "16:00"
                days.append(
                    {
                        "date": day.isoformat(),
                        "open": "09:30",
                        "close": close,
                        "session_open": "0400",
                        "session_close": "2000",
                        "settlement_date": (day + dt.timedelta(days=1)).isoformat(),
                    }
                )
            day += dt.timedelta(days=1)
        return self._json(days)

    def _asset_wire(self, symbol: str) -> dict[str, Any]:
        return {
            "id": _asset_id(symbol),
            "class": "us_equity",
            "exchange": "NASDAQ",
            "symbol": symbol,
            "name": f"{symbol} Common Stock",
            "status": "active",
            "tradable": True,
            "marginable": True,
            "shortable": True,
            "easy_to_borrow": True,
            "fractionable": True,
        }

    def _assets(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        return self._json([self._asset_wire(s) for s in sorted(self.prices)])

    def _asset(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        if m["sym"] not in self.prices:
            return self._error(404, 40410000, "asset not found")
        return self._json(self._asset_wire(m["sym"]))

    # --- orders -------------------------------------------------------------------------------

    def _new_order(self, body: dict[str, Any], replaces: str | None = None) -> dict[str, Any]:
        symbol = body["symbol"]
        order_id = str(uuid.uuid4())
        at = NOW + dt.timedelta(milliseconds=len(self.orders))  # each order a little later
        order: dict[str, Any] = {
            "id": order_id,
            "client_order_id": body.get("client_order_id") or str(uuid.uuid4()),
            "created_at": _ts(at),
            "updated_at": _ts(at),
            "submitted_at": _ts(at),
            "filled_at": None,
            "expired_at": None,
            "canceled_at": None,
            "failed_at": None,
            "replaced_at": None,
            "replaced_by": None,
            "replaces": replaces,
            "asset_id": _asset_id(symbol),
            "symbol": symbol,
            "asset_class": "us_equity",
            "notional": body.get("notional"),
            "qty": body.get("qty"),
            "filled_qty": "0",
            "filled_avg_price": None,
            "order_class": "",
            "order_type": body["type"],
            "type": body["type"],
            "side": body["side"],
            "time_in_force": body["time_in_force"],
            "limit_price": body.get("limit_price"),
            "stop_price": body.get("stop_price"),
            "status": "accepted",
            "extended_hours": bool(body.get("extended_hours", False)),
            "legs": None,
            "trail_percent": body.get("trail_percent"),
            "trail_price": body.get("trail_price"),
            "hwm": None,
        }
        self.orders[order_id] = order
        self.by_client_id[order["client_order_id"]] = order_id
        return order

    def _fill(self, order: dict[str, Any]) -> None:
        price = self.prices[order["symbol"]]
        qty = Decimal(order["qty"]) if order["qty"] else Decimal(order["notional"]) / price
        sign = 1 if order["side"] == "buy" else -1
        held, cost = self.positions.get(order["symbol"], (Decimal(0), Decimal(0)))
        held += sign * qty
        cost += sign * qty * price
        if held:
            self.positions[order["symbol"]] = (held, cost)
        else:
            self.positions.pop(order["symbol"], None)
        self.cash -= sign * qty * price
        order.update(
            status="filled",
            filled_qty=str(qty),
            filled_avg_price=str(price),
            filled_at=_ts(NOW),
        )

    def _submit(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        body = json.loads(request.content)
        coid = body.get("client_order_id")
        if coid and coid in self.by_client_id:
            return self._error(422, 40010001, "client_order_id must be unique")
        if body["symbol"] not in self.prices:
            return self._error(422, 40010001, f"asset {body['symbol']} not found")
        if body.get("qty") and body.get("notional"):
            return self._error(422, 40010001, "qty and notional are mutually exclusive")
        price = self.prices[body["symbol"]]
        needed = Decimal(body["qty"]) * price if body.get("qty") else Decimal(body["notional"])
        if body["side"] == "buy" and needed > self.cash * 2:
            return self._error(403, 40310000, "insufficient buying power")
        order = self._new_order(body)
        if body["type"] == "market":
            self._fill(order)
        return self._json(order)

    def _lookup(self, order_id: str) -> dict[str, Any] | None:
        return self.orders.get(order_id)

    def _get(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        order = self._lookup(m["id"])
        return self._json(order) if order else self._error(404, 40410000, "order not found")

    def _by_client_id(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        order_id = self.by_client_id.get(request.url.params["client_order_id"])
        if order_id is None:
            return self._error(404, 40410000, "order not found")
        return self._json(self.orders[order_id])

    def _list(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        q = request.url.params
        status = q.get("status", "open")
        symbols = set(q["symbols"].split(",")) if "symbols" in q else None
        after = _when(q["after"]) if "after" in q else None
        until = _when(q["until"]) if "until" in q else None
        found = [
            o
            for o in self.orders.values()
            if (status == "all" or (o["status"] in _OPEN) == (status == "open"))
            and (symbols is None or o["symbol"] in symbols)
            and (after is None or _when(o["submitted_at"]) > after)  # both bounds exclusive
            and (until is None or _when(o["submitted_at"]) < until)
        ]
        newest_first = q.get("direction", "desc") == "desc"
        found.sort(key=lambda o: _when(o["submitted_at"]), reverse=newest_first)
        self.list_calls += 1
        if self.stuck_listing:  # a broken server: the same page whatever the window
            found = list(self.orders.values())
        return self._json(found[: int(q.get("limit", "50"))])

    def _cancel(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        order = self._lookup(m["id"])
        if order is None:
            return self._error(404, 40410000, "order not found")
        if order["status"] not in _OPEN:
            return self._error(422, 42210000, "order is not cancelable")
        order.update(status="canceled", canceled_at=_ts(NOW))
        return httpx.Response(204)

    def _replace(self, request: httpx.Request, m: re.Match[str]) -> httpx.Response:
        old = self._lookup(m["id"])
        if old is None:
            return self._error(404, 40410000, "order not found")
        if old["status"] not in _OPEN:
            return self._error(422, 42210000, "order is not replaceable")
        body = json.loads(request.content)
        coid = body.get("client_order_id")
        if coid and coid in self.by_client_id:
            return self._error(422, 40010001, "client_order_id must be unique")
        merged = {k: old[k] for k in ("symbol", "side", "type", "time_in_force", "qty", "notional")}
        merged.update(limit_price=old["limit_price"], stop_price=old["stop_price"])
        merged.update(body)
        new = self._new_order(merged, replaces=old["id"])
        old.update(status="replaced", replaced_by=new["id"], replaced_at=_ts(NOW))
        return self._json(new)
