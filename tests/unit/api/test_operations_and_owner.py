"""SqlResource's ``operations``, ``soft_delete=AUTO`` and ``owner_field``: what is mounted, what
OpenAPI lists, which configurations are refused (behaviour over a database is in
``tests/integration/test_api_owner_attacks.py``)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.api import READ_ONLY, ResourceConfigError, SqlResource, add_sql_resources
from fin_infra.api.owner import without_owner
from tests.fakes.sql_models import Budget, Ledger

SESSIONS: async_sessionmaker[AsyncSession] = async_sessionmaker()  # never reached by these tests
ID = "00000000-0000-0000-0000-000000000001"


def tenant() -> str:
    return "t"


def mount(*resources: SqlResource) -> FastAPI:
    app = FastAPI()
    add_sql_resources(app, list(resources), session_factory=SESSIONS, tenant_dependency=tenant)
    return app


def operations_of(app: FastAPI) -> dict[str, set[str]]:
    return {path: set(item) for path, item in app.openapi()["paths"].items()}


def status_of(app: FastAPI, method: str, path: str) -> int:
    async def call() -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return (await client.request(method, path, json={})).status_code

    return asyncio.run(call())


def test_read_only_resources_list_no_write_operations_and_refuse_them_with_405() -> None:
    app = mount(
        SqlResource(model=Budget, prefix="/b", search_fields=["name"], operations=READ_ONLY),
        SqlResource(model=Ledger, prefix="/l", operations=READ_ONLY),  # no search fields
    )
    assert operations_of(app) == {
        "/b/": {"get"},
        "/b/search": {"get"},
        "/b/{id}": {"get"},
        "/l/": {"get"},
        "/l/{id}": {"get"},
    }
    for prefix in ("/b", "/l"):
        assert status_of(app, "POST", f"{prefix}/") == 405
        assert status_of(app, "PATCH", f"{prefix}/{ID}") == 405
        assert status_of(app, "DELETE", f"{prefix}/{ID}") == 405
        assert status_of(app, "POST", f"{prefix}/{ID}/restore") in (404, 405)


def test_operations_pick_any_subset() -> None:
    app = mount(SqlResource(model=Budget, prefix="/b", operations={"create", "read", "restore"}))
    assert operations_of(app) == {"/b/": {"post"}, "/b/{id}": {"get"}, "/b/{id}/restore": {"post"}}


def test_soft_delete_follows_the_model_and_brings_restore_along() -> None:
    auto = operations_of(mount(SqlResource(model=Budget, prefix="/b")))  # has deleted_at
    assert auto["/b/{id}/restore"] == {"post"}
    spec = mount(SqlResource(model=Budget, prefix="/b")).openapi()
    listing = spec["paths"]["/b/"]["get"]["parameters"]
    assert "include_deleted" in {p["name"] for p in listing}
    assert "(soft)" in spec["paths"]["/b/{id}"]["delete"]["summary"]
    hard = operations_of(mount(SqlResource(model=Budget, prefix="/b", soft_delete=False)))
    assert "/b/{id}/restore" not in hard
    ledger = operations_of(mount(SqlResource(model=Ledger, prefix="/l")))  # no deleted_at
    assert "/l/{id}/restore" not in ledger
    no_restore = SqlResource(model=Budget, prefix="/b", operations={"list", "read", "delete"})
    assert "/b/{id}/restore" not in operations_of(mount(no_restore))


def user() -> str:
    return "alice"


class BudgetCreateWithNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    amount: str
    note: str | None = None


def test_the_owner_field_is_absent_from_the_write_schemas_derived_or_custom() -> None:
    derived = mount(
        SqlResource(model=Budget, prefix="/b", owner_field="note", owner_dependency=user)
    )
    schemas = derived.openapi()["components"]["schemas"]
    assert "note" in schemas["BudgetRead"]["properties"]
    assert "note" not in schemas["BudgetCreate"]["properties"]
    assert "note" not in schemas["BudgetUpdate"]["properties"]
    assert "name" in schemas["BudgetCreate"]["properties"]
    custom = mount(
        SqlResource(
            model=Budget,
            prefix="/b",
            owner_field="note",
            owner_dependency=user,
            create_schema=BudgetCreateWithNote,
        )
    )
    properties = custom.openapi()["components"]["schemas"]["BudgetCreateWithNote"]["properties"]
    assert set(properties) == {"name", "amount"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"owner_field": "note"}, "go together"),
        ({"owner_dependency": user}, "go together"),
        ({"owner_field": "nope", "owner_dependency": user}, "not a column"),
        ({"owner_field": "tenant_id", "owner_dependency": user}, "the tenant"),
        ({"owner_field": "id", "owner_dependency": user}, "primary key"),
        ({"owner_field": "created_at", "owner_dependency": user}, "audit"),
        (
            {"owner_field": "note", "owner_dependency": user, "filter_fields": ["note"]},
            "filter_fields names the owner_field",
        ),
        ({"operations": set()}, "empty"),
        ({"operations": {"list", "nuke"}}, "unknown operations"),
        ({"operations": "list"}, "collection"),
        ({"operations": {"list"}, "permission_rules": {"create": user}}, "not in operations"),
    ],
)
def test_bad_owner_and_operations_configurations_are_refused(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ResourceConfigError, match=message):
        mount(SqlResource(model=Budget, prefix="/b", **options))


def test_search_and_restore_are_mounted_only_where_they_apply() -> None:
    every = {"list", "search", "read", "restore"}
    ledger = operations_of(mount(SqlResource(model=Ledger, prefix="/l", operations=every)))
    assert ledger == {"/l/": {"get"}, "/l/{id}": {"get"}}  # no search fields, hard delete


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)
    user_id: str
    name: str

    @model_validator(mode="after")
    def _named(self) -> GoalIn:
        if self.name == "nameless":
            raise ValueError("a goal needs a real name")
        return self


def test_a_custom_schema_keeps_its_validators_without_the_owner_field() -> None:
    body = without_owner(GoalIn, "user_id")
    assert body.__name__ == "GoalIn"
    assert set(body.model_json_schema()["properties"]) == {"name"}
    assert body.model_validate({"name": "boat"}).model_fields_set == {"name"}
    with pytest.raises(ValidationError, match="user_id is set by the server"):
        body.model_validate({"name": "boat", "user_id": "me"})
    with pytest.raises(ValidationError, match="a goal needs a real name"):
        body.model_validate({"name": "nameless"})
    assert without_owner(GoalIn, None) is GoalIn
    assert without_owner(GoalIn, "owner") is GoalIn  # not in the schema: nothing to hide
