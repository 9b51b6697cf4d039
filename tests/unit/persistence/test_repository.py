"""Repository verbs on SQLite: tenant scoping and guards, soft delete, paging arguments."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.persistence import (
    ModelBase,
    Repository,
    create_engine,
    create_sessionmaker,
    escape_like,
)
from tests.fakes.sql_models import TABLES, Budget, Ledger

pytestmark = pytest.mark.anyio


class BudgetRepository(Repository[Budget]):
    model = Budget


@pytest.fixture
async def session(tmp_path: Path) -> AsyncIterator[AsyncSession]:
    engine = create_engine(f"sqlite:///{tmp_path / 'repo.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
    async with create_sessionmaker(engine)() as db:
        yield db
    await engine.dispose()


def budget(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "amount": Decimal("1.25"), **extra}


async def test_tenant_scoped_model_needs_a_tenant(session: AsyncSession) -> None:
    with pytest.raises(ValidationError, match="tenant-scoped"):
        BudgetRepository(session)
    with pytest.raises(ValidationError, match="tenant-scoped"):
        BudgetRepository(session, None)
    assert BudgetRepository(session, tenant_field=None).tenant_field is None
    assert Repository(session, model=Ledger).tenant_field is None
    with pytest.raises(ValidationError, match="needs a model"):
        Repository(session)


async def test_create_stamps_the_tenant_and_refuses_another(session: AsyncSession) -> None:
    repo = BudgetRepository(session, "t1")
    row = await repo.create(budget("a"))
    assert row.tenant_id == "t1"
    assert (await repo.create(budget("b", tenant_id="t1"))).tenant_id == "t1"
    with pytest.raises(ValidationError, match="another tenant"):
        await repo.create(budget("c", tenant_id="t2"))
    with pytest.raises(ValidationError, match="another tenant"):
        await repo.update(row.id, {"tenant_id": "t2"})
    with pytest.raises(ValidationError, match="no column"):
        await repo.create(budget("d", nope=1))
    with pytest.raises(NotFoundError):
        await BudgetRepository(session, "t2").get(row.id)


async def test_soft_delete_and_restore(session: AsyncSession) -> None:
    repo = BudgetRepository(session, "t1")
    row = await repo.create(budget("a"))
    await repo.delete(row.id)
    assert row.deleted_at is not None
    with pytest.raises(NotFoundError):
        await repo.get(row.id)
    with pytest.raises(NotFoundError):
        await repo.delete(row.id)
    assert (await repo.get(row.id, include_deleted=True)).id == row.id
    assert (await repo.list()).total == 0
    assert (await repo.list(include_deleted=True)).total == 1
    restored = await repo.restore(row.id)
    assert restored.deleted_at is None
    with pytest.raises(NotFoundError):
        await repo.restore(row.id)


async def test_hard_delete(session: AsyncSession) -> None:
    repo = Repository(session, model=Ledger)
    row = await repo.create({"code": "X"})
    await repo.delete(row.id)
    with pytest.raises(NotFoundError):
        await repo.get(row.id)
    with pytest.raises(ValidationError, match="soft delete"):
        await repo.restore(row.id)


async def test_list_arguments_are_checked(session: AsyncSession) -> None:
    repo = BudgetRepository(session, "t1")
    for kwargs in ({"page": 0}, {"page_size": 0}, {"page_size": 201}):
        with pytest.raises(ValidationError, match="page"):
            await repo.list(**kwargs)
    with pytest.raises(ValidationError, match="search field"):
        await repo.list(search="x")
    with pytest.raises(ValidationError, match="no column"):
        await repo.list(order_by="nope")
    with pytest.raises(ValidationError, match="no column"):
        await repo.list(filters={"nope": 1})


async def test_list_filters_none_and_pages(session: AsyncSession) -> None:
    repo = BudgetRepository(session, "t1")
    for i in range(5):
        await repo.create(budget(f"n{i}", note=None if i % 2 else "x"))
    page = await repo.list(filters={"note": None}, order_by="name", page_size=1, page=2)
    assert [r.name for r in page.items] == ["n3"]
    assert (page.total, page.pages) == (2, 2)
    empty = await repo.list(filters={"name": "zzz"})
    assert (empty.total, empty.pages, empty.items) == (0, 0, [])


def test_escape_like() -> None:
    assert escape_like("100%_!x") == "100!%!_!!x"


NAMES = ["100% sure", "a_b", "a%b", "x!y", "plain", "UPPER case", "under_score_", "!%_", "50%_off"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(needle=st.text(alphabet="abx%_!yP 0150", min_size=1, max_size=4))
def test_search_matches_exactly_the_literal_substring(tmp_path: Path, needle: str) -> None:
    async def found() -> list[str]:
        engine = create_engine(f"sqlite:///{tmp_path / 'search.db'}")
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=TABLES)
        async with create_sessionmaker(engine)() as db:
            repo = BudgetRepository(db, "t1")
            if (await repo.list()).total == 0:
                for name in NAMES:
                    await repo.create(budget(name))
                await db.commit()
            page = await repo.list(search=needle, search_fields=["name"], page_size=50)
        await engine.dispose()
        return sorted(r.name for r in page.items)

    expected = sorted(n for n in NAMES if needle.lower() in n.lower())
    assert asyncio.run(found()) == expected
