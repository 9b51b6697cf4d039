"""``live_unique`` on an application's own model, and the ``Repository`` verbs scaffolded
repositories inherit (owner listing, default order, list_deleted, hard delete, immutability).

The model here is written by hand, as a user would: two live-unique keys on one table share the
one generated ``live_key`` column. Each backend gets its own throw-away database.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel
from sqlalchemy import Index, String, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.persistence import (
    LIVE_KEY,
    ModelBase,
    Repository,
    SoftDelete,
    TenantScoped,
    Timestamps,
    UniqueViolationError,
    UUIDPrimaryKey,
    create_engine,
    create_sessionmaker,
    live_unique,
)
from tests.integration.databases import BACKENDS, temporary_database


class Account(UUIDPrimaryKey, Timestamps, TenantScoped, SoftDelete, ModelBase):
    __tablename__ = "live_unique_accounts"
    __table_args__ = (
        live_unique("tenant_id", "user_id", "name"),
        live_unique("tenant_id", "iban"),
    )

    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    iban: Mapped[str] = mapped_column(String(34))


class AccountIn(BaseModel):
    user_id: str
    name: str
    iban: str


class AccountRename(BaseModel):
    name: str | None = None
    iban: str | None = None


class Accounts(Repository[Account]):
    model = Account
    owner_field = "user_id"
    default_order: ClassVar[tuple[Any, ...]] = (Account.name.desc(),)


class FrozenAccounts(Accounts):
    immutable = True


def test_keys_share_one_generated_column_and_get_stable_names() -> None:
    table = Account.__table__
    assert [c.name for c in table.columns].count(LIVE_KEY) == 1
    assert table.c[LIVE_KEY].computed is not None
    names = sorted(str(index.name) for index in table.indexes if index.unique)
    assert names == [
        "uq_live_unique_accounts_tenant_id_iban_live",
        "uq_live_unique_accounts_tenant_id_user_id_name_live",
    ]
    for index in table.indexes:
        if index.unique:
            assert [c.name for c in index.columns][-1] == LIVE_KEY
            assert str(index.dialect_options["postgresql"]["where"]) == "deleted_at IS NULL"
            assert str(index.dialect_options["sqlite"]["where"]) == "deleted_at IS NULL"


def test_long_names_are_shortened_below_the_identifier_limits() -> None:
    class LongNamed(UUIDPrimaryKey, SoftDelete, ModelBase):
        __tablename__ = "live_unique_a_table_with_a_rather_long_descriptive_name"
        __table_args__ = (live_unique("first_long_column_name", "second_long_column_name"),)

        first_long_column_name: Mapped[str] = mapped_column(String(10))
        second_long_column_name: Mapped[str] = mapped_column(String(10))

    (index,) = (i for i in LongNamed.__table__.indexes if i.unique)
    assert len(str(index.name)) <= 60
    assert str(index.name).startswith("uq_live_unique_a_table_with")


def test_an_explicit_name_is_kept_and_columns_are_required() -> None:
    index = live_unique("a", name="my_key")
    assert isinstance(index, Index)
    assert index.name == "my_key"
    with pytest.raises(ValidationError, match="at least one column"):
        live_unique()


@asynccontextmanager
async def database(url: str) -> AsyncIterator[Any]:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(ModelBase.metadata.create_all, tables=[Account.__table__])
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


async def expect(error: type[Exception], call: Any, match: str | None = None) -> None:
    with pytest.raises(error, match=match):
        await call


@pytest.mark.parametrize("backend", BACKENDS)
def test_deleted_rows_free_every_key_and_restore_is_refused_on_reuse(
    backend: str, tmp_path: Path
) -> None:
    async def scenario(url: str) -> None:
        async with database(url) as sessions:
            session: AsyncSession
            async with sessions() as session:
                repo = Accounts(session, "t1")
                first = await repo.create(AccountIn(user_id="u", name="Main", iban="DE1"))
                first_id = first.id
                await session.commit()
                # either key alone conflicts while the row is live
                await expect(UniqueViolationError, repo.create({**_row("Main", "DE2")}))
                await session.rollback()
                await expect(UniqueViolationError, repo.create({**_row("Other", "DE1")}))
                await session.rollback()
                await repo.delete(first_id)
                second = await repo.create(AccountIn(user_id="u", name="Main", iban="DE1"))
                second_id = second.id
                await session.commit()
                await expect(UniqueViolationError, repo.restore(first_id), "cannot be restored")
                await session.rollback()
                # once the new row changes both keys, the old one may come back
                await repo.update(second_id, AccountRename(name="Renamed", iban="DE9"))
                assert (await repo.restore(first_id)).deleted_at is None
                await session.commit()
                await expect(ValidationError, repo.create({LIVE_KEY: 1, **_row("X", "Y")}))

    with temporary_database(backend, tmp_path) as url:
        asyncio.run(scenario(url))


def _row(name: str, iban: str) -> dict[str, Any]:
    return {"user_id": "u", "name": name, "iban": iban}


def test_owner_listing_order_deleted_rows_hard_delete_and_immutability(tmp_path: Path) -> None:
    async def scenario(url: str) -> None:
        async with database(url) as sessions, sessions() as session:
            repo = Accounts(session, "t1")
            for index, name in enumerate(("a", "c", "b")):
                await repo.create(_row(name, f"DE{index}"))
            await repo.create({"user_id": "v", "name": "z", "iban": "FR1"})
            page = await repo.list("u")
            assert [a.name for a in page] == ["c", "b", "a"]  # default_order
            assert [a.name for a in await repo.list("u", order_by="name")] == ["a", "b", "c"]
            assert (await repo.list()).total == 4
            doomed = page.items[0].id
            await repo.delete(doomed)
            assert [a.id for a in await repo.list_deleted("u")] == [doomed]
            await repo.delete(doomed, soft=False)
            assert (await repo.list_deleted("u")).total == 0
            await expect(NotFoundError, repo.get(doomed, include_deleted=True))
            frozen = FrozenAccounts(session, "t1")
            await expect(ValidationError, frozen.update(page.items[1].id, {"name": "x"}))
            await expect(
                ValidationError, Repository(session, "t1", model=Account).list("u"), "owner"
            )
            rows = await repo.scalars(repo.select(Account.iban.like("DE%")))
            assert sorted(a.name for a in rows) == ["a", "b"]
            assert inspect(Account).columns[LIVE_KEY].computed is not None

    with temporary_database("sqlite", tmp_path) as url:
        asyncio.run(scenario(url))


def test_derived_api_schemas_hide_the_generated_live_key() -> None:
    """`live_key` is fin-infra's machinery: never a field a client reads or may send."""
    from fin_infra.api.schemas import derive_schemas

    read, create, update = derive_schemas(Account, "tenant_id")
    assert LIVE_KEY in inspect(Account).columns
    for schema in (read, create, update):
        assert LIVE_KEY not in schema.model_fields, schema.__name__
    assert "name" in create.model_fields
