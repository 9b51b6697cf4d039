"""The tracker routers over HTTP (httpx ASGITransport), on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.integration.trackers.http_app import build_app
from tests.integration.trackers.storages import Storage, unique_user

ALICE = {"Authorization": "Bearer a"}
BOB = {"Authorization": "Bearer b"}

Scenario = Callable[[httpx.AsyncClient, str], Awaitable[None]]


@asynccontextmanager
async def client_for(storage: Storage) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    alice = unique_user()
    app, engines = build_app(storage, {"a": alice, "b": unique_user()})
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client, alice
    finally:
        for engine in engines:
            await engine.dispose()


def run(storage: Storage, scenario: Scenario) -> None:
    async def main() -> None:
        async with client_for(storage) as (client, alice):
            await scenario(client, alice)

    asyncio.run(main())


def txn(id: str, amount: str, day: int, category: str) -> dict[str, Any]:
    return {
        "id": id,
        "account_id": "acc",
        "amount": amount,
        "date": f"2025-01-{day:02d}",
        "name": "shop",
        "category_detailed": category,
    }


SPEND = [
    txn("t1", "-500", 5, "FOOD_AND_DRINK_GROCERIES"),
    txn("t2", "-260", 9, "FOOD_AND_DRINK_RESTAURANT"),
]
CATEGORY_MAP = {"FOOD_AND_DRINK_GROCERIES": "Groceries", "FOOD_AND_DRINK_RESTAURANT": "Restaurants"}


def test_budgets_over_http(storage: Storage) -> None:
    async def scenario(http: httpx.AsyncClient, alice: str) -> None:
        body = {
            "name": "Food",
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "categories": {"Groceries": 600.1, "Restaurants": "200"},
            "rollover": True,
        }
        created = await http.post("/budgets", json=body, headers=ALICE)
        assert created.status_code == 201, created.text
        budget = created.json()
        assert (budget["user_id"], budget["period"]) == (alice, "monthly")
        assert budget["categories"] == {"Groceries": "600.1", "Restaurants": "200"}
        url = f"/budgets/{budget['id']}"
        assert (await http.get(url, headers=ALICE)).json() == budget
        assert [b["id"] for b in (await http.get("/budgets", headers=ALICE)).json()] == [
            budget["id"]
        ]
        progress = await http.post(
            f"{url}/progress",
            json={"transactions": SPEND, "category_map": CATEGORY_MAP, "as_of": "2025-01-15"},
            headers=ALICE,
        )
        assert progress.status_code == 200, progress.text
        report = progress.json()
        assert report["categories"]["Restaurants"]["remaining"] == "-60"
        assert {(a["kind"], a["category"]) for a in report["alerts"]} >= {
            ("overspent", "Restaurants")
        }
        rolled = await http.post(
            f"{url}/roll-over",
            json={"transactions": SPEND, "category_map": CATEGORY_MAP},
            headers=ALICE,
        )
        assert rolled.status_code == 201, rolled.text
        assert rolled.json()["carried_over"] == {"Groceries": "100.1", "Restaurants": "-60"}
        patched = await http.patch(url, json={"name": "Groceries only"}, headers=ALICE)
        assert patched.json()["name"] == "Groceries only"
        # Bob, the same tenant's other user, sees none of it.
        assert (await http.get("/budgets", headers=BOB)).json() == []
        for method, path in [("GET", url), ("PATCH", url), ("DELETE", url)]:
            answer = await http.request(method, path, json={"name": "x"}, headers=BOB)
            assert answer.status_code == 404, (method, answer.text)
        assert (await http.delete(url, headers=ALICE)).status_code == 204
        assert (await http.get(url, headers=ALICE)).status_code == 404
        live = (await http.get("/budgets", headers=ALICE)).json()
        assert [b["period_start"] for b in live] == ["2025-02-01"]
        everything = await http.get("/budgets?include_deleted=true&limit=1", headers=ALICE)
        assert [b["id"] for b in everything.json()] == [budget["id"]]
        assert everything.json()[0]["deleted_at"] is not None
        assert (await http.get("/budgets?limit=0", headers=ALICE)).status_code == 422
        assert (await http.post(f"{url}/restore", headers=BOB)).status_code == 404
        restored = await http.post(f"{url}/restore", headers=ALICE)
        assert restored.json()["name"] == "Groceries only"
        # refused input: a 422, never a 500; the owner never comes from the body
        for bad in (
            {**body, "user_id": "bob"},
            {**body, "period_end": "2024-12-31"},
            {**body, "categories": {}},
            {**body, "categories": {"Groceries": -5}},
        ):
            answer = await http.post("/budgets", json=bad, headers=ALICE)
            assert answer.status_code == 422, answer.text
        assert (await http.get("/budgets", headers={})).status_code == 401
        assert (await http.get("/budgets/not-an-id", headers=ALICE)).status_code == 404

    run(storage, scenario)


def test_goals_over_http(storage: Storage) -> None:
    async def scenario(http: httpx.AsyncClient, alice: str) -> None:
        body = {
            "name": "New laptop",
            "goal_type": "purchase",
            "target_amount": "2000",
            "target_date": "2026-01-01",
            "start_date": "2025-01-01",
            "monthly_contribution": 150,
        }
        created = await http.post("/goals", json=body, headers=ALICE)
        assert created.status_code == 201, created.text
        url = f"/goals/{created.json()['id']}"
        paid = await http.post(
            f"{url}/contributions", json={"amount": 600.0, "on": "2025-04-01"}, headers=ALICE
        )
        assert paid.status_code == 200, paid.text
        assert paid.json()["milestones"][0]["reached_on"] == "2025-04-01"
        projection = (await http.get(f"{url}/projection?as_of=2025-04-01", headers=ALICE)).json()
        assert (projection["required_monthly_contribution"], projection["pace"]) == (
            "155.56",
            "behind",
        )
        assert (await http.get(f"{url}/projection", headers=BOB)).status_code == 404
        assert (await http.patch(url, json={"status": "cancelled"}, headers=ALICE)).json()[
            "status"
        ] == "cancelled"
        refused = await http.post(f"{url}/contributions", json={"amount": 5}, headers=ALICE)
        assert refused.status_code == 422
        assert "cancelled" in refused.json()["detail"][0]["msg"]
        assert (await http.delete(f"{url}?soft=false", headers=ALICE)).status_code == 204
        assert (await http.post(f"{url}/restore", headers=ALICE)).status_code == 404
        debts = [
            {"name": "card", "balance": "3000", "annual_rate": "0.22", "minimum_payment": "90"},
            {"name": "car", "balance": "8000", "annual_rate": "0.06", "minimum_payment": "200"},
        ]
        plan = await http.post(
            "/goals/payoff-plan", json={"debts": debts, "monthly_payment": "600"}, headers=ALICE
        )
        assert plan.status_code == 200, plan.text
        assert [d["name"] for d in plan.json()["debts"]] == ["card", "car"]
        hopeless = [{**debts[0], "annual_rate": "0.9", "minimum_payment": "1"}]
        answer = await http.post(
            "/goals/payoff-plan", json={"debts": hopeless, "monthly_payment": "2"}, headers=ALICE
        )
        assert answer.status_code == 422, answer.text

    run(storage, scenario)


def test_net_worth_over_http(storage: Storage) -> None:
    def accounts(cash: str, currency: str = "USD") -> list[dict[str, Any]]:
        return [
            {
                "id": "chk",
                "name": "Checking",
                "type": "depository",
                "balances": {"current": cash, "currency": currency},
            },
            {"id": "card", "name": "Card", "type": "credit", "balances": {"current": "400"}},
        ]

    async def scenario(http: httpx.AsyncClient, alice: str) -> None:
        assert (await http.get("/net-worth/snapshots/latest", headers=ALICE)).status_code == 404
        jan = await http.post(
            "/net-worth/snapshots",
            json={"accounts": accounts("1000"), "as_of": "2025-01-31"},
            headers=ALICE,
        )
        assert jan.status_code == 201, jan.text
        assert jan.json()["net_worth"] == "600.00"
        again = await http.post(
            "/net-worth/snapshots",
            json={"accounts": accounts("1"), "as_of": "2025-01-31"},
            headers=ALICE,
        )
        assert again.status_code == 409
        feb = await http.post(
            "/net-worth/snapshots",
            json={
                "accounts": accounts("1000", "EUR"),
                "as_of": "2025-02-28",
                "fx_rates": [{"base": "EUR", "quote": "USD", "rate": "1.10"}],
            },
            headers=ALICE,
        )
        assert feb.status_code == 201, feb.text
        no_rate = await http.post(
            "/net-worth/snapshots",
            json={"accounts": accounts("1", "GBP"), "as_of": "2025-03-31"},
            headers=ALICE,
        )
        assert no_rate.status_code == 422
        history = await http.get(
            "/net-worth/snapshots?start=2025-01-01&end=2025-12-31", headers=ALICE
        )
        assert [s["as_of"] for s in history.json()] == ["2025-01-31", "2025-02-28"]
        latest = (await http.get("/net-worth/snapshots/latest", headers=ALICE)).json()
        assert latest["id"] == feb.json()["id"]
        change = await http.get("/net-worth/change?start=2025-01-31&end=2025-02-28", headers=ALICE)
        assert (change.json()["change"], change.json()["percent"]) == ("100.00", "16.67")
        bad_range = await http.get(
            "/net-worth/change?start=2025-03-01&end=2025-01-01", headers=ALICE
        )
        assert bad_range.status_code == 422
        url = f"/net-worth/snapshots/{jan.json()['id']}"
        assert (await http.get(url, headers=BOB)).status_code == 404
        assert (await http.delete(url, headers=BOB)).status_code == 404
        assert (await http.delete(url, headers=ALICE)).status_code == 204
        assert (await http.get(url, headers=ALICE)).status_code == 404
        assert (await http.post(f"{url}/restore", headers=ALICE)).json()["as_of"] == "2025-01-31"
        assert (await http.get("/net-worth/snapshots", headers=BOB)).json() == []

    run(storage, scenario)
