"""Schemathesis fuzzes the seeded example app over real HTTP: no 5xx on any input, and answers
that match its OpenAPI document (status codes, content types, response schemas). Generated
bodies are also sent with NaN, Infinity, -Infinity and 1e400 in them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from personal_finance.app import create_app
from tests.examples.app_client import AS_OF
from tests.integration.money_walk import CONSTANTS, call_with_constant
from tests.integration.serving import serve


@pytest.fixture(scope="module")
def example_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    with serve(create_app(url, as_of=AS_OF), lifespan="on") as base:
        yield schemathesis.openapi.from_url(f"{base}/openapi.json")


schema = schemathesis.pytest.from_fixture("example_schema")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_conforming_answers(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_non_finite_numbers_in_generated_bodies_are_refused(case: schemathesis.Case) -> None:
    """JSON Schema cannot ask for NaN or Infinity: put them into the generated bodies. Read-only
    resources refuse the write first (403); every other body answers a 422 that says why."""
    for literal in CONSTANTS:
        answer = call_with_constant(case, literal, {})
        if answer is not None:
            assert answer.status_code in (403, 422), (answer.request.url, answer.text)
            if answer.status_code == 422:
                assert "finite number" in answer.text
