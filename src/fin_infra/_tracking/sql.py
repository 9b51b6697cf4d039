"""The tracker repository verbs over a scaffolded SQL table: one session, one model class.

An adapter is given the application's ``AsyncSession`` and the model class that ``fin-infra
scaffold`` generated (``Budget``, ``Goal``, ``NetWorthSnapshot``), optionally a ``tenant_id``
when the table is tenant-scoped. It speaks the tracker protocols (records in, records out) and
leaves the transaction to the caller: methods flush, never commit.

Behaviour matches the in-memory repositories: ids are the records' hex UUIDs, ``list`` is oldest
first by ``created_at`` then id, a missing or soft-deleted id is ``NotFoundError``, an existing
id or a taken unique key is ``ConflictError``. On a soft-deletable table only live rows hold a
unique key (the scaffold declares it with ``live_unique``): a deleted record frees its key, and
restoring it while a live record holds the key is a ``ConflictError``. Unique keys are checked
with a query before the write, so a foreseeable conflict never breaks the caller's transaction.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from fin_infra._tracking.records import Clock, Record, utc_now
from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.money import minor_units, quantize
from fin_infra.persistence.errors import translate_errors

__all__ = [
    "SqlRepository",
    "SqlStore",
    "amounts_from_json",
    "amounts_to_json",
    "money_from_column",
    "rate_from_column",
]

R = TypeVar("R", bound=Record)


def amounts_to_json(amounts: Mapping[str, Decimal]) -> dict[str, str]:
    """Amounts as a scaffolded JSON column stores them: decimal strings (JSON has no decimal).

    >>> amounts_to_json({"Groceries": Decimal("600.10")})
    {'Groceries': '600.10'}
    """
    return {name: str(amount) for name, amount in amounts.items()}


def amounts_from_json(stored: Mapping[str, str] | None) -> dict[str, Decimal]:
    """The exact amounts of a JSON column written by :func:`amounts_to_json`."""
    return {name: Decimal(amount) for name, amount in (stored or {}).items()}


def rate_from_column(value: Decimal) -> Decimal:
    """A number read from a fixed-scale column without the scale's trailing zeros.

    >>> rate_from_column(Decimal("0.0350")), rate_from_column(Decimal("100.0000"))
    (Decimal('0.035'), Decimal('100'))
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def money_from_column(value: Decimal, currency: str) -> Decimal:
    """An amount read from a ``NUMERIC(19, 4)`` column at its currency's minor unit when that
    loses nothing (``100.0000`` USD -> ``100.00``), else as precise as stored.

    The in-memory store hands back amounts as they were given; tracker amounts are mostly
    computed at the minor unit, so this keeps both storages' answers alike, digit for digit.

    >>> money_from_column(Decimal("100.0000"), "USD"), money_from_column(Decimal("0.0125"), "USD")
    (Decimal('100.00'), Decimal('0.0125'))
    """
    try:
        places = minor_units(currency)
    except ValidationError:
        return rate_from_column(value)
    rounded = quantize(value, places)
    return rounded if rounded == value else rate_from_column(value)


