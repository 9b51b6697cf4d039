"""``Repository``: the fixed verb set (create get list update delete restore) over one model.

A repository owns the SQL for one model inside one session. When the model is tenant-scoped every
statement is filtered by the repository's tenant, new rows are stamped with it, and no update can
change it. When the model has ``deleted_at``, delete is soft and reads skip deleted rows unless
asked. Driver errors leave as fin-infra errors through :func:`translate_errors`.

Subclass it per model (``class BudgetRepository(Repository[Budget]): model = Budget``) or pass
``model=`` to the constructor. A subclass may also name the column holding the owning user
(``owner_field``: ``list("u1")`` then lists that user's rows), the default ordering
(``default_order``) and forbid edits (``immutable``); ``fin-infra scaffold`` generates exactly
such subclasses. The caller owns the transaction: the verbs flush, never commit.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, func, inspect, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.persistence.base import ModelBase, utcnow
from fin_infra.persistence.errors import UniqueViolationError, translate_errors

__all__ = ["MAX_PAGE_SIZE", "Page", "Repository", "escape_like"]

M = TypeVar("M", bound=ModelBase)
MAX_PAGE_SIZE = 200
_ESCAPE = "!"
_NO_TENANT: Any = object()
_ANY_OWNER: Any = object()


def escape_like(text: str) -> str:
    """Escape ``%``, ``_`` and the escape character itself so ``text`` matches literally."""
    return (
        text.replace(_ESCAPE, _ESCAPE * 2).replace("%", f"{_ESCAPE}%").replace("_", f"{_ESCAPE}_")
    )


@dataclass(frozen=True, slots=True)
class Page(Generic[M]):
    """One page of rows and the numbers a client needs to page through the rest."""

    items: list[M]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages ``total`` rows fill (0 when there are none)."""
        return math.ceil(self.total / self.page_size)

    def __iter__(self) -> Iterator[M]:
        """The page's rows (``for row in await repo.list(...)``)."""
        return iter(self.items)


