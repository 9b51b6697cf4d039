"""add_sql_resources on real databases: CRUD, paging, search, filters and the error mapping."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from fin_infra.persistence import create_engine, create_sessionmaker
from tests.integration.api_app import A, B, build_app

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(tables_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(tables_url)
    app = build_app(create_sessionmaker(engine))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await engine.dispose()


async def make(client: httpx.AsyncClient, name: str, **fields: object) -> dict[str, object]:
    response = await client.post(
        "/budgets/", json={"name": name, "amount": "10.50", **fields}, headers=A
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_crud_cycle(client: httpx.AsyncClient) -> None:
    created = await make(client, "Groceries", category="household", note="weekly")
    assert created["amount"] == "10.5000"
    assert created["tenant_id"] == "tenant-a"
    assert created["active"] is True
    row = f"/budgets/{created['id']}"

    got = (await client.get(row, headers=A)).json()
    assert got == created

    patched = await client.patch(row, json={"amount": "99.9999", "active": False}, headers=A)
    assert patched.status_code == 200
    assert patched.json()["amount"] == "99.9999"
    assert patched.json()["active"] is False
    assert patched.json()["name"] == "Groceries"

    assert (await client.delete(row, headers=A)).status_code == 204
    assert (await client.get(row, headers=A)).status_code == 404
    assert (await client.delete(row, headers=A)).status_code == 404
    listed = (await client.get("/budgets/", params={"include_deleted": "true"}, headers=A)).json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]
    assert listed["items"][0]["deleted_at"] is not None
    assert (await client.get("/budgets/", headers=A)).json()["total"] == 0

    restored = await client.post(f"{row}/restore", headers=A)
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None
    assert (await client.post(f"{row}/restore", headers=A)).status_code == 404
    assert (await client.get(row, headers=A)).status_code == 200


async def test_hard_delete_and_permission_rule(client: httpx.AsyncClient) -> None:
    created = await client.post("/ledgers/", json={"code": "OPS"}, headers=A)
    assert created.status_code == 201
    assert created.json()["balance"] == "0.0000"
    row = f"/ledgers/{created.json()['id']}"
    assert (await client.delete(row, headers=A)).status_code == 403
    assert (await client.get(row, headers=A)).status_code == 200
    assert (await client.delete(row, headers={**A, "X-Role": "admin"})).status_code == 204
    assert (await client.get(row, headers=A)).status_code == 404
    assert (await client.post(f"{row}/restore", headers=A)).status_code in (404, 405)


async def test_paging_ordering_filters(client: httpx.AsyncClient) -> None:
    for i in range(7):
        await make(client, f"b{i}", amount=str(i), category="even" if i % 2 == 0 else "odd")
    page = (await client.get("/budgets/", params={"page_size": 3, "page": 3}, headers=A)).json()
    assert (page["total"], page["pages"], page["page"], len(page["items"])) == (7, 3, 3, 1)

    ordered = await client.get(
        "/budgets/", params={"order_by": "amount", "order_dir": "desc"}, headers=A
    )
    assert [i["name"] for i in ordered.json()["items"]] == [f"b{i}" for i in range(6, -1, -1)]
    evens = await client.get(
        "/budgets/", params={"category": "even", "order_by": "name"}, headers=A
    )
    assert [i["name"] for i in evens.json()["items"]] == ["b0", "b2", "b4", "b6"]
    assert (await client.get("/budgets/", params={"active": "false"}, headers=A)).json()[
        "total"
    ] == 0

    walked: list[str] = []
    for number in (1, 2, 3):
        params = {"page": number, "page_size": 3, "order_by": "name"}
        walked += [
            i["name"]
            for i in (await client.get("/budgets/", params=params, headers=A)).json()["items"]
        ]
    assert walked == [f"b{i}" for i in range(7)]


async def test_search_treats_wildcards_literally(client: httpx.AsyncClient) -> None:
    await make(client, "100% fun")
    await make(client, "1000 fun")
    await make(client, "a_b")
    await make(client, "axb", note="has 100% in the note")
    await make(client, "Mixed CASE")

    async def names(q: str) -> list[str]:
        response = await client.get(
            "/budgets/search", params={"q": q, "order_by": "name"}, headers=A
        )
        assert response.status_code == 200, response.text
        return [i["name"] for i in response.json()["items"]]

    assert await names("100%") == ["100% fun", "axb"]
    assert await names("_") == ["a_b"]
    assert await names("mixed case") == ["Mixed CASE"]
    assert await names("%") == ["100% fun", "axb"]
    assert await names("!") == []
    list_q = await client.get("/budgets/", params={"q": "a_b"}, headers=A)
    assert [i["name"] for i in list_q.json()["items"]] == ["a_b"]


async def test_bad_input_is_422_never_500(client: httpx.AsyncClient) -> None:
    await make(client, "x")
    bad_gets = [
        ("/budgets/not-a-uuid", {}),
        ("/budgets/", {"page": 0}),
        ("/budgets/", {"page_size": 10_000}),
        ("/budgets/", {"order_by": "tenant_id"}),
        ("/budgets/", {"order_dir": "sideways"}),
        ("/budgets/", {"active": "maybe"}),
        ("/budgets/", {"tenant_id": "tenant-b"}),
        ("/budgets/", {"unknown": "1"}),
        ("/budgets/search", {}),
        ("/ledgers/", {"priority": "high"}),
    ]
    for path, params in bad_gets:
        response = await client.get(path, params=params, headers=A)
        assert response.status_code == 422, (path, params, response.text)
    bad_bodies = [
        {"name": "y"},  # amount missing
        {"name": None, "amount": "1"},
        {"name": "y", "amount": "1.00001"},  # more places than the column keeps
        {"name": "y", "amount": "1e20"},  # more digits than the column keeps
        {"name": "y", "amount": "NaN"},
        {"name": "y" * 101, "amount": "1"},
        {"name": "y", "amount": "1", "id": str(uuid.uuid4())},
        {"name": "y", "amount": "1", "created_at": "2020-01-01T00:00:00Z"},
        {"name": "y", "amount": "1", "deleted_at": "2020-01-01T00:00:00Z"},
    ]
    for body in bad_bodies:
        response = await client.post("/budgets/", json=body, headers=A)
        assert response.status_code == 422, (body, response.text)
    assert (
        await client.post("/ledgers/", json={"code": "L", "priority": 2**40}, headers=A)
    ).status_code == 422
    assert (await client.get("/budgets/", headers=A)).json()["total"] == 1


async def test_database_refusals_map_to_409_and_422(client: httpx.AsyncClient) -> None:
    await make(client, "dup")
    conflict = await client.post("/budgets/", json={"name": "dup", "amount": "1"}, headers=A)
    assert conflict.status_code == 409
    assert conflict.json() == {"detail": "a row with the same unique value already exists"}
    other = await make(client, "other")
    rename = await client.patch(f"/budgets/{other['id']}", json={"name": "dup"}, headers=A)
    assert rename.status_code == 409
    check = await client.post("/ledgers/", json={"code": "NEG", "priority": -1}, headers=A)
    assert check.status_code == 422
    assert check.json()["detail"][0]["type"] == "check"
    null = await client.patch(f"/budgets/{other['id']}", json={"name": None}, headers=A)
    assert null.status_code == 422
    assert (await client.get(f"/budgets/{other['id']}", headers=A)).json()["name"] == "other"
    missing = await client.patch(f"/budgets/{uuid.uuid4()}", json={"note": "x"}, headers=A)
    assert missing.status_code == 404


async def test_no_token_is_401_from_the_application(client: httpx.AsyncClient) -> None:
    assert (await client.get("/budgets/")).status_code == 401
    assert (await client.post("/budgets/", json={"name": "n", "amount": "1"})).status_code == 401
    assert (await client.get("/budgets/", headers=B)).json()["total"] == 0
