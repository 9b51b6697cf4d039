"""The provider-neutral brokerage interface and its models: orders, positions, market clock.

Callers program against :class:`BrokerageProvider`; Alpaca implements it. Every amount and
quantity is an exact ``Decimal``. An order's ``client_order_id`` is its idempotency key: submit
the same intent twice with the same id and at most one order exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, runtime_checkable

from pydantic import AwareDatetime, Field

from fin_infra.models import Holding, Security, SecurityType
from fin_infra.models._types import Amount, CurrencyCode, DomainModel
from fin_infra.providers.errors import ProviderError

__all__ = [
    "Asset",
    "BrokerageAccount",
    "BrokerageProvider",
    "CalendarDay",
    "MarketClock",
    "Order",
    "OrderOutcomeUnknownError",
    "OrderSide",
    "OrderStatus",
    "OrderType",
    "PortfolioHistory",
    "PortfolioPoint",
    "Position",
    "TimeInForce",
    "UnsupportedOrderError",
]


class OrderSide(StrEnum):
    """Buy or sell."""

    BUY = "buy"
    SELL = "sell"


class OrderType(StrEnum):
    """How the order is priced."""

    MARKET = "market"
    LIMIT = "limit"
    STOP = "stop"
    STOP_LIMIT = "stop_limit"
    TRAILING_STOP = "trailing_stop"


class TimeInForce(StrEnum):
    """How long the order stays working."""

    DAY = "day"
    GTC = "gtc"
    OPG = "opg"
    CLS = "cls"
    IOC = "ioc"
    FOK = "fok"


class OrderStatus(StrEnum):
    """Where the order is in its life (Alpaca's vocabulary, which most brokers share)."""

    NEW = "new"
    ACCEPTED = "accepted"
    PENDING_NEW = "pending_new"
    ACCEPTED_FOR_BIDDING = "accepted_for_bidding"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    DONE_FOR_DAY = "done_for_day"
    CANCELED = "canceled"
    EXPIRED = "expired"
    REPLACED = "replaced"
    PENDING_CANCEL = "pending_cancel"
    PENDING_REPLACE = "pending_replace"
    STOPPED = "stopped"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    CALCULATED = "calculated"
    HELD = "held"

    @property
    def is_open(self) -> bool:
        """True while the order can still fill."""
        return self not in _CLOSED


_CLOSED = frozenset(
    {
        OrderStatus.FILLED,
        OrderStatus.CANCELED,
        OrderStatus.EXPIRED,
        OrderStatus.REPLACED,
        OrderStatus.REJECTED,
        OrderStatus.DONE_FOR_DAY,
    }
)


class Order(DomainModel):
    """An order as the broker last reported it."""

    id: str = Field(min_length=1)
    client_order_id: str = Field(min_length=1)
    symbol: str
    side: OrderSide
    type: OrderType
    time_in_force: TimeInForce
    status: OrderStatus
    qty: Amount | None = None
    notional: Amount | None = None
    filled_qty: Amount = Decimal(0)
    filled_avg_price: Amount | None = None
    limit_price: Amount | None = None
    stop_price: Amount | None = None
    extended_hours: bool = False
    created_at: AwareDatetime | None = None
    submitted_at: AwareDatetime | None = None
    filled_at: AwareDatetime | None = None
    canceled_at: AwareDatetime | None = None
    replaced_by: str | None = None
    replaces: str | None = None
    trail_price: Amount | None = None
    trail_percent: Amount | None = None
    asset_class: str | None = Field(
        default=None, description="The broker's asset class (us_equity, crypto, us_option...)."
    )
    order_class: str | None = Field(
        default=None, description="simple, bracket, oco or oto (empty for a simple order)."
    )


class BrokerageAccount(DomainModel):
    """Cash, buying power and equity of a brokerage account."""

    id: str
    account_number: str | None = None
    status: str
    currency: CurrencyCode = "USD"
    cash: Amount
    buying_power: Amount
    equity: Amount
    portfolio_value: Amount | None = None
    long_market_value: Amount | None = None
    short_market_value: Amount | None = None
    pattern_day_trader: bool = False
    trading_blocked: bool = False


class Position(DomainModel):
    """An open position: signed quantity (negative when short) and its valuation."""

    symbol: str
    asset_id: str
    qty: Amount
    avg_entry_price: Amount
    cost_basis: Amount
    market_value: Amount
    current_price: Amount
    unrealized_pl: Amount
    currency: CurrencyCode = "USD"

    def to_holding(self, account_id: str) -> Holding:
        """The neutral :class:`~fin_infra.models.Holding` of this position in ``account_id``."""
        return Holding(
            account_id=account_id,
            security_id=self.asset_id,
            symbol=self.symbol,
            quantity=self.qty,
            cost_basis=self.cost_basis,
            institution_price=self.current_price,
            currency=self.currency,
        )


class Asset(DomainModel):
    """A tradable instrument and what the broker allows with it."""

    id: str
    symbol: str
    name: str
    exchange: str
    asset_class: str
    status: str
    tradable: bool
    fractionable: bool = False
    shortable: bool = False
    marginable: bool = False

    def to_security(self) -> Security:
        """The neutral :class:`~fin_infra.models.Security`."""
        kind = SecurityType.CRYPTO if self.asset_class == "crypto" else SecurityType.EQUITY
        return Security(id=self.id, symbol=self.symbol, name=self.name, type=kind)


class MarketClock(DomainModel):
    """Whether the market is open now, and the next open and close."""

    timestamp: AwareDatetime
    is_open: bool
    next_open: AwareDatetime
    next_close: AwareDatetime


class CalendarDay(DomainModel):
    """One trading day and its session times (exchange local time, as the broker gives them)."""

    date: dt.date
    open: dt.time
    close: dt.time


class PortfolioPoint(DomainModel):
    """Account equity and profit/loss at one instant."""

    timestamp: AwareDatetime
    equity: Amount
    profit_loss: Amount
    profit_loss_pct: Amount


class PortfolioHistory(DomainModel):
    """Equity over time, oldest first."""

    timeframe: str
    base_value: Amount
    points: list[PortfolioPoint]


class OrderOutcomeUnknownError(ProviderError):
    """A submit got no clear answer and the order could not be looked up either.

    The order may or may not exist. Look it up later with ``get_order_by_client_id(
    error.client_order_id)``; submitting again with the same ``client_order_id`` is also safe
    (the broker refuses a duplicate id).
    """

    def __init__(self, message: str, *, provider: str, client_order_id: str) -> None:
        super().__init__(message, provider=provider, retryable=True)
        self.client_order_id = client_order_id


class UnsupportedOrderError(ProviderError):
    """The broker reported an order fin-infra does not model (e.g. a multi-leg options order).

    Listing orders skips such an order (logging this error) instead of failing the whole list;
    ``order_id``, ``client_order_id`` and the message say which order and why.
    """

    def __init__(self, message: str, *, provider: str, order_id: str, client_order_id: str) -> None:
        super().__init__(message, provider=provider)
        self.order_id = order_id
        self.client_order_id = client_order_id


@runtime_checkable
class BrokerageProvider(Protocol):
    """What every brokerage offers, in provider-neutral types (blocking calls)."""

    name: str

    def account(self) -> BrokerageAccount:
        """Cash, buying power and equity."""
        ...

    def positions(self) -> list[Position]:
        """Every open position."""
        ...

    def submit_order(
        self,
        symbol: str,
        side: OrderSide | str,
        qty: Decimal | str | int | None = None,
        *,
        notional: Decimal | str | int | None = None,
        type: OrderType | str = OrderType.MARKET,
        time_in_force: TimeInForce | str = TimeInForce.DAY,
        limit_price: Decimal | str | int | None = None,
        stop_price: Decimal | str | int | None = None,
        client_order_id: str | None = None,
        extended_hours: bool = False,
    ) -> Order:
        """Place an order exactly once (``client_order_id`` generated when not given)."""
        ...

    def get_order(self, order_id: str) -> Order:
        """One order by the broker's id."""
        ...

    def get_order_by_client_id(self, client_order_id: str) -> Order:
        """One order by the id the client gave it."""
        ...

    def list_orders(
        self, status: str = "open", *, limit: int = 100, symbols: Sequence[str] = ()
    ) -> list[Order]:
        """Orders, newest first."""
        ...

    def cancel_order(self, order_id: str) -> None:
        """Ask the broker to cancel an open order."""
        ...
