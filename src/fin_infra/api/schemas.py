"""Pydantic schemas derived from a SQLAlchemy model: read, create, update, list page.

Server-owned columns (primary key, tenant, ``created_at``/``updated_at``, ``deleted_at``) are
readable but never writable: write schemas forbid unknown fields, so sending one is a 422. Money
(and any other decimal) columns follow the library's money rule
(:class:`fin_infra.models.AmountRule`): in, a decimal string or an exact JSON number within the
column's precision and scale; out, a decimal string. Integers are bounded by the column's size;
strings by its length; timestamps must be aware.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, create_model
from sqlalchemy import BigInteger, Column, Integer, Numeric, SmallInteger, String, inspect

from fin_infra.models import Amount
from fin_infra.models._types import amount_type
from fin_infra.persistence.types import MoneyAmount, UTCDateTime

__all__ = ["SERVER_OWNED", "derive_schemas", "field_type", "page_schema", "writable_columns"]

SERVER_OWNED = frozenset({"created_at", "updated_at", "deleted_at"})
_INT_BOUNDS = {SmallInteger: 2**15, Integer: 2**31, BigInteger: 2**63}


def writable_columns(model: type[Any], tenant_field: str | None) -> list[Column[Any]]:
    """The columns a client may set: all but primary key, tenant, audit, computed and internal
    columns."""
    owned = SERVER_OWNED | ({tenant_field} if tenant_field else set())
    return [
        c
        for c in _visible_columns(model)
        if not c.primary_key
        and c.key not in owned
        and not c.info.get("server_owned")
        and c.computed is None
    ]


def _visible_columns(model: type[Any]) -> list[Column[Any]]:
    """The columns an API shows: all but fin-infra's internal ones (such as ``live_key``)."""
    return [c for c in inspect(model).columns if not c.info.get("internal")]


def field_type(column: Column[Any]) -> tuple[Any, dict[str, Any]]:
    """The Python type and pydantic constraints for one column."""
    kind = column.type
    if isinstance(kind, MoneyAmount | Numeric) and kind.python_type is Decimal:
        return amount_type(kind.precision, kind.scale), {}
    if isinstance(kind, UTCDateTime):
        return AwareDatetime, {}
    for sql_type, bound in _INT_BOUNDS.items():
        if isinstance(kind, sql_type):
            return int, {"ge": -bound, "lt": bound}
    if isinstance(kind, String) and kind.length:
        return str, {"max_length": kind.length}
    python: Any = kind.python_type
    if python is datetime:
        return AwareDatetime, {}
    return python, {}


def _stored_amount(scale: int) -> Any:
    """An amount read back as the column stores it: exactly ``scale`` places, a JSON string."""
    step = Decimal(1).scaleb(-scale)
    return Annotated[Amount, AfterValidator(lambda v: v.quantize(step))]


def _scalar_default(column: Column[Any]) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return getattr(default, "arg", None)
    return None


def _write_fields(columns: Iterable[Column[Any]], *, partial: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column in columns:
        python, constraints = field_type(column)
        annotation = python | None if column.nullable else python
        optional = (
            partial
            or column.nullable
            or column.default is not None
            or column.server_default is not None
        )
        default = _scalar_default(column) if optional and not partial else None
        if optional:
            fields[column.key] = (annotation, Field(default=default, **constraints))
        else:
            fields[column.key] = (annotation, Field(**constraints))
    return fields


def derive_schemas(
    model: type[Any], tenant_field: str | None
) -> tuple[type[BaseModel], type[BaseModel], type[BaseModel]]:
    """``(read, create, update)`` schemas for ``model``."""
    name = model.__name__
    forbid = ConfigDict(extra="forbid")
    read_fields: dict[str, Any] = {}
    for column in _visible_columns(model):
        python, _ = field_type(column)
        if isinstance(column.type, MoneyAmount):
            python = _stored_amount(column.type.scale)
        read_fields[column.key] = (python | None if column.nullable else python, ...)
    read = create_model(f"{name}Read", __config__=ConfigDict(from_attributes=True), **read_fields)
    writable = writable_columns(model, tenant_field)
    create = create_model(
        f"{name}Create", __config__=forbid, **_write_fields(writable, partial=False)
    )
    update = create_model(
        f"{name}Update", __config__=forbid, **_write_fields(writable, partial=True)
    )
    return read, create, update


def page_schema(read: type[BaseModel]) -> type[BaseModel]:
    """The list response: ``items``, ``total``, ``page``, ``page_size``, ``pages``."""
    return create_model(
        f"{read.__name__}Page",
        items=(list[read], ...),  # type: ignore[valid-type]
        total=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        pages=(int, ...),
    )
