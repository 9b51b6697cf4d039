"""Valid request bodies for every body-taking operation of the CRUD and tracker test apps.

Each operation is ``(method, OpenAPI path, concrete URL, body factory)``: the factory makes a
fresh valid body (unique names and days, so repeats do not conflict). The money-rule and
non-finite tests mutate one field of these bodies at a time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from fin_infra.persistence import ModelBase, create_engine, create_sessionmaker
from tests.fakes.sql_models import TABLES
from tests.integration import api_app
from tests.integration.serving import serve
from tests.integration.trackers import http_app
from tests.integration.trackers.storages import MemoryStorage, TickingClock


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    url: str
    body: Callable[[], dict[str, Any]]

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Api:
    """A served app: its client (auth headers set), OpenAPI document and operations."""

    client: httpx.Client
    doc: dict[str, Any]
    operations: list[Operation]

    def send(self, operation: Operation, text: str) -> httpx.Response:
        return self.client.request(
            operation.method,
            operation.url,
            content=text,
            headers={"content-type": "application/json"},
        )


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _create_tables(url: str) -> None:
    async def create() -> None:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        await engine.dispose()

    asyncio.run(create())


@contextmanager
def crud_api(folder: str) -> Iterator[Api]:
    """``tests.integration.api_app`` on SQLite, with a budget and a ledger to update."""
    url = f"sqlite+aiosqlite:///{folder}/crud.db"
    _create_tables(url)
    app = api_app.build_app(create_sessionmaker(create_engine(url)))
    with serve(app) as base, httpx.Client(base_url=base, headers=api_app.A) as client:

        def budget() -> dict[str, Any]:
            return {
                "name": unique("b"),
                "category": "home",
                "active": True,
                "amount": "12.30",
                "note": "n",
            }

        def ledger() -> dict[str, Any]:
            return {"code": unique("l"), "priority": 1, "balance": "12.30"}

        budget_id = client.post("/budgets/", json=budget()).json()["id"]
        ledger_id = client.post("/ledgers/", json=ledger()).json()["id"]
        operations = [
            Operation("POST", "/budgets/", "/budgets/", budget),
            Operation("PATCH", "/budgets/{id}", f"/budgets/{budget_id}", budget),
            Operation("POST", "/ledgers/", "/ledgers/", ledger),
            Operation("PATCH", "/ledgers/{id}", f"/ledgers/{ledger_id}", ledger),
        ]
        yield Api(client, client.get("/openapi.json").json(), operations)


def _transactions() -> list[dict[str, Any]]:
    return [
        {
            "id": "t1",
            "account_id": "acc",
            "amount": "-50.25",
            "currency": "USD",
            "date": "2025-01-05",
            "name": "shop",
            "merchant_name": "Shop",
            "category": "FOOD",
            "category_detailed": "FOOD_GROCERIES",
            "pending": False,
        }
    ]


@contextmanager
def tracker_api() -> Iterator[Api]:
    """The three tracker routers on in-memory storage, with a budget and a goal to work on."""
    app, _ = http_app.build_app(MemoryStorage(TickingClock()), {"a": "alice"})
    days = itertools.count()

    def budget() -> dict[str, Any]:
        return {
            "name": "Food",
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "categories": {"Groceries": "600.10"},
            "currency": "USD",
            "rollover": True,
        }

    def budget_update() -> dict[str, Any]:
        return {"name": "Food", "categories": {"Groceries": "500"}, "rollover": False}

    def progress() -> dict[str, Any]:
        return {
            "transactions": _transactions(),
            "category_map": {"FOOD_GROCERIES": "Groceries"},
            "as_of": "2025-01-15",
            "thresholds": ["80"],
        }

    def roll_over() -> dict[str, Any]:
        return {"transactions": _transactions(), "category_map": {"FOOD_GROCERIES": "Groceries"}}

    def goal() -> dict[str, Any]:
        return {
            "name": "Car",
            "goal_type": "purchase",
            "target_amount": "2000",
            "current_amount": "10",
            "monthly_contribution": "150",
            "annual_rate": "0.05",
            "currency": "USD",
            "start_date": "2025-01-01",
            "target_date": "2026-01-01",
            "milestones": ["50"],
        }

    def goal_update() -> dict[str, Any]:
        return {
            "name": "Car",
            "target_amount": "2000",
            "monthly_contribution": "150",
            "annual_rate": "0.05",
        }

    def contribution() -> dict[str, Any]:
        return {"amount": "10.50", "on": "2025-02-01"}

    def payoff() -> dict[str, Any]:
        debt = {"name": "card", "balance": "3000", "annual_rate": "0.22", "minimum_payment": "90"}
        return {"debts": [debt], "monthly_payment": "600", "strategy": "avalanche"}

    def snapshot() -> dict[str, Any]:
        day = dt.date(2000, 1, 1) + dt.timedelta(days=next(days))
        balances = {"current": "1000.50", "available": "900", "limit": "5000", "currency": "USD"}
        return {
            "accounts": [
                {
                    "id": "chk",
                    "name": "Checking",
                    "type": "depository",
                    "subtype": "checking",
                    "mask": "1234",
                    "balances": balances,
                },
                {"id": "brk", "name": "Broker", "type": "investment"},
            ],
            "holdings": [
                {
                    "account_id": "brk",
                    "security_id": "s1",
                    "symbol": "ABC",
                    "quantity": "2.5",
                    "cost_basis": "100",
                    "institution_price": "41",
                    "currency": "USD",
                }
            ],
            "quotes": [
                {
                    "symbol": "ABC",
                    "price": "42.10",
                    "currency": "USD",
                    "timestamp": "2025-01-01T00:00:00Z",
                    "bid": "42",
                    "ask": "42.2",
                    "volume": "1000",
                }
            ],
            "as_of": day.isoformat(),
            "currency": "USD",
            "fx_rates": [{"base": "EUR", "quote": "USD", "rate": "1.1"}],
        }

    with (
        serve(app) as base,
        httpx.Client(base_url=base, headers={"Authorization": "Bearer a"}) as client,
    ):
        budget_id = client.post("/budgets", json=budget()).json()["id"]
        goal_id = client.post("/goals", json=goal()).json()["id"]
        operations = [
            Operation("POST", "/budgets", "/budgets", budget),
            Operation("PATCH", "/budgets/{budget_id}", f"/budgets/{budget_id}", budget_update),
            Operation(
                "POST",
                "/budgets/{budget_id}/progress",
                f"/budgets/{budget_id}/progress",
                progress,
            ),
            Operation(
                "POST",
                "/budgets/{budget_id}/roll-over",
                f"/budgets/{budget_id}/roll-over",
                roll_over,
            ),
            Operation("POST", "/goals", "/goals", goal),
            Operation("PATCH", "/goals/{goal_id}", f"/goals/{goal_id}", goal_update),
            Operation(
                "POST",
                "/goals/{goal_id}/contributions",
                f"/goals/{goal_id}/contributions",
                contribution,
            ),
            Operation("POST", "/goals/payoff-plan", "/goals/payoff-plan", payoff),
            Operation("POST", "/net-worth/snapshots", "/net-worth/snapshots", snapshot),
        ]
        yield Api(client, client.get("/openapi.json").json(), operations)
