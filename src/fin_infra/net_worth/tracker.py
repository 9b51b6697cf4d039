"""``NetWorthTracker``: take, store and compare a user's net-worth snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from fin_infra._tracking.records import Clock, new_record, utc_now
from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.models import Account, Holding, NetWorthSnapshot, Quote
from fin_infra.net_worth.history import net_worth_change
from fin_infra.net_worth.models import NetWorthCategory, NetWorthChange, NetWorthRecord
from fin_infra.net_worth.repository import InMemorySnapshotRepository, SnapshotRepository
from fin_infra.net_worth.valuation import compute_snapshot
from fin_infra.normalization import FxRates

__all__ = ["NetWorthTracker"]


class NetWorthTracker:
    """Snapshots of net worth over time: immutable, at most one per user per day by default.

    Stateless itself: snapshots live in ``repository`` (in memory unless one is given). With
    ``one_per_day`` (the default) a second snapshot of a user on one day raises
    :class:`~fin_infra.errors.ConflictError`; delete the first to replace it.

    >>> import asyncio, datetime as dt
    >>> from fin_infra.models import AccountBalances
    >>> tracker = NetWorthTracker()
    >>> def bank(balance):
    ...     return [Account(id="chk", name="Checking", type="depository",
    ...                     balances=AccountBalances(current=balance))]
    >>> async def demo():
    ...     await tracker.take_snapshot("u1", bank("1000"), as_of=dt.date(2025, 1, 31))
    ...     await tracker.take_snapshot("u1", bank("1250"), as_of=dt.date(2025, 2, 28))
    ...     return await tracker.change("u1", dt.date(2025, 1, 31), dt.date(2025, 2, 28))
    >>> move = asyncio.run(demo())
    >>> move.change, move.percent, move.attribution
    (Decimal('250.00'), Decimal('25.00'), {'cash': Decimal('250.00'), 'debt': Decimal('0.00')})
    """

    def __init__(
        self,
        repository: SnapshotRepository | None = None,
        *,
        one_per_day: bool = True,
        clock: Clock = utc_now,
    ) -> None:
        self.repository: SnapshotRepository = repository or InMemorySnapshotRepository(
            unique_per_day=one_per_day, clock=clock
        )
        self.one_per_day = one_per_day
        self._clock = clock

    async def take_snapshot(
        self,
        user_id: str,
        accounts: Iterable[Account],
        holdings: Iterable[Holding] = (),
        quotes: Iterable[Quote] = (),
        *,
        as_of: dt.date | None = None,
        currency: str = "USD",
        fx: FxRates | None = None,
        categories: Mapping[str, NetWorthCategory | str] | None = None,
    ) -> NetWorthRecord:
        """Value ``accounts`` and ``holdings`` (see ``compute_snapshot``) and store the result."""
        snapshot = compute_snapshot(
            accounts,
            holdings,
            quotes,
            as_of=as_of or self._clock().date(),
            currency=currency,
            fx=fx,
            categories=categories,
        )
        return await self.record_snapshot(user_id, snapshot)

    async def record_snapshot(self, user_id: str, snapshot: NetWorthSnapshot) -> NetWorthRecord:
        """Store a snapshot computed elsewhere for ``user_id``."""
        if self.one_per_day and await self.repository.between(
            user_id, snapshot.as_of, snapshot.as_of
        ):
            raise ConflictError(f"user {user_id!r} already has a snapshot for {snapshot.as_of}")
        record = new_record(NetWorthRecord, self._clock, **dict(snapshot), user_id=user_id)
        return await self.repository.create(record)

    async def get_snapshot(self, snapshot_id: str) -> NetWorthRecord:
        """The snapshot ``snapshot_id``; ``NotFoundError`` if there is none (or it was deleted)."""
        return await self.repository.get(snapshot_id)

    async def latest(self, user_id: str) -> NetWorthRecord | None:
        """The user's most recent snapshot, None before the first."""
        return await self.repository.latest(user_id)

    async def history(self, user_id: str, start: dt.date, end: dt.date) -> list[NetWorthRecord]:
        """The user's snapshots from ``start`` to ``end`` inclusive: a time series, oldest first."""
        if end < start:
            raise ValidationError(f"end {end} is before start {start}")
        return await self.repository.between(user_id, start, end)

    async def _on_or_before(self, user_id: str, day: dt.date) -> NetWorthRecord:
        rows = await self.repository.between(user_id, dt.date.min, day)
        if not rows:
            raise NotFoundError(f"user {user_id!r} has no snapshot on or before {day}")
        return rows[-1]

    async def change(self, user_id: str, start: dt.date, end: dt.date) -> NetWorthChange:
        """Change and growth from ``start`` to ``end``, each read from the latest snapshot on or
        before that day; ``NotFoundError`` when there is none before ``start``."""
        if end < start:
            raise ValidationError(f"end {end} is before start {start}")
        before = await self._on_or_before(user_id, start)
        after = await self._on_or_before(user_id, end)
        return net_worth_change(before, after)

    async def delete_snapshot(self, snapshot_id: str, *, soft: bool = True) -> None:
        """Delete a snapshot (snapshots are never edited): restorable when ``soft``."""
        await self.repository.delete(snapshot_id, soft=soft)

    async def restore_snapshot(self, snapshot_id: str) -> NetWorthRecord:
        """Bring back a soft-deleted snapshot (``ConflictError`` if its day is taken since)."""
        return await self.repository.restore(snapshot_id)
