"""Brokerages behind one provider-neutral interface, :class:`BrokerageProvider`.

``AlpacaClient`` (in :mod:`fin_infra.providers.brokerage.alpaca`) is the implementation; it
trades on paper unless told otherwise, and never places the same order twice.
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
]
