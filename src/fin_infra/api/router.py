"""Build the CRUD router of one :class:`SqlResource`.

Handlers are thin: dependencies give the session, tenant, owner and permission; the
:class:`~fin_infra.persistence.Repository` does the SQL; the handler commits and serializes.
Route signatures are built per resource so OpenAPI shows the real schemas and typed parameters.
Only the resource's ``mounted_operations()`` get a route.
"""

from __future__ import annotations

import builtins
import inspect as pyinspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import ColumnElement, inspect
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.api.dependencies import permission_dependency
from fin_infra.api.errors import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fin_infra.api.resource import SqlResource
from fin_infra.api.schemas import derive_schemas, field_type, page_schema
from fin_infra.errors import ValidationError
from fin_infra.persistence.errors import translate_errors
from fin_infra.persistence.repository import MAX_PAGE_SIZE, Repository

__all__ = ["build_router"]

MAX_PAGE = 1_000_000
MAX_QUERY_LENGTH = 200


def _signed(handler: Callable[..., Any], **annotations: Any) -> Callable[..., Any]:
    """Give ``handler`` a signature with the resource's concrete parameter types."""
    signature = pyinspect.signature(handler)
    params = [
        p.replace(annotation=annotations.get(p.name, p.annotation))
        for p in signature.parameters.values()
    ]
    handler.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=params, return_annotation=annotations.get("return", signature.return_annotation)
    )
    return handler


def _create_values(body: BaseModel) -> dict[str, Any]:
    """Column values for an insert: what the client sent plus the schema's non-None defaults.

    An unset field whose default is None is left out, so the column's own default (or server
    default) applies; an unset field with a real default (``currency: str = "USD"`` in an
    application's create schema) is written, as the schema promises.
    """
    values = body.model_dump()
    for name in type(body).model_fields.keys() - body.model_fields_set:
        if values[name] is None:
            del values[name]
    return values


class _OwnedRepository(Repository[Any]):
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

    return _signed(owner, value=Annotated[Any, Depends(dependency)])


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


def _list_query(resource: SqlResource, *, search: bool) -> type[BaseModel]:
    """The list/search query parameters as one model: unknown parameters are a 422."""
    columns = inspect(resource.model).columns
    fields: dict[str, Any] = {
        "page": (int, Field(1, ge=1, le=MAX_PAGE)),
        "page_size": (int, Field(20, ge=1, le=MAX_PAGE_SIZE)),
    }
    if resource.search_fields:
        length = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH)
        fields["q"] = (
            (str, length) if search else (str | None, Field(None, max_length=MAX_QUERY_LENGTH))
        )
    if resource.order_fields:
        fields["order_by"] = (Literal[tuple(resource.order_fields)] | None, None)
        fields["order_dir"] = (Literal["asc", "desc"], "asc")
    if resource.resolved_soft_delete():
        fields["include_deleted"] = (bool, False)
    for name in resource.filter_fields:
        python, constraints = field_type(columns[name])
        fields[name] = (python | None, Field(None, **constraints))
    suffix = "Search" if search else "List"
    return create_model(
        f"{resource.name}{suffix}Query", __config__=ConfigDict(extra="forbid"), **fields
    )


