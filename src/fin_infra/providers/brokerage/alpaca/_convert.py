"""Alpaca trading wire models -> fin-infra brokerage models (Decimal throughout).

Alpaca reports a short position with a negative ``qty`` already; ``side`` is only checked for
consistency. Portfolio-history slots without data (``null``) are skipped, defensively: the
document does not allow them, but a missing value must never become a zero balance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fin_infra.providers.brokerage.alpaca import _wire as w
from fin_infra.providers.brokerage.base import (
    Asset,
    BrokerageAccount,
    CalendarDay,
    MarketClock,
    Order,
    OrderSide,
    OrderStatus,
    OrderType,
    PortfolioHistory,
    PortfolioPoint,
    Position,
    TimeInForce,
    UnsupportedOrderError,
)

__all__ = [
    "to_account",
    "to_asset",
    "to_calendar_day",
    "to_clock",
    "to_order",
    "to_portfolio_history",
    "to_position",
]


def _unsupported(wire: w.WireOrder, reason: str) -> UnsupportedOrderError:
    return UnsupportedOrderError(
        f"order {wire.id} ({wire.client_order_id}) is not modelled: {reason}",
        provider="alpaca",
        order_id=wire.id,
        client_order_id=wire.client_order_id,
    )


def to_order(wire: w.WireOrder) -> Order:
    """An order with its fills so far; :class:`UnsupportedOrderError` for one we do not model
    (a multi-leg ``mleg`` order, or a side/type/time-in-force/status outside our enums)."""
    if wire.order_class == "mleg":
        raise _unsupported(wire, "a multi-leg (mleg) options order")
    try:
        side = OrderSide(wire.side)
        type_ = OrderType(wire.type)
        tif = TimeInForce(wire.time_in_force)
        status = OrderStatus(wire.status)
    except ValueError as exc:
        raise _unsupported(wire, str(exc)) from None
    return Order(
        id=wire.id,
        client_order_id=wire.client_order_id,
        symbol=wire.symbol,
        side=side,
        type=type_,
        time_in_force=tif,
        status=status,
        qty=wire.qty,
        notional=wire.notional,
        filled_qty=wire.filled_qty,
        filled_avg_price=wire.filled_avg_price,
        limit_price=wire.limit_price,
        stop_price=wire.stop_price,
        extended_hours=wire.extended_hours,
        created_at=wire.created_at,
        submitted_at=wire.submitted_at,
        filled_at=wire.filled_at,
        canceled_at=wire.canceled_at,
        replaced_by=wire.replaced_by,
        replaces=wire.replaces,
        trail_price=wire.trail_price,
        trail_percent=wire.trail_percent,
        asset_class=wire.asset_class or None,
        order_class=wire.order_class or None,
    )


def to_account(wire: w.WireAccount) -> BrokerageAccount:
    """The account's balances."""
    return BrokerageAccount(
        id=wire.id,
        account_number=wire.account_number,
        status=wire.status,
        currency=wire.currency,
        cash=wire.cash,
        buying_power=wire.buying_power,
        equity=wire.equity,
        portfolio_value=wire.portfolio_value,
        long_market_value=wire.long_market_value,
        short_market_value=wire.short_market_value,
        pattern_day_trader=wire.pattern_day_trader,
        trading_blocked=wire.trading_blocked,
    )


def to_position(wire: w.WirePosition) -> Position:
    """A position with signed quantity (negative when short)."""
    qty = -abs(wire.qty) if wire.side == "short" else wire.qty
    return Position(
        symbol=wire.symbol,
        asset_id=wire.asset_id,
        qty=qty,
        avg_entry_price=wire.avg_entry_price,
        cost_basis=wire.cost_basis,
        market_value=wire.market_value,
        current_price=wire.current_price,
        unrealized_pl=wire.unrealized_pl,
    )


def to_asset(wire: w.WireAsset) -> Asset:
    """An asset and its trading permissions."""
    return Asset(
        id=wire.id,
        symbol=wire.symbol,
        name=wire.name,
        exchange=wire.exchange,
        asset_class=wire.asset_class,
        status=wire.status,
        tradable=wire.tradable,
        fractionable=wire.fractionable,
        shortable=wire.shortable,
        marginable=wire.marginable,
    )


def to_clock(wire: w.WireClock) -> MarketClock:
    """Whether the market is open, and when it next opens and closes."""
    return MarketClock(
        timestamp=wire.timestamp,
        is_open=wire.is_open,
        next_open=wire.next_open,
        next_close=wire.next_close,
    )


def to_calendar_day(wire: w.WireCalendarDay) -> CalendarDay:
    """One trading day."""
    return CalendarDay(date=wire.date, open=wire.open, close=wire.close)


def to_portfolio_history(wire: w.WirePortfolioHistory) -> PortfolioHistory:
    """Equity points, skipping slots the broker left empty."""
    points = [
        PortfolioPoint(
            timestamp=dt.datetime.fromtimestamp(ts, dt.UTC),
            equity=equity,
            profit_loss=pl if pl is not None else Decimal(0),
            profit_loss_pct=pct if pct is not None else Decimal(0),
        )
        for ts, equity, pl, pct in zip(
            wire.timestamp, wire.equity, wire.profit_loss, wire.profit_loss_pct, strict=True
        )
        if equity is not None
    ]
    return PortfolioHistory(timeframe=wire.timeframe, base_value=wire.base_value, points=points)
