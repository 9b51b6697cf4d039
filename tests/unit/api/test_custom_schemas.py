"""Application-supplied schemas replace the derived ones, on the wire and in OpenAPI."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.persistence import ModelBase, create_engine, create_sessionmaker
from tests.fakes.sql_models import TABLES, Ledger


class LedgerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[A-Z]{2,5}$")


class LedgerPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    priority: int | None = Field(default=None, ge=0, le=9)


class LedgerWithDefault(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    priority: int = 7


class LedgerOut(BaseModel):
    code: str
    priority: int


def test_custom_schemas_validate_and_shape_responses(tmp_path: Path) -> None:
    async def scenario() -> list[tuple[int, object]]:
        engine = create_engine(f"sqlite:///{tmp_path / 'custom.db'}")
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        app = FastAPI()
        resource = SqlResource(
            model=Ledger,
            prefix="/ledgers",
            create_schema=LedgerIn,
            update_schema=LedgerPatch,
            read_schema=LedgerOut,
        )
        add_sql_resources(app, [resource], session_factory=create_sessionmaker(engine))
        transport = httpx.ASGITransport(app=app)
        seen: list[tuple[int, object]] = []
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for body in ({"code": "ops"}, {"code": "OPS", "priority": 3}, {"code": "OPS"}):
                response = await client.post("/ledgers/", json=body)
                seen.append((response.status_code, response.json()))
            listed = (await client.get("/ledgers/")).json()
            seen.append((200, listed["items"]))
            spec = app.openapi()["components"]["schemas"]
            seen.append((0, sorted(spec)))
        await engine.dispose()
        return seen

    bad_pattern, extra_field, created, items, schemas = asyncio.run(scenario())
    assert bad_pattern[0] == 422
    assert extra_field[0] == 422
    assert created == (201, {"code": "OPS", "priority": 0})
    assert items == (200, [{"code": "OPS", "priority": 0}])
    assert {"LedgerIn", "LedgerPatch", "LedgerOut"} <= set(schemas[1])
    assert "LedgerCreate" not in schemas[1]


def test_custom_create_schema_defaults_reach_the_database(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, object]:
        engine = create_engine(f"sqlite:///{tmp_path / 'defaults.db'}")
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        app = FastAPI()
        resource = SqlResource(
            model=Ledger, prefix="/ledgers", create_schema=LedgerWithDefault, read_schema=LedgerOut
        )
        add_sql_resources(app, [resource], session_factory=create_sessionmaker(engine))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            await client.post("/ledgers/", json={"code": "OPS"})
            listed = (await client.get("/ledgers/")).json()
        await engine.dispose()
        return 200, listed["items"]

    # The schema's default (7) is stored, not the column's (0).
    assert asyncio.run(scenario()) == (200, [{"code": "OPS", "priority": 7}])
