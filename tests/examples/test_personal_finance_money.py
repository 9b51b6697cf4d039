"""The example app keeps the money rule and never answers 5xx for a number.

The same checks as the library's APIs (tests/integration/test_api_money_rule.py): each money
field accepts exactly what its OpenAPI schema says, and ``NaN``, ``Infinity``, ``-Infinity`` or
``1e400`` in any field of any body (CRUD routes, calculators) is a located 422 saying so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from personal_finance.app import create_app
from tests.examples.app_client import AS_OF
from tests.integration.api_bodies import Api, Operation, unique
from tests.integration.money_walk import body_operations, money_problems, non_finite_problems
from tests.integration.serving import serve

USER = "money-rule"


def _patch(body: dict[str, Any]) -> dict[str, Any]:
    """An update body: the create body without its owner (never writable)."""
    return {k: v for k, v in body.items() if k != "user_id"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('money') / 'example.db'}"
    with (
        serve(create_app(url, as_of=AS_OF), lifespan="on") as base,
        httpx.Client(base_url=base, headers={"X-User": USER}) as client,
    ):
        doc = client.get("/openapi.json").json()
        days = itertools.count()

        def owned(schema: str, body: dict[str, Any]) -> dict[str, Any]:
            """``body``, with ``user_id`` where the create schema still asks for it."""
            if "user_id" in doc["components"]["schemas"][schema]["properties"]:
                return {"user_id": USER, **body}
            return body

        def budget() -> dict[str, Any]:
            return owned(
                "BudgetCreate",
                {
                    "name": unique("b"),
                    "period": "monthly",
                    "period_start": "2026-01-01",
                    "period_end": "2026-01-31",
                    "categories": {"Groceries": "600.10"},
                    "rollover": False,
                    "currency": "USD",
                },
            )

        def goal() -> dict[str, Any]:
            return owned(
                "GoalCreate",
                {
                    "name": unique("g"),
                    "goal_type": "purchase",
                    "target_amount": "2000",
                    "current_amount": "10",
                    "monthly_contribution": "150",
                    "annual_rate": "0.05",
                    "currency": "USD",
                    "start_date": "2026-01-01",
                    "target_date": "2027-01-01",
                    "milestones": [{"percent": "50"}],
                },
            )

        def snapshot() -> dict[str, Any]:
            day = dt.date(2000, 1, 1) + dt.timedelta(days=next(days))
            return owned(
                "NetWorthSnapshotCreate",
                {
                    "snapshot_date": day.isoformat(),
                    "currency": "USD",
                    "total_assets": "1000.50",
                    "total_liabilities": "400.25",
                    "net_worth": "600.25",
                    "assets_breakdown": {"cash": "1000.50"},
                    "liabilities_breakdown": {"card": "400.25"},
                },
            )

        def loan() -> dict[str, Any]:
            return {"principal": "250000", "annual_rate": "0.05", "years": 30, "extra_payment": "0"}

        def savings() -> dict[str, Any]:
            return {"target": "10000", "years": 5, "annual_rate": "0.03", "current": "500"}

        def xirr() -> dict[str, Any]:
            return {
                "flows": [
                    {"date": "2024-01-01", "amount": "-1000"},
                    {"date": "2025-01-01", "amount": "1100.50"},
                ]
            }

        budget_id = client.post("/budgets/", json=budget()).json()["id"]
        goal_id = client.post("/goals/", json=goal()).json()["id"]
        operations = [
            Operation("POST", "/budgets/", "/budgets/", budget),
            Operation("PATCH", "/budgets/{id}", f"/budgets/{budget_id}", lambda: _patch(budget())),
            Operation("POST", "/goals/", "/goals/", goal),
            Operation("PATCH", "/goals/{id}", f"/goals/{goal_id}", lambda: _patch(goal())),
            Operation("POST", "/net-worth-snapshots/", "/net-worth-snapshots/", snapshot),
            Operation("POST", "/calculators/loan", "/calculators/loan", loan),
            Operation("POST", "/calculators/savings", "/calculators/savings", savings),
            Operation("POST", "/calculators/xirr", "/calculators/xirr", xirr),
        ]
        yield Api(client, doc, operations)


def test_every_writable_body_operation_has_a_sample(example: Api) -> None:
    """Body operations without a sample must be ones the app refuses (read-only resources)."""
    sampled = {op.name for op in example.operations}
    for name in sorted(body_operations(example.doc) - sampled):
        method, path = name.split(" ", 1)
        answer = example.client.request(method, path.replace("{id}", "1"), json={})
        assert answer.status_code in (403, 405), (name, answer.status_code)


def test_the_samples_are_accepted(example: Api) -> None:
    for operation in example.operations:
        answer = example.send(operation, json.dumps(operation.body()))
        assert answer.status_code < 300, (operation.name, answer.text)


def test_money_fields_accept_exactly_what_the_schema_says(example: Api) -> None:
    assert money_problems(example) == []


def test_non_finite_numbers_in_any_field_are_a_422_that_says_so(example: Api) -> None:
    assert non_finite_problems(example) == []


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize(
    "query", ["monthly_contribution", "annual_rate"], ids=["contribution", "rate"]
)
def test_insight_query_amounts_refuse_non_finite_values(
    example: Api, literal: str, query: str
) -> None:
    goal = example.client.get("/goals/").json()["items"][0]["id"]
    answer = example.client.get(f"/insights/goals/{goal}/projection", params={query: literal})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["query", query]
