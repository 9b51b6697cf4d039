"""NetWorthTracker: one snapshot a day, immutability, history, change between dates."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import Any, TypeVar

import pydantic
import pytest

from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.money import D
from fin_infra.net_worth import (
    InMemorySnapshotRepository,
    NetWorthRecord,
    NetWorthTracker,
    SnapshotRepository,
    compute_snapshot,
)
from fin_infra.normalization import MissingFxRateError
from tests.unit.net_worth.builders import account

T = TypeVar("T")
NOW = dt.datetime(2025, 3, 31, 23, 59, tzinfo=dt.UTC)
JAN, FEB, MAR = dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def bank(cash: str, owed: str = "0") -> list[Any]:
    return [account("chk", "depository", cash), account("card", "credit", owed)]


async def three_months(t: NetWorthTracker, user: str = "u1") -> list[NetWorthRecord]:
    return [
        await t.take_snapshot(user, bank("1000", "500"), as_of=JAN),
        await t.take_snapshot(user, bank("1500", "400"), as_of=FEB),
        await t.take_snapshot(user, bank("1200"), as_of=MAR),
    ]


def test_snapshot_is_stored_with_owner_and_audit_fields() -> None:
    t = NetWorthTracker(clock=lambda: NOW)
    record = run(t.take_snapshot("u1", bank("1000", "250")))
    assert (record.user_id, record.as_of, record.created_at) == ("u1", NOW.date(), NOW)
    assert (record.total_assets, record.total_liabilities, record.net_worth) == (
        D("1000.00"),
        D("250.00"),
        D("750.00"),
    )
    assert run(t.get_snapshot(record.id)) == record
    assert run(t.latest("u1")) == record


def test_snapshots_are_immutable() -> None:
    record = run(NetWorthTracker().take_snapshot("u1", bank("10"), as_of=JAN))
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        record.net_worth = D(1_000_000)  # type: ignore[misc]
    assert not hasattr(NetWorthTracker().repository, "update")


def test_one_snapshot_per_user_per_day_by_default() -> None:
    async def scenario() -> list[NetWorthRecord]:
        t = NetWorthTracker()
        first = await t.take_snapshot("u1", bank("10"), as_of=JAN)
        with pytest.raises(ConflictError, match="already has a snapshot for 2025-01-31"):
            await t.take_snapshot("u1", bank("20"), as_of=JAN)
        await t.take_snapshot("u2", bank("30"), as_of=JAN)  # another user, same day: fine
        await t.delete_snapshot(first.id)
        await t.take_snapshot("u1", bank("40"), as_of=JAN)  # replaced after a delete
        with pytest.raises(ConflictError):
            await t.restore_snapshot(first.id)  # the day is taken again
        return await t.history("u1", JAN, JAN)

    [kept] = run(scenario())
    assert kept.net_worth == D(40)


def test_repository_enforces_the_day_too() -> None:
    async def scenario() -> None:
        repo = InMemorySnapshotRepository()
        t = NetWorthTracker(repo, one_per_day=False)  # the tracker lets it through...
        await t.take_snapshot("u1", bank("10"), as_of=JAN)
        with pytest.raises(ConflictError):  # ...the storage's unique key does not
            await t.take_snapshot("u1", bank("20"), as_of=JAN)

    run(scenario())


def test_several_snapshots_a_day_when_allowed() -> None:
    clock = iter([NOW, NOW + dt.timedelta(hours=1)])
    t = NetWorthTracker(one_per_day=False, clock=lambda: next(clock))

    async def scenario() -> tuple[list[NetWorthRecord], NetWorthRecord | None]:
        await t.take_snapshot("u1", bank("10"), as_of=JAN)
        await t.take_snapshot("u1", bank("20"), as_of=JAN)
        return await t.history("u1", JAN, JAN), await t.latest("u1")

    both, latest = run(scenario())
    assert [r.net_worth for r in both] == [D(10), D(20)]
    assert latest is not None
    assert latest.net_worth == D(20)


def test_history_is_a_date_ordered_series() -> None:
    async def scenario() -> Any:
        t = NetWorthTracker()
        await t.take_snapshot("u1", bank("7"), as_of=MAR)
        await t.take_snapshot("u1", bank("5"), as_of=JAN)
        await t.take_snapshot("u1", bank("6"), as_of=FEB)
        await t.take_snapshot("u2", bank("99"), as_of=FEB)
        return (
            await t.history("u1", JAN, MAR),
            await t.history("u1", FEB, FEB),
            await t.history("u1", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            [r.as_of for r in await t.repository.list("u1")],
            await t.latest("u3"),
        )

    full, february, empty, listed, nobody = run(scenario())
    assert [(r.as_of, r.net_worth) for r in full] == [(JAN, D(5)), (FEB, D(6)), (MAR, D(7))]
    assert [r.as_of for r in february] == [FEB]
    assert (empty, nobody) == ([], None)
    assert listed == [JAN, FEB, MAR]


def test_change_between_dates_uses_the_latest_snapshot_on_or_before_each() -> None:
    async def scenario() -> Any:
        t = NetWorthTracker()
        await three_months(t)
        return (
            await t.change("u1", JAN, MAR),
            await t.change("u1", dt.date(2025, 2, 10), dt.date(2025, 12, 31)),
        )

    quarter, later = run(scenario())
    assert (quarter.start_net_worth, quarter.end_net_worth) == (D(500), D(1200))
    assert (quarter.change, quarter.percent) == (D(700), D(140))
    assert quarter.attribution == {"cash": D(200), "debt": D(500)}
    assert (later.start, later.end, later.change) == (JAN, MAR, D(700))


def test_change_needs_a_snapshot_before_the_start_and_ordered_dates() -> None:
    async def scenario() -> None:
        t = NetWorthTracker()
        await three_months(t)
        with pytest.raises(NotFoundError, match="on or before 2025-01-30"):
            await t.change("u1", dt.date(2025, 1, 30), MAR)
        with pytest.raises(ValidationError, match="before start"):
            await t.change("u1", MAR, JAN)
        with pytest.raises(ValidationError, match="before start"):
            await t.history("u1", MAR, JAN)

    run(scenario())


def test_failed_valuation_stores_nothing() -> None:
    async def scenario() -> list[NetWorthRecord]:
        t = NetWorthTracker()
        with pytest.raises(MissingFxRateError):
            await t.take_snapshot(
                "u1", [account("e", "depository", "5", currency="EUR")], as_of=JAN
            )
        return await t.history("u1", JAN, JAN)

    assert run(scenario()) == []


def test_record_a_snapshot_computed_elsewhere_and_delete_for_good() -> None:
    async def scenario() -> None:
        t = NetWorthTracker()
        snap = compute_snapshot(bank("80"), as_of=FEB)
        record = await t.record_snapshot("u1", snap)
        assert record.model_dump(include=set(type(snap).model_fields)) == snap.model_dump()
        await t.delete_snapshot(record.id, soft=False)
        with pytest.raises(NotFoundError):
            await t.get_snapshot(record.id)
        with pytest.raises(NotFoundError):
            await t.restore_snapshot(record.id)
        assert await t.latest("u1") is None

    run(scenario())


def test_in_memory_repository_satisfies_the_protocol() -> None:
    repo: SnapshotRepository = InMemorySnapshotRepository()
    assert run(NetWorthTracker(repo).take_snapshot("u1", bank("1"), as_of=JAN)).net_worth == D(1)
    with pytest.raises(ValidationError, match="negative"):
        run(repo.list("u1", limit=-1))
