"""Brokerages behind one provider-neutral interface, :class:`BrokerageProvider`.

``AlpacaClient`` (in :mod:`fin_infra.providers.brokerage.alpaca`, or ``easy_brokerage("alpaca",
...)``) is the implementation; it trades on paper unless told otherwise, and never places the
same order twice.
"""

from __future__ import annotations

from fin_infra.providers.brokerage.base import (
    Asset,
    BrokerageAccount,
    BrokerageProvider,
    CalendarDay,
    MarketClock,
    Order,
    OrderOutcomeUnknownError,
    OrderSide,
    OrderStatus,
    OrderType,
    PortfolioHistory,
    PortfolioPoint,
    Position,
    TimeInForce,
    UnsupportedOrderError,
)
from fin_infra.providers.brokerage.registry import (
    available_brokerages,
    easy_brokerage,
    register_brokerage,
)

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
    "available_brokerages",
    "easy_brokerage",
    "register_brokerage",
]
