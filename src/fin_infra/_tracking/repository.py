"""The async repository verbs the trackers speak, and an in-memory implementation of them.

The verbs are those of the scaffolded SQL repositories (``create get list update delete
restore``); the adapters of :mod:`fin_infra._tracking.sql` speak them, records in and records
out, over the scaffolded tables. ``get``/``update``/``delete`` of
an unknown (or soft-deleted) id raise :class:`~fin_infra.errors.NotFoundError`; creating an id
that exists raises :class:`~fin_infra.errors.ConflictError`.
"""

from __future__ import annotations

import builtins
from typing import Generic, Protocol, TypeVar

from fin_infra._tracking.records import Clock, Record, utc_now
from fin_infra.errors import ConflictError, NotFoundError, ValidationError

__all__ = ["InMemoryRepository", "InMemoryStore", "Repository", "Store"]

R = TypeVar("R", bound=Record)


class Store(Protocol[R]):
    """Create, read and (soft) delete records; no update (what immutable snapshots need)."""

    async def create(self, item: R) -> R:
        """Store a new record; ``ConflictError`` if its id (or a unique key) exists."""
        ...

    async def get(self, id: str) -> R:
        """The live record ``id``; ``NotFoundError`` if unknown or soft-deleted."""
        ...

    async def list(
        self, user_id: str, *, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> builtins.list[R]:
        """A page of ``user_id``'s records, oldest first."""
        ...

    async def delete(self, id: str, *, soft: bool = True) -> None:
        """Hide the record (``soft``) or remove it for good."""
        ...

    async def restore(self, id: str) -> R:
        """Undo a soft delete; ``NotFoundError`` if ``id`` is not soft-deleted."""
        ...


class Repository(Store[R], Protocol[R]):
    """A :class:`Store` whose records can also be replaced by a new version."""

    async def update(self, item: R) -> R:
        """Replace the live record with ``item.id`` by ``item``."""
        ...


class InMemoryStore(Generic[R]):
    """:class:`Store` in a dict: for unit tests, scripts and notebooks (not shared, not durable)."""

    def __init__(self, *, clock: Clock = utc_now) -> None:
        self._rows: dict[str, R] = {}
        self._clock = clock

    def _sort_key(self, item: R) -> tuple[object, ...]:
        return (item.created_at,)

    def _live(self, id: str) -> R:
        row = self._rows.get(id)
        if row is None or row.deleted_at is not None:
            raise NotFoundError(f"no record with id {id!r}")
        return row

    def _check_unique(self, item: R) -> None:
        """Hook for subclasses that emulate a unique constraint beyond the id."""

    async def create(self, item: R) -> R:
        """Store a new record; ``ConflictError`` if its id (or a unique key) exists."""
        if item.id in self._rows:
            raise ConflictError(f"a record with id {item.id!r} already exists")
        self._check_unique(item)
        self._rows[item.id] = item
        return item

    async def get(self, id: str) -> R:
        """The live record ``id``; ``NotFoundError`` if unknown or soft-deleted."""
        return self._live(id)

    async def list(
        self, user_id: str, *, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> builtins.list[R]:
        """A page of ``user_id``'s records, oldest first."""
        if limit < 0 or offset < 0:
            raise ValidationError("limit and offset must not be negative")
        rows = [
            r
            for r in self._rows.values()
            if r.user_id == user_id and (include_deleted or r.deleted_at is None)
        ]
        rows.sort(key=self._sort_key)
        return rows[offset : offset + limit]

    async def delete(self, id: str, *, soft: bool = True) -> None:
        """Hide the record (``soft``) or remove it for good."""
        row = self._live(id) if soft else self._rows.get(id)
        if row is None:
            raise NotFoundError(f"no record with id {id!r}")
        if soft:
            self._rows[id] = row.model_copy(update={"deleted_at": self._clock()})
        else:
            del self._rows[id]

    async def restore(self, id: str) -> R:
        """Undo a soft delete; ``NotFoundError`` if ``id`` is not soft-deleted."""
        row = self._rows.get(id)
        if row is None or row.deleted_at is None:
            raise NotFoundError(f"no soft-deleted record with id {id!r}")
        restored = row.model_copy(update={"deleted_at": None})
        self._check_unique(restored)
        self._rows[id] = restored
        return restored


class InMemoryRepository(InMemoryStore[R]):
    """:class:`Repository` in a dict: an :class:`InMemoryStore` that can also update."""

    async def update(self, item: R) -> R:
        """Replace the live record with ``item.id`` by ``item``."""
        current = self._live(item.id)
        if item.user_id != current.user_id:
            raise ValidationError("a record cannot move to another user")
        self._rows[item.id] = item
        return item
