"""The example app over ASGI: seed, CRUD, insights, calculators and the dashboard's data.

Each test starts the app on a fresh SQLite file (the seed takes a fraction of a second); one test
runs the same journey on PostgreSQL in a database of its own, dropped afterwards.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select, update

from fin_infra.persistence import create_engine
from fin_infra.providers.banking.sandbox import SandboxBanking
from fin_infra.providers.tokens import TokenCipher
from personal_finance.models import BankTransaction, LinkedItem, NetWorthSnapshot
from personal_finance.seed import DEMO_USER, LINKED_INSTITUTIONS
from tests.examples.app_client import AS_OF, run
from tests.integration.databases import temporary_database


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"


async def _forget_transactions_and_cursors(url: str, how_many: int) -> list[str]:
    """Delete ``how_many`` stored transactions and every cursor; return the stored tokens."""
    engine = create_engine(url)
    async with engine.begin() as connection:
        tokens = list(await connection.scalars(select(LinkedItem.access_token)))
        doomed = select(BankTransaction.id).order_by(BankTransaction.date).limit(how_many)
        ids = list(await connection.scalars(doomed))
        await connection.execute(delete(BankTransaction).where(BankTransaction.id.in_(ids)))
        await connection.execute(update(LinkedItem).values(cursor=None))
    await engine.dispose()
    return tokens


async def _items(client: httpx.AsyncClient, path: str, **params: str) -> list[dict[str, object]]:
    response = await client.get(path, params={"page_size": "100", **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def _all_transactions(client: httpx.AsyncClient, **params: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    page = 1
    while True:
        response = await client.get(
            "/transactions/", params={"page_size": "100", "page": str(page), **params}
        )
        body = response.json()
        out += body["items"]
        if page >= body["pages"]:
            return out
        page += 1


def test_seed_stores_the_linked_banks_year_categorized(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        accounts = await _items(client, "/accounts/")
        assert {a["institution"] for a in accounts} == {"First Platypus Bank", "Gingham Brokerage"}
        txns = await _all_transactions(client)
        bank = SandboxBanking(as_of=AS_OF)
        synced = [
            t
            for institution in LINKED_INSTITUTIONS
            for t in bank.transactions_sync(
                bank.exchange_public_token(
                    bank.sandbox_public_token(institution, DEMO_USER)
                ).access_token
            ).added
            if not t.pending
        ]
        assert {t["provider_transaction_id"] for t in txns} == {t.id for t in synced}
        assert len(txns) == len(synced) > 500
        assert all(t["category_detailed"] for t in txns)
        assert {"merchant", "keyword"} <= {t["category_source"] for t in txns}
        days = sorted(str(t["date"]) for t in txns)
        assert days[0] < "2025-12-01"
        assert days[-1] <= AS_OF.isoformat()

    run(url, scenario)


def test_restarting_on_the_same_database_does_not_seed_twice(url: str) -> None:
    counts: list[int] = []

    async def count(client: httpx.AsyncClient) -> None:
        counts.append((await client.get("/transactions/")).json()["total"])

    run(url, count)
    run(url, count)
    assert counts[0] == counts[1] > 0


def test_budget_progress_adds_up_the_stored_transactions(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        (budget,) = await _items(client, "/budgets/")
        response = await client.get(
            f"/insights/budgets/{budget['id']}/progress", params={"as_of": AS_OF.isoformat()}
        )
        assert response.status_code == 200, response.text
        report = response.json()
        groceries = await _all_transactions(client, category_detailed="FOOD_AND_DRINK_GROCERIES")
        expected = -sum(
            Decimal(str(t["amount"]))
            for t in groceries
            if str(budget["period_start"]) <= str(t["date"]) <= AS_OF.isoformat()
        )
        line = report["categories"]["Groceries"]
        assert Decimal(line["spent"]) == expected > 0
        assert Decimal(line["remaining"]) == Decimal(line["budgeted"]) - expected

    run(url, scenario)


def test_goal_projection_and_its_errors(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        goals = {g["name"]: g for g in await _items(client, "/goals/")}
        trip = goals["Summer trip"]
        path = f"/insights/goals/{trip['id']}/projection"
        as_of = AS_OF.isoformat()
        slow = (
            await client.get(path, params={"monthly_contribution": "100", "as_of": as_of})
        ).json()
        fast = (
            await client.get(path, params={"monthly_contribution": "2750", "as_of": as_of})
        ).json()
        own = (await client.get(path, params={"as_of": as_of})).json()  # 200 a month, stored
        assert own["months_to_completion"] == 14  # 2750 left at 200 a month, no interest
        assert Decimal(slow["remaining"]) == Decimal("2750")
        assert slow["pace"] == "behind"
        assert slow["months_to_completion"] == 28
        assert fast["months_to_completion"] == 1
        assert fast["pace"] != "behind"
        missing = "00000000-0000-0000-0000-000000000000"
        params = {"monthly_contribution": "1"}
        assert (
            await client.get(f"/insights/goals/{missing}/projection", params=params)
        ).status_code == 404
        other = await client.get(path, params=params, headers={"X-User": "someone-else"})
        assert other.status_code == 404
        assert (
            await client.get("/insights/goals/nope/projection", params=params)
        ).status_code == 422
        negative = await client.get(path, params={"monthly_contribution": "-5"})
        assert negative.status_code == 422

    run(url, scenario)


def test_net_worth_history_ends_at_todays_balances(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        history = (await client.get("/insights/net-worth")).json()
        assert len(history) == 13
        assert history[-1]["date"] == AS_OF.isoformat()
        accounts = await _items(client, "/accounts/")
        cash = sum(
            Decimal(str(a["current_balance"])) for a in accounts if a["type"] == "depository"
        )
        owed = sum(
            Decimal(str(a["current_balance"])) for a in accounts if a["type"] in ("credit", "loan")
        )
        today = history[-1]
        assert Decimal(today["assets"]["cash"]) == cash
        assert sum(Decimal(v) for v in today["liabilities"].values()) == owed
        for snap in history:
            assert Decimal(snap["net_worth"]) == Decimal(snap["total_assets"]) - Decimal(
                snap["total_liabilities"]
            )

    run(url, scenario)


def test_recurring_bills_and_portfolio(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        bills = {b["merchant"]: b for b in (await client.get("/insights/recurring")).json()}
        assert bills["Netflix"]["frequency"] == "monthly"
        assert bills["Acme Corp"]["frequency"] == "biweekly"
        assert Decimal(bills["Parkview Apts Rent"]["next_amount"]) == Decimal("-1650")
        assert bills["Netflix"]["next_date"] > AS_OF.isoformat()
        report = (
            await client.get("/insights/portfolio", params={"as_of": AS_OF.isoformat()})
        ).json()
        assert set(report["allocation"]) == {"equity", "bonds", "cash"}
        assert sum(Decimal(w) for w in report["allocation"].values()) == pytest.approx(
            Decimal(1), abs=Decimal("0.0003")
        )
        assert len(report["values"]) == len(report["dates"]) == len(report["drawdown"]) > 200
        assert report["max_drawdown"] == pytest.approx(min(report["drawdown"]))
        assert report["max_drawdown"] < 0
        no_prices = await client.get("/insights/portfolio", params={"as_of": "2150-01-01"})
        assert no_prices.status_code == 422
        assert "no prices for AAPL, BND, VTI" in no_prices.text
        too_early = await client.get("/insights/portfolio", params={"as_of": "0001-01-01"})
        assert too_early.status_code == 422

    run(url, scenario)


def test_calculators_answer_exactly_or_with_a_422(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        loan = await client.post(
            "/calculators/loan", json={"principal": "350000", "annual_rate": "0.0625", "years": 30}
        )
        assert loan.json() == {
            "monthly_payment": "2155.01",
            "months": 360,
            "total_interest": loan.json()["total_interest"],
        }
        assert Decimal(loan.json()["total_interest"]) > Decimal("400000")
        flows = [{"date": "2021-01-01", "amount": "-100"}, {"date": "2022-01-01", "amount": "110"}]
        xirr = await client.post("/calculators/xirr", json={"flows": flows})
        assert xirr.json()["rate"] == pytest.approx(0.1)
        flows[0]["amount"] = "100"
        assert (await client.post("/calculators/xirr", json={"flows": flows})).status_code == 422
        bad = await client.post(
            "/calculators/loan", json={"principal": "-1", "annual_rate": "0", "years": 1}
        )
        assert bad.status_code == 422
        saving = await client.post(
            "/calculators/savings", json={"target": "12000", "years": 1, "annual_rate": "0"}
        )
        assert saving.json() == {"monthly_deposit": "1000.00"}

    run(url, scenario)


READ_ONLY_PREFIXES = ("/accounts", "/transactions", "/positions", "/recurring-bills")


def test_synced_data_is_read_only_and_tenants_are_isolated(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        paths = (await client.get("/openapi.json")).json()["paths"]
        for prefix in READ_ONLY_PREFIXES:
            mounted = {p: set(ops) for p, ops in paths.items() if p.startswith(f"{prefix}/")}
            assert set().union(*mounted.values()) == {"get"}, (prefix, mounted)
            (row,) = (await client.get(f"{prefix}/", params={"page_size": "1"})).json()["items"]
            assert (await client.post(f"{prefix}/", json={"name": "free money"})).status_code == 405
            one = f"{prefix}/{row['id']}"
            assert (await client.patch(one, json={"name": "renamed"})).status_code == 405
            assert (await client.delete(one)).status_code == 405
            assert (await client.post(f"{one}/restore")).status_code in (404, 405)
            assert (await client.get(one)).json() == row  # untouched
        stranger = await client.get("/accounts/", headers={"X-User": "someone-else"})
        assert stranger.json()["total"] == 0

    run(url, scenario)


def test_the_owner_of_a_plan_is_the_caller_never_the_body(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        alice = {"X-User": "alice"}
        goal = {"name": "Alice's canoe", "target_amount": "1200"}
        spoofed = await client.post("/goals/", json={**goal, "user_id": "alice"}, headers=alice)
        assert spoofed.status_code == 422
        assert "user_id is set by the server" in spoofed.text
        created = await client.post("/goals/", json=goal, headers=alice)
        assert created.status_code == 201, created.text
        assert created.json()["user_id"] == "alice"
        path = f"/goals/{created.json()['id']}"
        assert (await client.get(path)).status_code == 404  # the sandbox user's view
        moved = await client.patch(path, json={"user_id": DEMO_USER}, headers=alice)
        assert moved.status_code == 422
        assert (await client.get(path, headers=alice)).json()["user_id"] == "alice"
        mine = await _items(client, "/goals/")
        assert mine
        assert {g["user_id"] for g in mine} == {DEMO_USER}
        schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
        for name in ("BudgetCreate", "BudgetUpdate", "GoalCreate", "GoalUpdate"):
            assert "user_id" not in schemas[name]["properties"], name
        assert "user_id" not in schemas["NetWorthSnapshotCreate"]["properties"]

    run(url, scenario)


def test_net_worth_snapshots_are_never_edited_and_restore_goes_with_soft_delete(url: str) -> None:
    soft = "deleted_at" in NetWorthSnapshot.__table__.c

    async def scenario(client: httpx.AsyncClient) -> None:
        paths = (await client.get("/openapi.json")).json()["paths"]
        assert set(paths["/net-worth-snapshots/{id}"]) == {"get", "delete"}
        assert ("/net-worth-snapshots/{id}/restore" in paths) is soft
        snapshots = await _items(client, "/net-worth-snapshots/", order_by="snapshot_date")
        path = f"/net-worth-snapshots/{snapshots[0]['id']}"
        assert (await client.patch(path, json={"currency": "EUR"})).status_code == 405
        assert (await client.delete(path)).status_code == 204
        assert (await client.get(path)).status_code == 404
        restored = await client.post(f"{path}/restore")
        if soft:
            assert restored.status_code == 200, restored.text
            assert (await client.get(path)).json()["snapshot_date"] == snapshots[0]["snapshot_date"]
        else:
            assert restored.status_code == 404

    run(url, scenario)


def test_dashboard_page_bundle_and_data_follow_writes(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        page = await client.get("/dashboard")
        assert '<script src="/dashboard/plotly.min.js">' in page.text
        assert page.text.count('class="chart"') == 6
        bundle = await client.get("/dashboard/plotly.min.js")
        assert bundle.headers["content-type"].startswith("text/javascript")
        assert "plotly.js" in bundle.text[:500].lower()
        before = (await client.get("/dashboard/data")).json()
        assert len(before["net_worth"]["dates"]) == 13
        assert before["budget"]["categories"]
        bills = {b["merchant"] for b in before["bills"]}
        assert {"Parkview Apts Rent", "Netflix"} <= bills
        assert not bills & {"Rewards Card Payment", "Transfer to Savings"}  # not bills
        created = await client.post(
            "/goals/",
            json={"name": "New bike", "target_amount": "900"},
        )
        assert created.status_code == 201, created.text
        after = (await client.get("/dashboard/data")).json()
        assert "New bike" in {g["name"] for g in after["goals"]}
        assert len(after["goals"]) == len(before["goals"]) + 1

    run(url, scenario)


def test_banking_sync_applies_what_changed_since_the_cursor(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        first = await client.post("/banking/sync")
        assert first.json() == {"items": 2, "added": 0, "modified": 0, "removed": 0}
        total = (await client.get("/transactions/")).json()["total"]
        bills = (await client.get("/recurring-bills/")).json()["total"]
        assert bills > 0
        tokens = await _forget_transactions_and_cursors(url, 25)
        assert not any("access-sandbox" in token for token in tokens)  # encrypted at rest
        again = (await client.post("/banking/sync")).json()
        assert again["added"] == 25  # the others were already stored: overwritten, not doubled
        assert (await client.get("/transactions/")).json()["total"] == total
        assert (await client.get("/recurring-bills/")).json()["total"] == bills

    run(url, scenario)


def test_a_token_from_another_key_is_a_422_not_a_500(url: str) -> None:
    async def sync(client: httpx.AsyncClient) -> None:
        response = await client.post("/banking/sync")
        assert response.status_code == 422
        assert "not valid under any configured key" in response.text

    run(url, lambda client: client.get("/accounts/"))
    run(url, sync, token_key=TokenCipher.generate_key())


@pytest.mark.postgres
def test_the_same_journey_on_postgresql(tmp_path: Path) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        assert (await client.get("/accounts/")).json()["total"] == 4
        (budget,) = await _items(client, "/budgets/")
        progress = await client.get(f"/insights/budgets/{budget['id']}/progress")
        assert progress.status_code == 200
        history = (await client.get("/insights/net-worth")).json()
        assert len(history) == 13
        data = (await client.get("/dashboard/data")).json()
        assert len(data["goals"]) == 3

    with temporary_database("postgresql", tmp_path) as pg_url:
        run(pg_url, scenario)


def test_docs_page_and_its_assets_are_served_by_the_app(url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        page = (await client.get("/docs")).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert assets
        assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
        for asset in assets:
            response = await client.get(asset)
            assert response.status_code == 200, asset
            assert len(response.content) > 1000, asset
        (bundle,) = [a for a in assets if a.endswith("/swagger-ui-bundle.js")]
        assert "SwaggerUIBundle" in (await client.get(bundle)).text
        assert (await client.get("/redoc")).status_code == 404

    run(url, scenario)
