"""Net worth: snapshots from accounts and holdings, history, change and attribution.

:func:`compute_snapshot` values accounts and holdings (with quotes and FX rates) into a
:class:`~fin_infra.models.NetWorthSnapshot`; :class:`NetWorthTracker` stores them as immutable
:class:`NetWorthRecord` rows in a :class:`SnapshotRepository` (in memory by default) and reports
:class:`NetWorthChange` between dates with :func:`net_worth_change`.
"""

from __future__ import annotations

from fin_infra.net_worth.history import net_worth_change
from fin_infra.net_worth.models import NetWorthCategory, NetWorthChange, NetWorthRecord
from fin_infra.net_worth.repository import InMemorySnapshotRepository, SnapshotRepository
from fin_infra.net_worth.tracker import NetWorthTracker
from fin_infra.net_worth.valuation import PROPERTY_SUBTYPES, account_category, compute_snapshot

__all__ = [
    "PROPERTY_SUBTYPES",
    "InMemorySnapshotRepository",
    "NetWorthCategory",
    "NetWorthChange",
    "NetWorthRecord",
    "NetWorthTracker",
    "SnapshotRepository",
    "account_category",
    "compute_snapshot",
    "net_worth_change",
]
