"""The routers' OpenAPI document: every operation typed, errors described, no owner in bodies."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from fin_infra.budgets import BudgetTracker
from fin_infra.budgets.api import add_budgets
from fin_infra.goals import GoalTracker
from fin_infra.goals.api import add_goals
from fin_infra.models._types import OUTPUT_PATTERN
from fin_infra.net_worth import NetWorthTracker
from fin_infra.net_worth.api import add_net_worth


def current_user() -> str:
    return "u1"


def document() -> dict[str, Any]:
    app = FastAPI()
    budgets, goals, net_worth = BudgetTracker(), GoalTracker(), NetWorthTracker()
    add_budgets(app, tracker=lambda: budgets, user=current_user)
    add_goals(app, tracker=lambda: goals, user=current_user)
    add_net_worth(app, tracker=lambda: net_worth, user=current_user)
    return app.openapi()


def test_every_operation_is_typed_and_documented() -> None:
    spec = document()
    operations = [
        (path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
    ]
    assert len(operations) == 24
    assert sorted(spec["paths"]) == [
        "/budgets",
        "/budgets/{budget_id}",
        "/budgets/{budget_id}/progress",
        "/budgets/{budget_id}/restore",
        "/budgets/{budget_id}/roll-over",
        "/goals",
        "/goals/payoff-plan",
        "/goals/{goal_id}",
        "/goals/{goal_id}/contributions",
        "/goals/{goal_id}/projection",
        "/goals/{goal_id}/restore",
        "/net-worth/change",
        "/net-worth/snapshots",
        "/net-worth/snapshots/latest",
        "/net-worth/snapshots/{snapshot_id}",
        "/net-worth/snapshots/{snapshot_id}/restore",
    ]
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert op.get("summary"), where
        assert op.get("description"), where
        assert "500" not in op["responses"], where
        assert "404" in op["responses"], where
        success = [code for code in op["responses"] if code.startswith("2")]
        assert len(success) == 1, where
        if success != ["204"]:
            schema = op["responses"][success[0]]["content"]["application/json"]["schema"]
            assert schema.get("$ref") or schema.get("items", {}).get("$ref"), where
        parameters = {p["name"] for p in op.get("parameters", [])}
        assert "user_id" not in parameters, where


def test_request_bodies_never_carry_the_owner_and_amounts_are_strings() -> None:
    schemas = document()["components"]["schemas"]
    requests = [name for name in schemas if name.endswith("Request")]
    assert len(requests) == 9
    for name in requests:
        assert "user_id" not in schemas[name]["properties"], name
        assert schemas[name].get("additionalProperties") is False, name
    budget = schemas["Budget"]["properties"]
    assert budget["categories"]["additionalProperties"] == {
        "type": "string",
        "pattern": OUTPUT_PATTERN,
    }
    assert schemas["NetWorthRecord"]["properties"]["net_worth"]["type"] == "string"
