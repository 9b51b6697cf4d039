"""Lot matching methods: which open lots a sale (or transfer out) consumes, in what order."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Method"]


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
