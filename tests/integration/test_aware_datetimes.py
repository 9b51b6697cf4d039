"""A user model's own ``DateTime(timezone=True)`` columns read back aware (UTC) on every backend.

The model below is written the way an application writes one, with plain SQLAlchemy types the
library never saw; soft delete, read and restore through the CRUD API must not be a 500.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import DateTime, String, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.errors import ValidationError
from fin_infra.persistence import (
    ModelBase,
    Repository,
    Timestamps,
    create_engine,
    create_sessionmaker,
)

pytestmark = pytest.mark.anyio


class Reminder(Timestamps, ModelBase):
    """An application's model: its own id, a due time and a soft-delete column, plain types."""

    __tablename__ = "fi_test_reminders"

    id: Mapped[uuid.UUID] = mapped_column(Uuid(), primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(50))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


@pytest.fixture
async def client(db_url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(db_url)
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=[Reminder.__table__])
    app = FastAPI()
    add_sql_resources(
        app,
        [SqlResource(model=Reminder, prefix="/reminders", soft_delete=True)],
        session_factory=create_sessionmaker(engine),
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        yield http
    await engine.dispose()


def instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None, text
    return value


async def test_soft_delete_read_and_restore_through_the_api(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/reminders/", json={"title": "pay rent", "due_at": "2025-03-01T09:30:00+02:00"}
    )
    assert created.status_code == 201, created.text
    row = f"/reminders/{created.json()['id']}"
    due = instant(created.json()["due_at"])
    assert due == datetime(2025, 3, 1, 7, 30, tzinfo=UTC)

    got = await client.get(row)
    assert got.status_code == 200, got.text
    assert instant(got.json()["due_at"]) == due  # same instant, stored as UTC
    assert instant(got.json()["due_at"]).utcoffset() == timedelta(0)

    assert (await client.delete(row)).status_code == 204
    listed = await client.get("/reminders/", params={"include_deleted": "true"})
    assert listed.status_code == 200, listed.text
    deleted_at = instant(listed.json()["items"][0]["deleted_at"])
    assert abs(datetime.now(UTC) - deleted_at) < timedelta(hours=1)
    assert (await client.get(row)).status_code == 404

    restored = await client.post(f"{row}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["deleted_at"] is None
    again = await client.get(row)
    assert again.status_code == 200, again.text
    assert instant(again.json()["due_at"]) == due


async def test_orm_reads_are_aware_and_filters_compare_instants(db_url: str) -> None:
    engine = create_engine(db_url)
    async with engine.begin() as connection:
        await connection.run_sync(ModelBase.metadata.create_all, tables=[Reminder.__table__])
    plus_five = timezone(timedelta(hours=5))
    sessions = create_sessionmaker(engine)
    async with sessions() as db:
        db.add(Reminder(title="t", due_at=datetime(2025, 1, 1, 12, tzinfo=plus_five)))
        await db.commit()
    async with sessions() as db:
        stored = (await db.execute(select(Reminder))).scalar_one()
        assert stored.due_at == datetime(2025, 1, 1, 7, tzinfo=UTC)
        assert stored.due_at.utcoffset() == timedelta(0)
        same = select(Reminder.title).where(Reminder.due_at == datetime(2025, 1, 1, 7, tzinfo=UTC))
        assert (await db.execute(same)).scalars().all() == ["t"]
        # The library's own UTCDateTime columns still refuse a naive value on write.
        with pytest.raises(ValidationError, match="timezone-aware"):
            await Repository(db, model=Reminder, tenant_field=None).update(
                stored.id, {"created_at": datetime(2025, 1, 1)}
            )
        await db.rollback()
    await engine.dispose()
