"""One money rule, and never a 500 for a number: the CRUD API and the tracker routers.

Every money field of every request body accepts what its OpenAPI schema says (a patterned
decimal string, a JSON number within the stated range and step) and refuses the rest with a
located 422. ``NaN``, ``Infinity``, ``-Infinity`` and ``1e400`` in any field are a 422 that says
so; hypothesis posts arbitrary JSON (constants and huge exponents included) and never gets 5xx.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.api_bodies import Api, crud_api, tracker_api
from tests.integration.money_walk import (
    Raw,
    body_operations,
    body_schema,
    dumps,
    leaves,
    money_fields,
    money_problems,
    non_finite_problems,
    with_value,
)


@pytest.fixture(scope="module")
def crud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with crud_api(str(tmp_path_factory.mktemp("money"))) as api:
        yield api


@pytest.fixture(scope="module")
def trackers() -> Iterator[Api]:
    with tracker_api() as api:
        yield api


@pytest.fixture(params=["crud", "trackers"])
def api(request: pytest.FixtureRequest) -> Api:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def test_every_body_operation_has_a_sample(api: Api) -> None:
    assert body_operations(api.doc) == {op.name for op in api.operations}


def test_the_samples_are_accepted(api: Api) -> None:
    for operation in api.operations:
        answer = api.send(operation, json.dumps(operation.body()))
        assert answer.status_code < 300, (operation.name, answer.text)


def test_money_fields_are_found(api: Api) -> None:
    """The walk below only means something if it finds the money fields."""
    found = {
        (op.name, ".".join(map(str, path)))
        for op in api.operations
        for path, _ in money_fields(api.doc, body_schema(api.doc, op.method, op.path))
    }
    expected = {
        "crud": {("POST /ledgers/", "balance"), ("PATCH /budgets/{id}", "amount")},
        "trackers": {
            ("POST /budgets", "categories.*"),
            ("POST /goals", "milestones.*"),
            ("POST /net-worth/snapshots", "fx_rates.*.rate"),
            ("POST /net-worth/snapshots", "accounts.*.balances.current"),
            ("POST /goals/payoff-plan", "debts.*.balance"),
            ("POST /budgets/{budget_id}/progress", "transactions.*.amount"),
        },
    }
    kind = "crud" if "/ledgers/" in api.doc["paths"] else "trackers"
    assert expected[kind] <= found


def test_money_fields_accept_exactly_what_the_schema_says(api: Api) -> None:
    assert money_problems(api) == []


def test_non_finite_numbers_in_any_field_are_a_422_that_says_so(api: Api) -> None:
    assert non_finite_problems(api) == []


def test_a_json_number_is_stored_exactly(crud: Api, trackers: Api) -> None:
    ledger = crud.client.post(
        "/ledgers/",
        content='{"code": "exact", "balance": 123456789012345.6789}',
        headers={"content-type": "application/json"},
    )
    assert ledger.status_code == 201, ledger.text
    assert ledger.json()["balance"] == "123456789012345.6789"  # a float keeps 17 digits
    goal = trackers.client.post(
        "/goals",
        content='{"name": "x", "goal_type": "purchase", "target_amount": 0.1, '
        '"current_amount": 123456789012345.6789}',
        headers={"content-type": "application/json"},
    )
    assert goal.status_code == 201, goal.text
    assert (goal.json()["target_amount"], goal.json()["current_amount"]) == (
        "0.1",
        "123456789012345.6789",
    )


LITERALS = st.one_of(
    st.sampled_from(
        ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "1e308", "-0.0", "1e-7"]
    ),
    st.integers().map(str),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-(10**6), 10**6), st.integers(-400, 400)),
    st.builds(lambda m, e: f"{m}E{e}", st.integers(1, 9), st.integers(-(10**20), 10**20)),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(max_size=20).map(json.dumps),
    st.sampled_from(["true", "false", "null", "[]", "{}", '"1e5"', '"NaN"', '" 1"']),
)
ARBITRARY = st.recursive(
    LITERALS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.text(max_size=10).map(json.dumps), inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=12,
)


def _fuzz(api: Api, data: st.DataObject) -> None:
    operation = data.draw(st.sampled_from(api.operations))
    body: Any = operation.body()
    if data.draw(st.booleans()):
        text = data.draw(ARBITRARY)
    else:
        for path in data.draw(st.lists(st.sampled_from(leaves(body)), min_size=1, max_size=3)):
            body = with_value(body, path, Raw(data.draw(ARBITRARY)))
        text = dumps(body)
    answer = api.send(operation, text)
    assert answer.status_code < 500, (operation.name, text, answer.text)
    assert answer.json() is not None


@settings(
    max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
@given(data=st.data())
def test_arbitrary_json_never_answers_5xx_crud(crud: Api, data: st.DataObject) -> None:
    _fuzz(crud, data)


@settings(
    max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
@given(data=st.data())
def test_arbitrary_json_never_answers_5xx_trackers(trackers: Api, data: st.DataObject) -> None:
    _fuzz(trackers, data)


def test_amounts_too_large_to_compute_with_are_a_422(trackers: Api) -> None:
    """Quantities and prices are unbounded; their product can overflow exact arithmetic."""
    big = "1" + "0" * 30
    body = {
        "accounts": [{"id": "brk", "name": "Broker", "type": "investment"}],
        "holdings": [{"account_id": "brk", "security_id": "s", "symbol": "X", "quantity": big}],
        "quotes": [{"symbol": "X", "price": big, "timestamp": "2025-01-01T00:00:00Z"}],
        "as_of": "1999-01-01",
    }
    answer = trackers.client.post("/net-worth/snapshots", json=body)
    assert answer.status_code == 422, answer.text
    assert "too large" in answer.json()["detail"][0]["msg"]
