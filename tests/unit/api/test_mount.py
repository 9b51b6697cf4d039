"""add_sql_resources refuses unsafe configurations at mount time and documents what it mounts."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.api import ResourceConfigError, SqlResource, add_sql_resources, derive_schemas
from tests.fakes.sql_models import Budget, Ledger

SESSIONS: async_sessionmaker[AsyncSession] = async_sessionmaker()


def tenant() -> str:
    return "t"


def mount(*resources: SqlResource, **kwargs: Any) -> FastAPI:
    app = FastAPI()
    add_sql_resources(app, list(resources), session_factory=SESSIONS, **kwargs)
    return app


def test_tenant_scoped_resource_without_tenant_dependency_is_refused() -> None:
    for resource in (
        SqlResource(model=Budget, prefix="/b"),  # tenant_field auto-detected
        SqlResource(model=Budget, prefix="/b", tenant_field="tenant_id"),
    ):
        with pytest.raises(ResourceConfigError, match="no tenant_dependency"):
            mount(resource)
    mount(SqlResource(model=Ledger, prefix="/l"))  # not tenant-scoped: fine


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        (SqlResource(model=Ledger, prefix="l"), "prefix"),
        (SqlResource(model=Ledger, prefix="/l/"), "prefix"),
        (SqlResource(model=Ledger, prefix="/l", search_fields=["nope"]), "unknown column"),
        (SqlResource(model=Ledger, prefix="/l", order_fields=["nope"]), "unknown column"),
        (SqlResource(model=Ledger, prefix="/l", filter_fields=["nope"]), "unknown column"),
        (SqlResource(model=Ledger, prefix="/l", search_fields=["priority"]), "not a text column"),
        (SqlResource(model=Ledger, prefix="/l", soft_delete=True), "deleted_at"),
        (SqlResource(model=Ledger, prefix="/l", tenant_field="owner"), "not a column"),
        (SqlResource(model=Ledger, prefix="/l", permission_rules={"nuke": tenant}), "nuke"),
        (SqlResource(model=dict, prefix="/l"), "not a mapped"),
    ],
)
def test_bad_configuration_is_refused(resource: SqlResource, message: str) -> None:
    with pytest.raises(ResourceConfigError, match=message):
        mount(resource, tenant_dependency=tenant)


class LedgerWithId(BaseModel):
    id: str
    code: str


class BudgetWithTenant(BaseModel):
    name: str
    tenant_id: str


def test_custom_schemas_may_not_expose_server_owned_fields() -> None:
    with pytest.raises(ResourceConfigError, match=r"create_schema .* \['id'\]"):
        mount(SqlResource(model=Ledger, prefix="/l", create_schema=LedgerWithId))
    with pytest.raises(ResourceConfigError, match=r"update_schema .* \['tenant_id'\]"):
        mount(
            SqlResource(model=Budget, prefix="/b", update_schema=BudgetWithTenant),
            tenant_dependency=tenant,
        )


def test_duplicate_prefix_and_rls_without_tenant_are_refused() -> None:
    with pytest.raises(ResourceConfigError, match="share a prefix"):
        mount(SqlResource(model=Ledger, prefix="/l"), SqlResource(model=Ledger, prefix="/l"))
    with pytest.raises(ResourceConfigError, match="rls"):
        mount(SqlResource(model=Ledger, prefix="/l"), rls=True)


def test_derived_schemas_never_let_clients_write_server_columns() -> None:
    read, create, update = derive_schemas(Budget, "tenant_id")
    owned = {"id", "tenant_id", "created_at", "updated_at", "deleted_at"}
    assert owned <= set(read.model_fields)
    assert not owned & set(create.model_fields)
    assert not owned & set(update.model_fields)
    assert create.model_fields["name"].is_required()
    assert not create.model_fields["category"].is_required()
    assert create.model_fields["category"].default == "personal"
    assert not any(f.is_required() for f in update.model_fields.values())


def test_openapi_documents_typed_parameters_and_responses() -> None:
    app = mount(
        SqlResource(
            model=Budget,
            prefix="/budgets",
            search_fields=["name"],
            order_fields=["name", "amount"],
            filter_fields=["category", "active"],
            soft_delete=True,
        ),
        tenant_dependency=tenant,
    )
    spec = app.openapi()
    paths = spec["paths"]
    assert set(paths) == {"/budgets/", "/budgets/search", "/budgets/{id}", "/budgets/{id}/restore"}
    assert set(paths["/budgets/{id}"]) == {"get", "patch", "delete"}
    assert paths["/budgets/{id}"]["patch"]["operationId"] == "update_budgets"
    params = {p["name"]: p for p in paths["/budgets/"]["get"]["parameters"]}
    assert set(params) == {
        "page",
        "page_size",
        "q",
        "order_by",
        "order_dir",
        "include_deleted",
        "category",
        "active",
    }
    assert params["page_size"]["schema"]["maximum"] == 200
    order_by = params["order_by"]["schema"]["anyOf"][0]
    assert order_by["enum"] == ["name", "amount"]
    assert params["active"]["schema"]["anyOf"][0]["type"] == "boolean"
    id_param = paths["/budgets/{id}"]["get"]["parameters"][0]
    assert id_param["schema"]["format"] == "uuid"
    post = paths["/budgets/"]["post"]
    assert set(post["responses"]) >= {"201", "403", "404", "409", "422"}
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/BudgetRead"
    )
    assert paths["/budgets/{id}"]["delete"]["responses"]["204"]
    schemas = spec["components"]["schemas"]
    assert "tenant_id" not in schemas["BudgetCreate"]["properties"]
    assert schemas["BudgetCreate"]["additionalProperties"] is False
    assert set(schemas["BudgetReadPage"]["required"]) == {
        "items",
        "total",
        "page",
        "page_size",
        "pages",
    }


def test_unreachable_database_is_503_not_500() -> None:
    url = "postgresql://postgres@127.0.0.1:1/x"  # nothing listens on port 1
    import asyncio

    import httpx

    from fin_infra.persistence import create_engine, create_sessionmaker

    async def call() -> httpx.Response:
        engine = create_engine(url)
        app = FastAPI()
        add_sql_resources(
            app,
            [SqlResource(model=Ledger, prefix="/l")],
            session_factory=create_sessionmaker(engine),
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/l/")
        await engine.dispose()
        return response

    response = asyncio.run(call())
    assert response.status_code == 503
    assert response.json() == {"detail": "the database is unavailable"}  # a message, not a class
