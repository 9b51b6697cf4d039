"""Alpaca trading's I/O-free core: every endpoint as a request builder plus a response parser.

Orders are written exactly once. Each submit carries a ``client_order_id`` (made once per
logical order, before any retry); the HTTP seam may resend the same POST after a timeout or a
5xx, and Alpaca refuses a second order with the same id. When the outcome is unclear (no answer,
a 5xx, or Alpaca's "client_order_id must be unique" after a lost answer), the core looks the
order up with ``GET /v2/orders:by_client_order_id`` and returns what exists, sending the order
again only when Alpaca confirms it does not exist. Replacements work the same way with the new
order's fresh ``client_order_id``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from pydantic import TypeAdapter

from fin_infra.errors import ValidationError
from fin_infra.money import D
from fin_infra.providers._adapt import parse_as
from fin_infra.providers._drive import Op, Stream
from fin_infra.providers._http import ApiRequest, new_idempotency_key
from fin_infra.providers._json import parse_model
from fin_infra.providers._paging import CursorGuard
from fin_infra.providers.brokerage.alpaca import _wire as w
from fin_infra.providers.brokerage.alpaca._convert import (
    to_account,
    to_asset,
    to_calendar_day,
    to_clock,
    to_order,
    to_portfolio_history,
    to_position,
)
from fin_infra.providers.brokerage.base import (
    Asset,
    BrokerageAccount,
    CalendarDay,
    MarketClock,
    Order,
    OrderOutcomeUnknownError,
    OrderSide,
    OrderStatus,
    OrderType,
    PortfolioHistory,
    Position,
    TimeInForce,
    UnsupportedOrderError,
)
from fin_infra.providers.errors import (
    InvalidRequestError,
    MalformedResponseError,
    ProviderConnectionError,
    ProviderError,
    ProviderServerError,
)

__all__ = ["MAX_CLIENT_ORDER_ID", "AlpacaTradingCore", "Number"]

logger = logging.getLogger("fin_infra.providers.alpaca")

MAX_CLIENT_ORDER_ID: Final = 128
MAX_LIST: Final = 500
Number = Decimal | str | int

_ORDERS: Final = TypeAdapter(list[w.WireOrder])
_POSITIONS: Final = TypeAdapter(list[w.WirePosition])
_ASSETS: Final = TypeAdapter(list[w.WireAsset])
_CALENDAR: Final = TypeAdapter(list[w.WireCalendarDay])
_CANCELLED: Final = frozenset({OrderStatus.CANCELED, OrderStatus.PENDING_CANCEL})


def _decimal_text(name: str, value: Number | None) -> str | None:
    """A positive amount as the decimal string Alpaca expects (floats refused by ``D``)."""
    if value is None:
        return None
    amount = D(value)
    if amount <= 0:
        raise ValidationError(f"{name} must be positive, not {amount}")
    return format(amount.normalize(), "f")


def _unclear(exc: ProviderError) -> bool:
    """True when the write may or may not have happened (no answer, or the server failed)."""
    return isinstance(exc, ProviderConnectionError | ProviderServerError)


def _duplicate_id(exc: ProviderError) -> bool:
    """Alpaca's refusal of a ``client_order_id`` it has already seen."""
    text = exc.message.lower()
    return isinstance(exc, InvalidRequestError) and "client_order_id" in text and "unique" in text