class SqlStore(Generic[R]):
    """Create, read and (soft) delete tracker records in a scaffolded table.

    Subclasses name the record type, map records to column values (``_values``) and rows back
    to records (``_record``), and may list column groups that must stay unique (``unique``).
    """

    unique: ClassVar[tuple[tuple[str, ...], ...]] = ()
    """Column groups (besides ``tenant_id``) the scaffolded table keeps unique among live rows
    (among all rows when the table has no ``deleted_at``)."""

    def __init__(
        self,
        session: AsyncSession,
        model: type[Any],
        *,
        tenant_id: str | None = None,
        clock: Clock = utc_now,
    ) -> None:
        mapper = inspect(model, raiseerr=False)
        if mapper is None:
            raise ValidationError(f"{model!r} is not a mapped model class")
        columns = set(mapper.columns.keys())
        missing = {"id", "user_id", "created_at", "updated_at"} - columns
        if missing:
            raise ValidationError(f"{model.__name__} lacks the columns {sorted(missing)}")
        self._tenant = "tenant_id" in columns
        if self._tenant and not tenant_id:
            raise ValidationError(f"{model.__name__} is tenant-scoped: give the caller's tenant_id")
        if not self._tenant and tenant_id:
            raise ValidationError(f"{model.__name__} has no tenant_id column")
        self.session = session
        self.model = model
        self.tenant_id = tenant_id
        self._soft = "deleted_at" in columns
        self._clock = clock

    def _values(self, item: R) -> dict[str, Any]:
        """The domain columns of ``item`` (not id, owner, tenant or audit columns)."""
        raise NotImplementedError

    def _record(self, row: Any) -> R:
        """The record stored in ``row``."""
        raise NotImplementedError

    def _common(self, row: Any) -> dict[str, Any]:
        """The record fields every table stores the same way."""
        return {
            "id": row.id.hex,
            "user_id": row.user_id,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "deleted_at": row.deleted_at if self._soft else None,
        }

    def _order(self) -> Sequence[Any]:
        return (self.model.created_at, self.model.id)

    def _scope(self, *, deleted: bool | None = False) -> list[ColumnElement[bool]]:
        """This tenant's rows: live, soft-deleted or (None) both."""
        conditions: list[ColumnElement[bool]] = []
        if self._tenant:
            conditions.append(self.model.tenant_id == self.tenant_id)
        if self._soft and deleted is not None:
            column = self.model.deleted_at
            conditions.append(column.is_not(None) if deleted else column.is_(None))
        elif deleted:
            conditions.append(self.model.id.is_(None))  # no soft delete: nothing is deleted
        return conditions

    @staticmethod
    def _keep_updated_at(row: Any) -> None:
        """Write ``updated_at`` as it is, so the column's ``onupdate`` leaves it alone: a
        (soft) delete or restore is not an edit, as in the in-memory store."""
        flag_modified(row, "updated_at")

    async def _row(self, id: str, *, deleted: bool | None = False) -> Any | None:
        try:
            key = uuid.UUID(hex=id)
        except (TypeError, ValueError):
            return None
        query = select(self.model).where(self.model.id == key, *self._scope(deleted=deleted))
        with translate_errors():
            return (await self.session.scalars(query)).one_or_none()

    async def _live(self, id: str) -> Any:
        row = await self._row(id)
        if row is None:
            raise NotFoundError(f"no record with id {id!r}")
        return row

    async def _check_unique(self, values: Mapping[str, Any], id: uuid.UUID) -> None:
        """``ConflictError`` when another live row holds one of the ``unique`` keys of
        ``values`` (any row when the table has no soft delete)."""
        for key in self.unique:
            query = select(self.model.id).where(
                *(getattr(self.model, column) == values[column] for column in key),
                self.model.id != id,
                *self._scope(deleted=False),
            )
            with translate_errors():
                taken = (await self.session.scalars(query.limit(1))).first()
            if taken is not None:
                held = ", ".join(f"{column}={values[column]}" for column in key)
                raise ConflictError(self._conflict_message(held))

    def _conflict_message(self, held: str) -> str:
        return f"another {self.model.__name__} already has {held}"

    async def create(self, item: R) -> R:
        """Store a new record; ``ConflictError`` if its id (or a unique key) exists."""
        key = uuid.UUID(hex=item.id)
        with translate_errors():
            exists = await self.session.get(self.model, key)
        if exists is not None:
            raise ConflictError(f"a record with id {item.id!r} already exists")
        values = {**self._values(item), "user_id": item.user_id}
        await self._check_unique(values, key)
        row = self.model(
            **values,
            id=key,
            created_at=item.created_at,
            updated_at=item.updated_at,
            **({"tenant_id": self.tenant_id} if self._tenant else {}),
        )
        self.session.add(row)
        with translate_errors():
            await self.session.flush()
        return self._record(row)

    async def get(self, id: str) -> R:
        """The live record ``id``; ``NotFoundError`` if unknown or soft-deleted."""
        return self._record(await self._live(id))

    async def list(
        self, user_id: str, *, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> builtins.list[R]:
        """A page of ``user_id``'s records, oldest first."""
        if limit < 0 or offset < 0:
            raise ValidationError("limit and offset must not be negative")
        query = (
            select(self.model)
            .where(
                self.model.user_id == user_id,
                *self._scope(deleted=None if include_deleted else False),
            )
            .order_by(*self._order())
            .limit(limit)
            .offset(offset)
        )
        with translate_errors():
            rows = (await self.session.scalars(query)).all()
        return [self._record(row) for row in rows]

    async def delete(self, id: str, *, soft: bool = True) -> None:
        """Hide the record (``soft``) or remove it for good."""
        if soft and not self._soft:
            raise ValidationError(
                f"{self.model.__name__} has no deleted_at column (scaffold it with "
                "--include-soft-delete); delete with soft=False"
            )
        row = await self._row(id, deleted=False if soft else None)
        if row is None:
            raise NotFoundError(f"no record with id {id!r}")
        if soft:
            row.deleted_at = self._clock()
            self._keep_updated_at(row)
        else:
            await self.session.delete(row)
        with translate_errors():
            await self.session.flush()

    async def restore(self, id: str) -> R:
        """Undo a soft delete; ``NotFoundError`` if ``id`` is not soft-deleted."""
        row = await self._row(id, deleted=True)
        if row is None:
            raise NotFoundError(f"no soft-deleted record with id {id!r}")
        key = {column: getattr(row, column) for group in self.unique for column in group}
        await self._check_unique(key, row.id)
        row.deleted_at = None
        self._keep_updated_at(row)
        with translate_errors():
            await self.session.flush()
        return self._record(row)


class SqlRepository(SqlStore[R]):
    """:class:`SqlStore` whose records can also be replaced by a new version."""

    async def update(self, item: R) -> R:
        """Replace the live record with ``item.id`` by ``item``."""
        row = await self._live(item.id)
        if item.user_id != row.user_id:
            raise ValidationError("a record cannot move to another user")
        values = self._values(item)
        await self._check_unique({**values, "user_id": item.user_id}, row.id)
        for column, value in values.items():
            setattr(row, column, value)
        row.updated_at = item.updated_at
        with translate_errors():
            await self.session.flush()
        return self._record(row)
