"""Net-worth categories, the stored (immutable) snapshot, and the change between two of them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from fin_infra._tracking.records import Record
from fin_infra.models import Amount, CurrencyCode, DomainModel, NetWorthSnapshot

__all__ = ["NetWorthCategory", "NetWorthChange", "NetWorthRecord"]


class NetWorthCategory(StrEnum):
    """Where a balance counts: four kinds of asset, and debt.

    These are the keys of a snapshot's ``assets_breakdown`` (debt is broken down by account type
    in ``liabilities_breakdown``) and of a change's attribution.
    """

    CASH = "cash"
    INVESTMENTS = "investments"
    PROPERTY = "property"
    OTHER = "other"
    DEBT = "debt"


class NetWorthRecord(Record, NetWorthSnapshot):
    """A user's stored :class:`~fin_infra.models.NetWorthSnapshot`: immutable once taken."""


class NetWorthChange(DomainModel):
    """How net worth moved from one snapshot to another, and which categories moved it.

    ``attribution`` maps each asset category to its change and ``debt`` to minus the change in
    liabilities (less debt adds to net worth), so its values add up to ``change``. ``percent`` is
    relative to the absolute starting net worth, None when that is zero.
    """

    start: dt.date
    end: dt.date
    currency: CurrencyCode
    start_net_worth: Amount
    end_net_worth: Amount
    change: Amount
    percent: Amount | None
    attribution: dict[str, Amount]
