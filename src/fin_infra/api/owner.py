"""Owners: a column the server fills from the authenticated caller, never from the body.

``SqlResource(owner_field=..., owner_dependency=...)`` uses these pieces: the owner dependency
wrapper (403 when the caller has no id), the write schemas with the owner field made server-owned
(hidden from OpenAPI, a 422 when sent), and a repository limited to the caller's rows.
"""

from __future__ import annotations

import builtins
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, HTTPException
from pydantic import BaseModel, BeforeValidator, Field, create_model
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import ColumnElement

from fin_infra.errors import ValidationError
from fin_infra.persistence.repository import Repository

__all__ = ["OwnedRepository", "owner_of", "without_owner"]


class OwnedRepository(Repository[Any]):
    """A repository whose every statement is also limited to one owner's rows."""

    def __init__(self, *args: Any, owner_column: str, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner_column = owner_column
        self._owner = owner

    def _scope(self, *, deleted: bool | None) -> builtins.list[ColumnElement[bool]]:
        return [*super()._scope(deleted=deleted), self._column(self._owner_column) == self._owner]

    def _guard_tenant(self, values: Mapping[str, Any]) -> None:
        super()._guard_tenant(values)
        if self._owner_column in values and values[self._owner_column] != self._owner:
            raise ValidationError("a row cannot be given to another owner")


def owner_of(dependency: Callable[..., Any] | None) -> Callable[..., Awaitable[Any]]:
    """Wrap the resource's owner dependency: its value, or 403 when it names no one."""
    if dependency is None:

        async def no_owner() -> None:
            return None

        return no_owner

    async def owner(value: Any) -> Any:
        if isinstance(value, UUID):
            return value
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise HTTPException(status_code=403, detail="no owner for the caller")
        return value

    owner.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                "value",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=Annotated[Any, Depends(dependency)],
            )
        ]
    )
    return owner


def _server_filled(field: str) -> Any:
    """A body field the client may not send: hidden from OpenAPI, a 422 when present."""

    def refuse(value: Any) -> Any:
        raise PydanticCustomError(
            "server_owned",
            "{field} is set by the server from the authenticated caller; do not send it",
            {"field": field},
        )

    hidden = SkipJsonSchema()  # type: ignore[type-arg]  # the marker form (no wrapped type)
    return (
        Annotated[Any, hidden, BeforeValidator(refuse)],
        Field(default=None, validate_default=False),
    )


def without_owner(schema: type[BaseModel], field: str | None) -> type[BaseModel]:
    """``schema`` with ``field`` made server-owned (a subclass, so its validators still run)."""
    if field is None or field not in schema.model_fields:
        return schema
    return create_model(
        schema.__name__,
        __base__=schema,
        __module__=schema.__module__,
        **{field: _server_filled(field)},
    )
