"""Snapshots in the application's SQL table (``fin-infra scaffold net_worth``), for
``NetWorthTracker``.

>>> from fin_infra.net_worth import NetWorthTracker
>>> from fin_infra.net_worth.sql import SqlSnapshotRepository
>>> # tracker = NetWorthTracker(SqlSnapshotRepository(session, NetWorthSnapshot, tenant_id="acme"))

A record's ``as_of`` is the table's ``snapshot_date``; breakdowns live in JSON columns as decimal
strings. The table keeps ``(user_id, snapshot_date)`` unique (per tenant) among live snapshots,
as the in-memory store does: a soft-deleted snapshot frees its day, and restoring it once
another snapshot took that day raises ``ConflictError``. ``NetWorthTracker(one_per_day=False)``
cannot lift the table's constraint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from fin_infra._tracking.sql import (
    SqlStore,
    amounts_from_json,
    amounts_to_json,
    money_from_column,
)
from fin_infra.net_worth.models import NetWorthRecord
from fin_infra.persistence.errors import translate_errors

__all__ = ["SqlSnapshotRepository"]


class SqlSnapshotRepository(SqlStore[NetWorthRecord]):
    """:class:`~fin_infra.net_worth.SnapshotRepository` over a scaffolded ``NetWorthSnapshot``.

    ``SqlSnapshotRepository(session, NetWorthSnapshot, tenant_id=...)``: the session's
    transaction is the caller's (methods flush, never commit); ``tenant_id`` is required exactly
    when the table has a ``tenant_id`` column. Snapshots are immutable: there is no ``update``.
    """

    unique = (("user_id", "snapshot_date"),)

    def _conflict_message(self, held: str) -> str:
        return f"another live snapshot already has {held}"

    def _order(self) -> Sequence[Any]:
        return (self.model.snapshot_date, self.model.created_at, self.model.id)

    def _values(self, item: NetWorthRecord) -> dict[str, Any]:
        return {
            "snapshot_date": item.as_of,
            "currency": item.currency,
            "total_assets": item.total_assets,
            "total_liabilities": item.total_liabilities,
            "net_worth": item.net_worth,
            "assets_breakdown": amounts_to_json(item.assets_breakdown),
            "liabilities_breakdown": amounts_to_json(item.liabilities_breakdown),
        }

    def _record(self, row: Any) -> NetWorthRecord:
        return NetWorthRecord(
            **self._common(row),
            as_of=row.snapshot_date,
            currency=row.currency,
            total_assets=money_from_column(row.total_assets, row.currency),
            total_liabilities=money_from_column(row.total_liabilities, row.currency),
            net_worth=money_from_column(row.net_worth, row.currency),
            assets_breakdown=amounts_from_json(row.assets_breakdown),
            liabilities_breakdown=amounts_from_json(row.liabilities_breakdown),
        )

    async def latest(self, user_id: str) -> NetWorthRecord | None:
        """The user's most recent live snapshot, None when there is none."""
        query = (
            select(self.model)
            .where(self.model.user_id == user_id, *self._scope())
            .order_by(*(column.desc() for column in self._order()))
            .limit(1)
        )
        with translate_errors():
            row = (await self.session.scalars(query)).first()
        return None if row is None else self._record(row)

    async def between(self, user_id: str, start: dt.date, end: dt.date) -> list[NetWorthRecord]:
        """The user's live snapshots dated ``start`` to ``end`` inclusive, oldest first."""
        query = (
            select(self.model)
            .where(
                self.model.user_id == user_id,
                self.model.snapshot_date >= start,
                self.model.snapshot_date <= end,
                *self._scope(),
            )
            .order_by(*self._order())
        )
        with translate_errors():
            rows = (await self.session.scalars(query)).all()
        return [self._record(row) for row in rows]