class Repository(Generic[M]):
    """Create, get, list, update, delete and restore rows of ``model`` in one tenant's scope."""

    model: type[M]
    tenant_field: str | None = "tenant_id"
    soft_delete_field: str = "deleted_at"
    owner_field: ClassVar[str | None] = None
    """The column naming the user a row belongs to: ``list(owner)`` filters by it."""
    default_order: ClassVar[tuple[Any, ...]] = ()
    """Order of ``list`` when no ``order_by`` is given, e.g. ``(Budget.period_start.desc(),)``;
    the primary key always breaks ties."""
    immutable: ClassVar[bool] = False
    """Rows are never edited once created (``update`` refuses), e.g. net worth snapshots."""

    def __init__(
        self,
        session: AsyncSession,
        tenant_id: Any = _NO_TENANT,
        *,
        model: type[M] | None = None,
        tenant_field: str | None = _NO_TENANT,
        soft_delete: bool | None = None,
    ) -> None:
        if model is not None:
            self.model = model
        if not hasattr(self, "model"):
            raise ValidationError(
                f"{type(self).__name__} needs a model (class attribute or model=)"
            )
        columns = self._columns = inspect(self.model).columns
        if tenant_field is not _NO_TENANT:
            self.tenant_field = tenant_field
        elif self.tenant_field is None or self.tenant_field not in columns:
            self.tenant_field = None
        if self.tenant_field is not None:
            if self.tenant_field not in columns:
                raise ValidationError(f"{self.model.__name__} has no column {self.tenant_field!r}")
            if tenant_id is _NO_TENANT or tenant_id is None or tenant_id == "":
                raise ValidationError(
                    f"{self.model.__name__} is tenant-scoped: pass tenant_id "
                    "(or tenant_field=None to opt out deliberately)"
                )
        self.tenant_id = None if tenant_id is _NO_TENANT else tenant_id
        self.soft_delete = self.soft_delete_field in columns if soft_delete is None else soft_delete
        if self.soft_delete and self.soft_delete_field not in columns:
            raise ValidationError(f"{self.model.__name__} has no column {self.soft_delete_field!r}")
        self.session = session
        self._pk = inspect(self.model).primary_key
        if len(self._pk) != 1:
            raise ValidationError(f"{self.model.__name__} needs a single-column primary key")

    # -- statement building ------------------------------------------------------------------

    def _column(self, name: str) -> InstrumentedAttribute[Any]:
        attribute = getattr(self.model, name, None)
        if (
            not isinstance(attribute, InstrumentedAttribute)
            or name not in inspect(self.model).columns
        ):
            raise ValidationError(f"{self.model.__name__} has no column {name!r}")
        return attribute

    def _writable(self, name: str) -> None:
        """Refuse a column the database computes (such as ``live_key``) or that does not exist."""
        if self._column(name).property.columns[0].computed is not None:
            raise ValidationError(f"{self.model.__name__}.{name} is computed by the database")

    def _scope(self, *, deleted: bool | None) -> builtins.list[ColumnElement[bool]]:
        """Tenant filter plus soft-delete filter: ``deleted`` True/False, or None for both."""
        conditions: builtins.list[ColumnElement[bool]] = []
        if self.tenant_field is not None:
            conditions.append(self._column(self.tenant_field) == self.tenant_id)
        if self.soft_delete and deleted is not None:
            column = self._column(self.soft_delete_field)
            conditions.append(column.is_not(None) if deleted else column.is_(None))
        return conditions

    def _by_id(self, id: Any, *, deleted: bool | None) -> Select[M]:
        return select(self.model).where(self._pk[0] == id, *self._scope(deleted=deleted))

    async def _one(self, id: Any, *, deleted: bool | None) -> M:
        with translate_errors():
            row = (
                await self.session.execute(self._by_id(id, deleted=deleted))
            ).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"{self.model.__name__} {id} not found")
        return row

    def _guard_tenant(self, values: Mapping[str, Any]) -> None:
        field = self.tenant_field
        if field is not None and field in values and values[field] != self.tenant_id:
            raise ValidationError("a row cannot be written into another tenant")

    async def _flush(self, row: M) -> M:
        """Flush, then load what the database computed on write (such as ``live_key`` or a
        server default): an async session cannot lazy-load it later, when the row is read."""
        with translate_errors():
            await self.session.flush()
            expired = inspect(row).expired_attributes
            if expired:
                await self.session.refresh(row, attribute_names=sorted(expired))
        return row

    # -- verbs ----------------------------------------------------------------------------------

    async def create(self, values: Mapping[str, Any] | BaseModel) -> M:
        """Insert a row from ``values`` (a mapping, or a schema such as ``BudgetCreate``),
        stamped with the repository's tenant, and return it."""
        if isinstance(values, BaseModel):
            values = values.model_dump()
        self._guard_tenant(values)
        for name in values:
            self._writable(name)
        row = self.model(**values)
        if self.tenant_field is not None:
            setattr(row, self.tenant_field, self.tenant_id)
        self.session.add(row)
        return await self._flush(row)

    async def get(self, id: Any, *, include_deleted: bool = False) -> M:
        """The row with primary key ``id``; ``NotFoundError`` if absent, deleted or not ours."""
        return await self._one(id, deleted=None if include_deleted else False)

    async def list(
        self,
        owner: Any = _ANY_OWNER,
        *,
        page: int = 1,
        page_size: int = 20,
        filters: Mapping[str, Any] | None = None,
        search: str | None = None,
        search_fields: Sequence[str] = (),
        order_by: str | None = None,
        order_dir: Literal["asc", "desc"] = "asc",
        include_deleted: bool = False,
    ) -> Page[M]:
        """A page of rows matching equality ``filters`` and ``search`` (a literal substring,
        case-insensitive, over ``search_fields``), ordered by ``order_by`` (else
        ``default_order``) then primary key; ``owner`` keeps one user's rows (``owner_field``)."""
        return await self._page(
            owner,
            deleted=None if include_deleted else False,
            page=page,
            page_size=page_size,
            filters=filters,
            search=search,
            search_fields=search_fields,
            order_by=order_by,
            order_dir=order_dir,
        )

    async def list_deleted(
        self,
        owner: Any = _ANY_OWNER,
        *,
        page: int = 1,
        page_size: int = 20,
        filters: Mapping[str, Any] | None = None,
        search: str | None = None,
        search_fields: Sequence[str] = (),
        order_by: str | None = None,
        order_dir: Literal["asc", "desc"] = "asc",
    ) -> Page[M]:
        """Like :meth:`list`, over soft-deleted rows only (what :meth:`restore` can bring back)."""
        if not self.soft_delete:
            raise ValidationError(f"{self.model.__name__} does not use soft delete")
        return await self._page(
            owner,
            deleted=True,
            page=page,
            page_size=page_size,
            filters=filters,
            search=search,
            search_fields=search_fields,
            order_by=order_by,
            order_dir=order_dir,
        )

    async def _page(
        self,
        owner: Any,
        *,
        deleted: bool | None,
        page: int,
        page_size: int,
        filters: Mapping[str, Any] | None,
        search: str | None,
        search_fields: Sequence[str],
        order_by: str | None,
        order_dir: Literal["asc", "desc"],
    ) -> Page[M]:
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValidationError(f"page must be >= 1 and page_size within 1..{MAX_PAGE_SIZE}")
        conditions = self._scope(deleted=deleted)
        if owner is not _ANY_OWNER:
            if self.owner_field is None:
                raise ValidationError(f"{type(self).__name__} has no owner_field to list by")
            conditions.append(self._column(self.owner_field) == owner)
        for name, value in (filters or {}).items():
            column = self._column(name)
            conditions.append(column.is_(None) if value is None else column == value)
        if search:
            pattern = f"%{escape_like(search)}%"
            matches = [self._column(f).ilike(pattern, escape=_ESCAPE) for f in search_fields]
            if not matches:
                raise ValidationError("search needs at least one search field")
            conditions.append(or_(*matches))
        ordering: builtins.list[Any] = []
        if order_by is not None:
            column = self._column(order_by)
            ordering.append(column.desc() if order_dir == "desc" else column.asc())
        else:
            ordering.extend(self.default_order)
        ordering.append(self._pk[0].desc() if order_dir == "desc" else self._pk[0].asc())
        # Deferred join: page through the (narrow, often index-only) primary keys first, then
        # load only the page's rows, so a deep OFFSET skips index entries instead of rows.
        keys = (
            select(self._pk[0].label("pk"))
            .where(*conditions)
            .order_by(*ordering)
            .limit(page_size)
            .offset((page - 1) * page_size)
            .subquery()
        )
        query = select(self.model).join(keys, self._pk[0] == keys.c.pk).order_by(*ordering)
        count = select(func.count()).select_from(self.model).where(*conditions)
        with translate_errors():
            total = (await self.session.execute(count)).scalar_one()
            items = builtins.list((await self.session.execute(query)).scalars().all())
        return Page(items=items, total=total, page=page, page_size=page_size)

    def select(self, *conditions: ColumnElement[bool], deleted: bool | None = False) -> Select[M]:
        """``SELECT`` of this repository's rows (tenant and soft delete applied) and ``conditions``:
        the start of a custom query, run with :meth:`scalars`."""
        return select(self.model).where(*self._scope(deleted=deleted), *conditions)

    async def scalars(self, query: Select[M]) -> builtins.list[M]:
        """The rows of ``query``, database errors translated."""
        with translate_errors():
            return builtins.list((await self.session.scalars(query)).all())

    async def update(self, id: Any, values: Mapping[str, Any] | BaseModel) -> M:
        """Set ``values`` (a mapping, or a schema whose set fields are applied) on the row
        ``id``; the tenant column can never change."""
        if self.immutable:
            raise ValidationError(f"{self.model.__name__} rows cannot be changed once created")
        if isinstance(values, BaseModel):
            values = values.model_dump(exclude_unset=True)
        self._guard_tenant(values)
        row = await self.get(id)
        for name, value in values.items():
            self._writable(name)
            setattr(row, name, value)
        return await self._flush(row)

    async def delete(self, id: Any, *, soft: bool = True) -> None:
        """Delete the row ``id``: soft when the model has ``deleted_at`` (a deleted row is then
        ``NotFoundError``), for good with ``soft=False`` (live or soft-deleted alike)."""
        soft = soft and self.soft_delete
        row = await self.get(id, include_deleted=not soft)
        with translate_errors():
            if soft:
                setattr(row, self.soft_delete_field, utcnow())
            else:
                await self.session.delete(row)
            await self.session.flush()

    async def restore(self, id: Any) -> M:
        """Undo a soft delete of row ``id``; ``NotFoundError`` if there is no deleted row ``id``."""
        if not self.soft_delete:
            raise ValidationError(f"{self.model.__name__} does not use soft delete")
        row = await self._one(id, deleted=True)
        setattr(row, self.soft_delete_field, None)
        try:
            await self._flush(row)
        except UniqueViolationError as error:
            raise UniqueViolationError(
                f"{self.model.__name__} {id} cannot be restored: a live row now holds its "
                "unique key (delete or change that row first)"
            ) from error
        return row
