"""Owner-attack suite: with ``SqlResource(owner_field=..., owner_dependency=...)`` the owner of a
row is the authenticated caller, never what the body says, and no caller can see, change,
delete, restore or hand over another owner's rows (same tenant or not), on every backend."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Header, HTTPException
from sqlalchemy import String, delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.persistence import (
    ModelBase,
    SoftDelete,
    TenantScoped,
    Timestamps,
    UUIDPrimaryKey,
    create_engine,
    create_sessionmaker,
)

pytestmark = pytest.mark.anyio


class OwnedNote(UUIDPrimaryKey, Timestamps, TenantScoped, SoftDelete, ModelBase):
    """A tenant's row that belongs to one of its users."""

    __tablename__ = "fi_test_owned_notes"

    user_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(100))


USERS = {"alice": "tenant-a", "bob": "tenant-a", "carol": "tenant-b", "nobody": "tenant-a"}
ALICE, BOB, CAROL = ({"X-User": name} for name in ("alice", "bob", "carol"))


def current_user(x_user: Annotated[str, Header()]) -> str:
    """The authenticated user ("nobody" authenticates but has no id: the owner check's 403)."""
    if x_user not in USERS:
        raise HTTPException(status_code=401, detail="unknown user")
    return "" if x_user == "nobody" else x_user


def current_tenant(x_user: Annotated[str, Header()]) -> str:
    return USERS.get(x_user, "")


def build_app(sessions: async_sessionmaker[AsyncSession]) -> FastAPI:
    app = FastAPI()
    add_sql_resources(
        app,
        [
            SqlResource(
                model=OwnedNote,
                prefix="/notes",
                search_fields=["title"],
                owner_field="user_id",
                owner_dependency=current_user,
            )
        ],
        tenant_dependency=current_tenant,
        session_factory=sessions,
    )
    return app


async def _fresh_table(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=[OwnedNote.__table__])
        await connection.execute(delete(OwnedNote))
    await engine.dispose()


@pytest.fixture
def notes_url(backend: str, shared_database: Callable[[str], str]) -> str:
    """The run's database on ``backend`` with an empty notes table."""
    url = shared_database(backend)
    asyncio.run(_fresh_table(url))
    return url


@pytest.fixture
async def client(notes_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(notes_url)
    transport = httpx.ASGITransport(app=build_app(create_sessionmaker(engine)))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await engine.dispose()


async def everything(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, object]]:
    response = await client.get(
        "/notes/", params={"include_deleted": "true", "page_size": 200}, headers=headers
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_the_owner_is_the_caller(client: httpx.AsyncClient) -> None:
    created = await client.post("/notes/", json={"title": "mine"}, headers=ALICE)
    assert created.status_code == 201, created.text
    assert created.json()["user_id"] == "alice"
    assert created.json()["tenant_id"] == "tenant-a"


async def test_a_body_carrying_the_owner_is_a_422_whatever_it_says(
    client: httpx.AsyncClient,
) -> None:
    for owner in ("bob", "alice", None, "", 7):
        response = await client.post(
            "/notes/", json={"title": "sneaky", "user_id": owner}, headers=ALICE
        )
        assert response.status_code == 422, response.text
        assert "user_id is set by the server" in response.text
    assert await everything(client, ALICE) == []
    assert await everything(client, BOB) == []


async def test_patch_cannot_hand_a_row_to_another_owner(client: httpx.AsyncClient) -> None:
    row = (await client.post("/notes/", json={"title": "mine"}, headers=ALICE)).json()
    for body in ({"user_id": "bob"}, {"user_id": "bob", "title": "moved"}, {"user_id": "alice"}):
        response = await client.patch(f"/notes/{row['id']}", json=body, headers=ALICE)
        assert response.status_code == 422
    assert await everything(client, ALICE) == [row]
    assert await everything(client, BOB) == []


async def test_rows_of_another_owner_are_404_and_untouched(client: httpx.AsyncClient) -> None:
    live = (await client.post("/notes/", json={"title": "live"}, headers=ALICE)).json()
    gone = (await client.post("/notes/", json={"title": "gone"}, headers=ALICE)).json()
    assert (await client.delete(f"/notes/{gone['id']}", headers=ALICE)).status_code == 204
    before = await everything(client, ALICE)
    for intruder in (BOB, CAROL):  # same tenant, other tenant
        for row in (live, gone):
            path = f"/notes/{row['id']}"
            assert (await client.get(path, headers=intruder)).status_code == 404
            patched = await client.patch(path, json={"title": "pwned"}, headers=intruder)
            assert patched.status_code == 404
            assert (await client.delete(path, headers=intruder)).status_code == 404
            assert (await client.post(f"{path}/restore", headers=intruder)).status_code == 404
    assert await everything(client, ALICE) == before
    restored = await client.post(f"/notes/{gone['id']}/restore", headers=ALICE)
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None


async def test_list_and_search_show_only_the_callers_rows(client: httpx.AsyncClient) -> None:
    for headers in (ALICE, BOB, CAROL):
        await client.post(
            "/notes/", json={"title": f"secret of {headers['X-User']}"}, headers=headers
        )
    for headers in (ALICE, BOB, CAROL):
        for path, params in (("/notes/", {}), ("/notes/search", {"q": "secret"})):
            body = (await client.get(path, params=params, headers=headers)).json()
            assert [r["title"] for r in body["items"]] == [f"secret of {headers['X-User']}"]
            assert body["total"] == 1
        spoofed = await client.get("/notes/", params={"user_id": "bob"}, headers=headers)
        assert spoofed.status_code == 422  # not a filter: unknown parameters are refused


async def test_a_caller_without_an_owner_id_is_403(client: httpx.AsyncClient) -> None:
    nobody = {"X-User": "nobody"}
    assert (await client.post("/notes/", json={"title": "x"}, headers=nobody)).status_code == 403
    assert (await client.get("/notes/", headers=nobody)).status_code == 403
