"""Matching: which open lots a sale consumes, and which purchases replace a loss sale."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

__all__ = ["Method", "ReplacementRule"]


class Method(StrEnum):
    """How a sale picks lots.

    ``FIFO`` oldest first, ``LIFO`` newest first, ``HIFO`` highest unit basis first (smallest gain,
    largest loss), ``AVERAGE`` average cost (the pool is re-averaged at each sale, units leave
    oldest first for the holding period, as for mutual funds), ``SPECIFIC`` the lot named by the
    sale's ``lot_id`` (every sale must name one). Any sale that names a ``lot_id`` is matched
    specifically whatever the method.
    """

    FIFO = "fifo"
    LIFO = "lifo"
    HIFO = "hifo"
    AVERAGE = "average"
    SPECIFIC = "specific"


class ReplacementRule(Protocol):
    """When a loss sale is replaced: within ``window_days`` by a buy in the same ``group``."""

    @property
    def window_days(self) -> int:
        """Days before and after the sale in which a purchase replaces the sold units."""
        ...

    def group(self, symbol: str) -> str:
        """The key shared by substantially identical symbols."""
        ...

    def tax_deferred(self, account_id: str) -> bool:
        """True for accounts (IRAs) whose sales are never wash sales and whose replacement
        purchases take no disallowed loss into their basis (the loss is then lost for good)."""
        ...
