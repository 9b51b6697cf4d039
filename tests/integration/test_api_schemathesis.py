"""Schemathesis fuzzes the mounted API over real HTTP (uvicorn, SQLite): no 5xx, and every
answer matches the OpenAPI document (status codes, content types, response schemas). The
generated bodies are also sent with NaN, Infinity, -Infinity and 1e400 in them: a 422."""

from __future__ import annotations

import asyncio
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

from fin_infra.persistence import ModelBase, create_engine, create_sessionmaker
from tests.fakes.sql_models import TABLES
from tests.integration.api_app import A, build_app
from tests.integration.money_walk import CONSTANTS, call_with_constant
from tests.integration.serving import serve


def _create_tables(url: str) -> None:
    async def create() -> None:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        await engine.dispose()

    asyncio.run(create())


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    _create_tables(url)

    app = build_app(create_sessionmaker(create_engine(url)))
    with serve(app) as base:
        yield schemathesis.openapi.from_url(f"{base}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_conforming_answers(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers=A,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_non_finite_numbers_in_generated_bodies_are_a_422(case: schemathesis.Case) -> None:
    """JSON Schema cannot ask for NaN or Infinity: put them into the generated bodies."""
    for literal in CONSTANTS:
        answer = call_with_constant(case, literal, A)
        if answer is not None:
            assert answer.status_code == 422, (answer.request.url, answer.text)
            assert "finite number" in answer.text