def _rfc3339(value: dt.date | dt.datetime) -> str:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0), tzinfo=dt.UTC)
    if value.tzinfo is None:
        raise ValidationError("datetimes must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _known_orders(wires: list[w.WireOrder]) -> list[Order]:
    """The orders we model; each other one is skipped with its reason logged (a warning)."""
    orders = []
    for wire in wires:
        try:
            orders.append(to_order(wire))
        except UnsupportedOrderError as exc:
            logger.warning("skipping an order: %s", exc)
    return orders


class AlpacaTradingCore:
    """Builds Alpaca trading requests and parses responses; no I/O."""

    name = "alpaca"

    def __init__(self, new_id: Callable[[], str] = new_idempotency_key) -> None:
        self._new_id = new_id

    def _order(self, response: Any) -> Order:
        wire = parse_model(response, w.WireOrder, self.name)
        try:
            return to_order(wire)
        except ProviderError:
            raise
        except Exception as exc:  # e.g. a model rule the data breaks
            raise MalformedResponseError(
                f"order {wire.id}: {type(exc).__name__}", provider=self.name
            ) from exc

    # --- account ------------------------------------------------------------------------------

    def account(self) -> Op[BrokerageAccount]:
        response = yield ApiRequest("GET", "/v2/account")
        return to_account(parse_model(response, w.WireAccount, self.name))

    def positions(self) -> Op[list[Position]]:
        response = yield ApiRequest("GET", "/v2/positions")
        return [to_position(p) for p in parse_as(response, _POSITIONS, self.name)]

    def portfolio_history(
        self,
        *,
        period: str | None = None,
        timeframe: str | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> Op[PortfolioHistory]:
        params: dict[str, str] = {}
        if period:
            params["period"] = period
        if timeframe:
            params["timeframe"] = timeframe
        if start is not None:
            params["start"] = _rfc3339(start)
        if end is not None:
            params["end"] = _rfc3339(end)
        response = yield ApiRequest("GET", "/v2/account/portfolio/history", params=params)
        return to_portfolio_history(parse_model(response, w.WirePortfolioHistory, self.name))

    # --- market -------------------------------------------------------------------------------

    def clock(self) -> Op[MarketClock]:
        response = yield ApiRequest("GET", "/v2/clock")
        return to_clock(parse_model(response, w.WireClock, self.name))

    def calendar(self, start: dt.date, end: dt.date) -> Op[list[CalendarDay]]:
        params = {"start": _rfc3339(start), "end": _rfc3339(end)}
        response = yield ApiRequest("GET", "/v2/calendar", params=params)
        return [to_calendar_day(d) for d in parse_as(response, _CALENDAR, self.name)]

    def assets(self, status: str = "active", asset_class: str = "us_equity") -> Op[list[Asset]]:
        params = {"status": status, "asset_class": asset_class}
        response = yield ApiRequest("GET", "/v2/assets", params=params)
        return [to_asset(a) for a in parse_as(response, _ASSETS, self.name)]

    def asset(self, symbol: str) -> Op[Asset]:
        response = yield ApiRequest("GET", f"/v2/assets/{symbol.strip().upper()}")
        return to_asset(parse_model(response, w.WireAsset, self.name))

    # --- orders -------------------------------------------------------------------------------

    def order_body(
        self,
        symbol: str,
        side: OrderSide | str,
        qty: Number | None,
        *,
        notional: Number | None,
        type: OrderType | str,
        time_in_force: TimeInForce | str,
        limit_price: Number | None,
        stop_price: Number | None,
        client_order_id: str | None,
        extended_hours: bool,
        trail_price: Number | None = None,
        trail_percent: Number | None = None,
    ) -> dict[str, Any]:
        """The POST body of an order, validated before anything is sent.

        A ``trailing_stop`` order needs exactly one of ``trail_price`` (an amount) or
        ``trail_percent`` (above 0, below 100), takes no limit or stop price, and lives
        ``day`` or ``gtc``; every other type takes neither trail.
        """
        try:
            side, type, tif = OrderSide(side), OrderType(type), TimeInForce(time_in_force)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if not symbol.strip():
            raise ValidationError("symbol must not be empty")
        if (qty is None) == (notional is None):
            raise ValidationError("give exactly one of qty or notional")
        needs_limit = type in (OrderType.LIMIT, OrderType.STOP_LIMIT)
        needs_stop = type in (OrderType.STOP, OrderType.STOP_LIMIT)
        if needs_limit != (limit_price is not None):
            raise ValidationError(
                f"a {type} order {'needs' if needs_limit else 'takes no'} limit_price"
            )
        if needs_stop != (stop_price is not None):
            raise ValidationError(
                f"a {type} order {'needs' if needs_stop else 'takes no'} stop_price"
            )
        trailing = type is OrderType.TRAILING_STOP
        if trailing and (trail_price is None) == (trail_percent is None):
            raise ValidationError(
                "a trailing_stop order needs exactly one of trail_price or trail_percent"
            )
        if not trailing and (trail_price is not None or trail_percent is not None):
            raise ValidationError(f"a {type} order takes no trail_price or trail_percent")
        if trailing and tif not in (TimeInForce.DAY, TimeInForce.GTC):
            raise ValidationError("a trailing_stop order must be time_in_force 'day' or 'gtc'")
        if trail_percent is not None and D(trail_percent) >= 100:
            raise ValidationError(f"trail_percent must be below 100, not {trail_percent}")
        coid = client_order_id or self._new_id()
        if len(coid) > MAX_CLIENT_ORDER_ID:
            raise ValidationError(f"client_order_id is limited to {MAX_CLIENT_ORDER_ID} characters")
        body: dict[str, Any] = {
            "symbol": symbol.strip().upper(),
            "side": side.value,
            "type": type.value,
            "time_in_force": tif.value,
            "client_order_id": coid,
        }
        for key, value in (
            ("qty", qty),
            ("notional", notional),
            ("limit_price", limit_price),
            ("stop_price", stop_price),
            ("trail_price", trail_price),
            ("trail_percent", trail_percent),
        ):
            text = _decimal_text(key, value)
            if text is not None:
                body[key] = text
        if extended_hours:
            body["extended_hours"] = True
        return body

    def submit_order(self, body: Mapping[str, Any]) -> Op[Order]:
        """POST ``body`` (which carries its ``client_order_id``) so that one order results."""
        coid = str(body["client_order_id"])
        request = ApiRequest("POST", "/v2/orders", json=body, idempotency_key=coid)
        order = yield from self._write_once(request, coid, _duplicate_id)
        if order.symbol != body["symbol"] or order.side != body["side"]:
            raise InvalidRequestError(
                f"client_order_id {coid!r} already belongs to a different order ({order.id})",
                provider=self.name,
                status=422,
            )
        return order

    def replace_order(
        self,
        order_id: str,
        *,
        qty: Number | None = None,
        limit_price: Number | None = None,
        stop_price: Number | None = None,
        time_in_force: TimeInForce | str | None = None,
        client_order_id: str | None = None,
    ) -> Op[Order]:
        """PATCH an open order; the replacement gets a fresh ``client_order_id`` (or yours)."""
        coid = client_order_id or self._new_id()
        body: dict[str, Any] = {"client_order_id": coid}
        for key, value in (("qty", qty), ("limit_price", limit_price), ("stop_price", stop_price)):
            text = _decimal_text(key, value)
            if text is not None:
                body[key] = text
        if time_in_force is not None:
            body["time_in_force"] = TimeInForce(time_in_force).value
        if len(body) == 1:
            raise ValidationError("replace_order needs at least one field to change")
        request = ApiRequest("PATCH", f"/v2/orders/{order_id}", json=body, idempotency_key=coid)
        # Any refusal after a lost answer may be "already replaced": the fresh id settles it.
        return (
            yield from self._write_once(request, coid, lambda e: isinstance(e, InvalidRequestError))
        )

    def _write_once(
        self, request: ApiRequest, coid: str, means_exists: Callable[[ProviderError], bool]
    ) -> Op[Order]:
        for attempt in (1, 2):
            try:
                response = yield request
            except ProviderError as exc:
                if not (_unclear(exc) or means_exists(exc)):
                    raise
                found = yield from self._find(coid, exc)
                if found is not None:
                    return found
                if _duplicate_id(exc):
                    # Alpaca has an order with this id but cannot show it yet (replication lag):
                    # the order exists, its state is unknown; never "invalid request".
                    raise OrderOutcomeUnknownError(
                        f"order {coid!r}: refused as a duplicate, yet the lookup found none "
                        "(yet); look it up later by client_order_id",
                        provider=self.name,
                        client_order_id=coid,
                    ) from exc
                if not _unclear(exc) or attempt == 2:
                    raise
                continue  # Alpaca confirms there is no such order: sending it again is safe
            try:
                return self._order(response)
            except MalformedResponseError as exc:  # a 2xx we cannot read: the write happened
                return (yield from self._after_unreadable(coid, exc))
        raise AssertionError("unreachable")  # pragma: no cover

    def _after_unreadable(self, coid: str, exc: MalformedResponseError) -> Op[Order]:
        """The order behind a 2xx answer we could not read, or OrderOutcomeUnknownError."""
        found = yield from self._find(coid, exc)
        if found is None:
            raise OrderOutcomeUnknownError(
                f"order {coid!r}: the broker accepted it but its answer was unreadable and the "
                "lookup does not show it (yet); look it up later by client_order_id",
                provider=self.name,
                client_order_id=coid,
            ) from exc
        return found

    def _find(self, coid: str, cause: ProviderError) -> Op[Order | None]:
        """The order with ``coid``, ``None`` if Alpaca has none, or OrderOutcomeUnknownError."""
        try:
            order = yield from self.get_order_by_client_id(coid)
        except InvalidRequestError as exc:
            if exc.status == 404:
                return None
            raise
        except ProviderError as exc:
            raise OrderOutcomeUnknownError(
                f"order {coid!r}: {cause}; looking it up failed too: {exc}",
                provider=self.name,
                client_order_id=coid,
            ) from exc
        return order

    def get_order(self, order_id: str) -> Op[Order]:
        response = yield ApiRequest("GET", f"/v2/orders/{order_id}")
        return self._order(response)

    def get_order_by_client_id(self, client_order_id: str) -> Op[Order]:
        response = yield ApiRequest(
            "GET", "/v2/orders:by_client_order_id", params={"client_order_id": client_order_id}
        )
        return self._order(response)

    def order_pages(
        self,
        status: str = "open",
        *,
        symbols: Sequence[str] = (),
        after: dt.datetime | None = None,
        until: dt.datetime | None = None,
        page_size: int = MAX_LIST,
    ) -> Stream[list[Order]]:
        """Every matching order, newest first, one page per request.

        Alpaca returns at most 500 orders per call; the next page is the window ``until`` just
        after the oldest order seen (Alpaca's ``until`` is exclusive and its timestamps finer
        than a microsecond), minus the orders already handed out at that boundary. A window
        that does not move (the provider repeating itself) raises ``PaginationLoopError``.
        """
        if status not in ("open", "closed", "all"):
            raise ValidationError("status must be 'open', 'closed' or 'all'")
        if not 1 <= page_size <= MAX_LIST:
            raise ValidationError(f"page_size must be between 1 and {MAX_LIST}")
        params = {"status": status, "limit": str(page_size), "direction": "desc"}
        if symbols:
            params["symbols"] = ",".join(s.strip().upper() for s in symbols)
        if after is not None:
            params["after"] = _rfc3339(after)
        guard = CursorGuard(self.name, "list orders")
        boundary: set[str] = set()
        while True:
            if until is not None:
                params["until"] = guard.follow(_rfc3339(until))
            response = yield ApiRequest("GET", "/v2/orders", params=dict(params))
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("order_pages was resumed without a response")
            wires = parse_as(response, _ORDERS, self.name)
            yield _known_orders([o for o in wires if o.id not in boundary])
            if len(wires) < page_size:
                return
            stamps = [o.submitted_at or o.created_at for o in wires]
            if any(t is None for t in stamps):
                raise MalformedResponseError(
                    "an order without submitted_at/created_at: cannot page further",
                    provider=self.name,
                )
            oldest = min(t for t in stamps if t is not None)
            boundary = {o.id for o, t in zip(wires, stamps, strict=True) if t == oldest}
            until = oldest + dt.timedelta(microseconds=1)

    def cancel_order(self, order_id: str) -> Op[None]:
        """DELETE the order; a refusal because it is already cancelled counts as success."""
        try:
            yield ApiRequest("DELETE", f"/v2/orders/{order_id}")
        except InvalidRequestError as exc:
            if exc.status != 422:
                raise
            order = yield from self.get_order(order_id)
            if order.status not in _CANCELLED:
                raise