def build_router(
    resource: SqlResource,
    *,
    session: Callable[..., Any],
    tenant: Callable[..., Any],
) -> APIRouter:
    """The router for ``resource`` (mounted by :func:`fin_infra.api.add_sql_resources`)."""
    tenant_field = resource.resolved_tenant_field()
    owner_field = resource.owner_field
    soft_delete = resource.resolved_soft_delete()
    operations = resource.mounted_operations()
    read, create, update = derive_schemas(resource.model, tenant_field)
    read = resource.read_schema or read
    create = without_owner(resource.create_schema or create, owner_field)
    update = without_owner(resource.update_schema or update, owner_field)
    page = page_schema(read)
    pk_type = inspect(resource.model).primary_key[0].type.python_type
    name = resource.name
    slug = resource.prefix.strip("/").replace("/", "_").replace("-", "_")  # prefixes are unique
    router = APIRouter(prefix=resource.prefix, tags=list(resource.tags or [name]))

    injected = {
        "db": Annotated[AsyncSession, Depends(session)],
        "tenant_id": Annotated[str | None, Depends(tenant)],
        "owner": Annotated[Any, Depends(owner_of(resource.owner_dependency))],
    }

    def sign(handler: Callable[..., Any], **annotations: Any) -> Callable[..., Any]:
        return _signed(handler, **injected, **annotations)

    def deps(action: str) -> list[Any]:
        rule = resource.permission_rules.get(action)
        return [] if rule is None else [Depends(permission_dependency(action, rule))]

    def repo(db: AsyncSession, tenant_id: str | None, owner: Any) -> Repository[Any]:
        options: dict[str, Any] = {
            "model": resource.model,
            "tenant_field": tenant_field,
            "soft_delete": soft_delete,
        }
        if owner_field is None:
            return Repository(db, tenant_id, **options)
        return _OwnedRepository(db, tenant_id, owner_column=owner_field, owner=owner, **options)

    async def commit(db: AsyncSession) -> None:
        with translate_errors():
            await db.commit()

    def out(row: Any) -> Any:
        return read.model_validate(row, from_attributes=True)

    def listing(query: BaseModel, db: AsyncSession, tenant_id: str | None, owner: Any) -> Any:
        values = query.model_dump()
        filters = {n: values[n] for n in resource.filter_fields if values.get(n) is not None}
        return repo(db, tenant_id, owner).list(
            page=values["page"],
            page_size=values["page_size"],
            filters=filters,
            search=values.get("q"),
            search_fields=resource.search_fields,
            order_by=values.get("order_by"),
            order_dir=values.get("order_dir", "asc"),
            include_deleted=values.get("include_deleted", False),
        )

    def page_out(result: Any) -> Any:
        return page.model_validate(
            {
                "items": [out(r) for r in result.items],
                "total": result.total,
                "page": result.page,
                "page_size": result.page_size,
                "pages": result.pages,
            }
        )

    def add(
        method: str, path: str, verb: str, action: str, handler: Callable[..., Any], **extra: Any
    ) -> None:
        if action not in operations:
            return
        router.add_api_route(
            path,
            handler,
            methods=[method],
            operation_id=f"{verb}_{slug}",
            dependencies=deps(action),
            responses=BODY_ERROR_RESPONSES if method in ("POST", "PATCH") else ERROR_RESPONSES,
            **extra,
        )

    def listing_route(search: bool) -> Callable[..., Any]:
        async def handler(query: Any, db: AsyncSession, tenant_id: str | None, owner: Any) -> Any:
            return page_out(await listing(query, db, tenant_id, owner))

        return sign(handler, query=Annotated[_list_query(resource, search=search), Query()])

    async def create_row(body: Any, db: AsyncSession, tenant_id: str | None, owner: Any) -> Any:
        values = _create_values(body)
        if owner_field is not None:
            values[owner_field] = owner  # stamped by the server, never taken from the body
        row = await repo(db, tenant_id, owner).create(values)
        await commit(db)
        return out(row)

    async def get_row(id: Any, db: AsyncSession, tenant_id: str | None, owner: Any) -> Any:
        return out(await repo(db, tenant_id, owner).get(id))

    async def update_row(
        id: Any, body: Any, db: AsyncSession, tenant_id: str | None, owner: Any
    ) -> Any:
        row = await repo(db, tenant_id, owner).update(id, body.model_dump(exclude_unset=True))
        await commit(db)
        return out(row)

    async def delete_row(id: Any, db: AsyncSession, tenant_id: str | None, owner: Any) -> Response:
        await repo(db, tenant_id, owner).delete(id)
        await commit(db)
        return Response(status_code=204)

    async def restore_row(id: Any, db: AsyncSession, tenant_id: str | None, owner: Any) -> Any:
        row = await repo(db, tenant_id, owner).restore(id)
        await commit(db)
        return out(row)

    add(
        "POST",
        "/",
        "create",
        "create",
        sign(create_row, body=create),
        status_code=201,
        response_model=read,
        summary=f"Create a {name}",
    )
    add(
        "GET",
        "/",
        "list",
        "list",
        listing_route(search=False),
        response_model=page,
        summary=f"List {name} rows (paginated, filtered, ordered)",
    )
    if resource.search_fields:  # before /{id}, which would match "search"
        add(
            "GET",
            "/search",
            "search",
            "search",
            listing_route(search=True),
            response_model=page,
            summary=f"Search {name} rows by {', '.join(resource.search_fields)}",
        )
    add(
        "GET",
        "/{id}",
        "get",
        "read",
        sign(get_row, id=pk_type),
        response_model=read,
        summary=f"Get one {name}",
    )
    add(
        "PATCH",
        "/{id}",
        "update",
        "update",
        sign(update_row, id=pk_type, body=update),
        response_model=read,
        summary=f"Update a {name} (partial)",
    )
    add(
        "DELETE",
        "/{id}",
        "delete",
        "delete",
        sign(delete_row, id=pk_type),
        status_code=204,
        response_class=Response,
        summary=f"Delete a {name}" + (" (soft)" if soft_delete else ""),
    )
    add(
        "POST",
        "/{id}/restore",
        "restore",
        "restore",
        sign(restore_row, id=pk_type),
        response_model=read,
        summary=f"Restore a soft-deleted {name}",
    )
    return router
