"""Where snapshots are stored: a create-only repository protocol and its in-memory version.

Snapshots are immutable, so the protocol has no ``update``; it adds ``latest`` and ``between``,
as the scaffolded SQL repository does. The in-memory version, like the SQL table's unique
key, refuses a second live snapshot of one user on one day unless told otherwise; a
soft-deleted snapshot frees its day, in memory as on the scaffolded SQL table
(:mod:`fin_infra.net_worth.sql`).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from fin_infra._tracking.records import Clock, utc_now
from fin_infra._tracking.repository import InMemoryStore, Store
from fin_infra.errors import ConflictError
from fin_infra.net_worth.models import NetWorthRecord

__all__ = ["InMemorySnapshotRepository", "SnapshotRepository"]


class SnapshotRepository(Store[NetWorthRecord], Protocol):
    """Storage for snapshots: ``create get list delete restore`` plus ``latest`` and ``between``.

    ``list`` and ``between`` return snapshots in date order.
    """

    async def latest(self, user_id: str) -> NetWorthRecord | None:
        """The user's most recent live snapshot, None when there is none."""
        ...

    async def between(self, user_id: str, start: dt.date, end: dt.date) -> list[NetWorthRecord]:
        """The user's live snapshots dated ``start`` to ``end`` inclusive, oldest first."""
        ...


class InMemorySnapshotRepository(InMemoryStore[NetWorthRecord]):
    """Snapshots in a dict: the tracker's default storage, for tests and scripts."""

    def __init__(self, *, unique_per_day: bool = True, clock: Clock = utc_now) -> None:
        super().__init__(clock=clock)
        self.unique_per_day = unique_per_day

    def _sort_key(self, item: NetWorthRecord) -> tuple[object, ...]:
        return (item.as_of, item.created_at)

    def _check_unique(self, item: NetWorthRecord) -> None:
        if not self.unique_per_day:
            return
        for row in self._rows.values():
            same_day = row.user_id == item.user_id and row.as_of == item.as_of
            if same_day and row.id != item.id and row.deleted_at is None:
                raise ConflictError(
                    f"user {item.user_id!r} already has a snapshot for {item.as_of}"
                )

    async def latest(self, user_id: str) -> NetWorthRecord | None:
        """The user's most recent live snapshot, None when there is none."""
        rows = await self.between(user_id, dt.date.min, dt.date.max)
        return rows[-1] if rows else None

    async def between(self, user_id: str, start: dt.date, end: dt.date) -> list[NetWorthRecord]:
        """The user's live snapshots dated ``start`` to ``end`` inclusive, oldest first."""
        rows = [
            r
            for r in self._rows.values()
            if r.user_id == user_id and r.deleted_at is None and start <= r.as_of <= end
        ]
        return sorted(rows, key=self._sort_key)
