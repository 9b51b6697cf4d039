"""NetWorthTracker behaves the same in memory and on the scaffolded SQL table (SQLite, PG)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from fin_infra.errors import ConflictError, NotFoundError, ValidationError
from fin_infra.money import D
from fin_infra.normalization import FxRates
from tests.integration.trackers.storages import Storage, unique_user
from tests.unit.net_worth.builders import account, holding, quote

JAN, FEB, MAR = dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31)


def bank(cash: str, owed: str = "0") -> list[Any]:
    return [account("chk", "depository", cash), account("card", "credit", owed)]


def test_snapshots_history_change_and_one_per_day(storage: Storage) -> None:
    user = unique_user()

    async def scenario() -> None:
        async with storage.open() as t:
            assert await t.net_worth.latest(user) is None
            jan = await t.net_worth.take_snapshot(user, bank("1000", "500"), as_of=JAN)
            mar = await t.net_worth.take_snapshot(user, bank("1200"), as_of=MAR)
            feb = await t.net_worth.take_snapshot(user, bank("1500.55", "400"), as_of=FEB)
            with pytest.raises(ConflictError, match=str(FEB)):
                await t.net_worth.take_snapshot(user, bank("1"), as_of=FEB)
        async with storage.open() as t:
            assert await t.net_worth.get_snapshot(feb.id) == feb
            assert await t.net_worth.latest(user) == mar
            assert await t.net_worth.history(user, JAN, FEB) == [jan, feb]
            assert await t.net_worth.history(user, JAN, MAR) == [jan, feb, mar]
            assert await t.net_worth.history(user, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == []
            with pytest.raises(ValidationError):
                await t.net_worth.history(user, MAR, JAN)
            move = await t.net_worth.change(user, JAN, dt.date(2025, 3, 15))
            assert (move.start, move.end) == (JAN, FEB)
            assert (move.start_net_worth, move.end_net_worth) == (D(500), D("1100.55"))
            assert (move.change, move.percent) == (D("600.55"), D("120.11"))
            assert move.attribution == {"cash": D("500.55"), "debt": D(100)}
            with pytest.raises(NotFoundError):
                await t.net_worth.change(user, dt.date(2025, 1, 1), MAR)
            assert [r.id for r in await t.net_worth.repository.list(user)] == [
                jan.id,
                feb.id,
                mar.id,
            ]
            await t.net_worth.delete_snapshot(feb.id)
        async with storage.open() as t:
            assert await t.net_worth.history(user, JAN, MAR) == [jan, mar]
            with pytest.raises(NotFoundError):
                await t.net_worth.get_snapshot(feb.id)
            assert await t.net_worth.restore_snapshot(feb.id) == feb
            await t.net_worth.delete_snapshot(mar.id, soft=False)
            assert await t.net_worth.latest(user) == feb
            again = await t.net_worth.take_snapshot(user, bank("900"), as_of=MAR)
        async with storage.open() as t:
            assert await t.net_worth.latest(user) == again
            assert again.net_worth == D(900)
            with pytest.raises(NotFoundError):
                await t.net_worth.restore_snapshot(mar.id)

    asyncio.run(scenario())


def test_holdings_and_currencies_round_trip_exactly(storage: Storage) -> None:
    user = unique_user()
    accounts = [
        account("chk", "depository", "250.10", currency="EUR"),
        account("brk", "investment", None),
        account("house", "other", "350000", subtype="real estate"),
        account("mortgage", "loan", "210000.99"),
    ]
    holdings = [holding("brk", "VTI", "12.5"), holding("brk", "AAPL", "3")]
    quotes = [quote("VTI", "251.37"), quote("AAPL", "190.01")]
    fx = FxRates({("EUR", "USD"): "1.0842"})

    async def scenario() -> None:
        async with storage.open() as t:
            taken = await t.net_worth.take_snapshot(
                user, accounts, holdings, quotes, as_of=JAN, fx=fx
            )
        async with storage.open() as t:
            stored = await t.net_worth.get_snapshot(taken.id)
            assert stored == taken
            assert stored.assets_breakdown == {
                "cash": D("271.16"),
                "investments": D("3712.16"),
                "property": D("350000.00"),
            }
            assert stored.liabilities_breakdown == {"loan": D("210000.99")}
            assert stored.net_worth == D("143982.33")
            totals = (stored.total_assets, stored.total_liabilities, stored.net_worth)
            assert [str(v) for v in totals] == ["353983.32", "210000.99", "143982.33"]

    asyncio.run(scenario())
