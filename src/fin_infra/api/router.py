"""Build the CRUD router of one :class:`SqlResource`.

Handlers are thin: dependencies give the session, tenant, owner and permission; the
:class:`~fin_infra.persistence.Repository` does the SQL; the handler commits and serializes.
Route signatures are built per resource so OpenAPI shows the real schemas and typed parameters.
Only the resource's ``mounted_operations()`` get a route.
"""

from __future__ import annotations

import inspect as pyinspect
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.api.body import DecimalRoute
from fin_infra.api.dependencies import permission_dependency
from fin_infra.api.errors import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fin_infra.api.owner import OwnedRepository, owner_of, without_owner
from fin_infra.api.resource import SqlResource
from fin_infra.api.schemas import derive_schemas, field_type, page_schema
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
    router = APIRouter(
        prefix=resource.prefix, tags=list(resource.tags or [name]), route_class=DecimalRoute
    )

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
        return OwnedRepository(db, tenant_id, owner_column=owner_field, owner=owner, **options)

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
