"""Tenant-attack suite: no request can create, read, change, delete, restore or move another
tenant's rows, whatever it puts in the body, the path, the query or the headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from fin_infra.persistence import create_engine, create_sessionmaker
from tests.integration.api_app import A, B, build_app

pytestmark = pytest.mark.anyio

SPOOFED_HEADERS = {
    "X-Tenant-ID": "tenant-b",
    "X-Tenant": "tenant-b",
    "Tenant-Id": "tenant-b",
    "X-Forwarded-Tenant": "tenant-b",
}


@pytest.fixture
async def client(tables_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(tables_url)
    transport = httpx.ASGITransport(app=build_app(create_sessionmaker(engine)))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await engine.dispose()


async def snapshot(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, object]]:
    response = await client.get(
        "/budgets/", params={"include_deleted": "true", "page_size": 200}, headers=headers
    )
    assert response.status_code == 200
    return list(response.json()["items"])


async def test_body_tenant_id_cannot_choose_the_tenant(client: httpx.AsyncClient) -> None:
    for tenant in ("tenant-b", "tenant-a", None, ""):
        body = {"name": "sneaky", "amount": "1", "tenant_id": tenant}
        response = await client.post("/budgets/", json=body, headers=A)
        assert response.status_code == 422
    assert await snapshot(client, A) == []
    assert await snapshot(client, B) == []


async def test_patch_cannot_move_a_row_into_another_tenant(client: httpx.AsyncClient) -> None:
    row = (await client.post("/budgets/", json={"name": "mine", "amount": "5"}, headers=A)).json()
    for body in ({"tenant_id": "tenant-b"}, {"tenant_id": "tenant-b", "name": "moved"}):
        response = await client.patch(f"/budgets/{row['id']}", json=body, headers=A)
        assert response.status_code == 422
    assert await snapshot(client, A) == [row]
    assert await snapshot(client, B) == []


async def test_guessed_ids_of_another_tenant_are_404_and_untouched(
    client: httpx.AsyncClient,
) -> None:
    live = (await client.post("/budgets/", json={"name": "live", "amount": "1"}, headers=A)).json()
    gone = (await client.post("/budgets/", json={"name": "gone", "amount": "2"}, headers=A)).json()
    assert (await client.delete(f"/budgets/{gone['id']}", headers=A)).status_code == 204
    before = await snapshot(client, A)

    for row in (live, gone):
        path = f"/budgets/{row['id']}"
        assert (await client.get(path, headers=B)).status_code == 404
        assert (await client.patch(path, json={"name": "pwned"}, headers=B)).status_code == 404
        assert (await client.delete(path, headers=B)).status_code == 404
        assert (await client.post(f"{path}/restore", headers=B)).status_code == 404
    assert await snapshot(client, A) == before
    assert await snapshot(client, B) == []


async def test_list_and_search_never_leak_other_tenants(client: httpx.AsyncClient) -> None:
    await client.post("/budgets/", json={"name": "secret plan", "amount": "1"}, headers=A)
    await client.post("/budgets/", json={"name": "secret plan", "amount": "9"}, headers=B)
    for params in ({}, {"include_deleted": "true"}, {"q": "secret"}, {"category": "personal"}):
        for headers, tenant in ((A, "tenant-a"), (B, "tenant-b")):
            response = await client.get("/budgets/", params=params, headers=headers)
            items = response.json()["items"]
            assert [i["tenant_id"] for i in items] == [tenant]
            assert response.json()["total"] == 1
    search = await client.get("/budgets/search", params={"q": "plan"}, headers=B)
    assert [i["amount"] for i in search.json()["items"]] == ["9.0000"]


async def test_spoofed_tenant_headers_and_query_are_ignored_or_refused(
    client: httpx.AsyncClient,
) -> None:
    spoof = {**A, **SPOOFED_HEADERS}
    created = await client.post("/budgets/", json={"name": "spoof", "amount": "1"}, headers=spoof)
    assert created.status_code == 201
    assert created.json()["tenant_id"] == "tenant-a"
    assert await snapshot(client, B) == []
    await client.post("/budgets/", json={"name": "b-only", "amount": "1"}, headers=B)
    listed = (await client.get("/budgets/", headers=spoof)).json()
    assert [i["name"] for i in listed["items"]] == ["spoof"]
    query = await client.get("/budgets/", params={"tenant_id": "tenant-b"}, headers=A)
    assert query.status_code == 422
    # Without a valid token, a tenant header alone gets nothing.
    assert (await client.get("/budgets/", headers=SPOOFED_HEADERS)).status_code == 401
