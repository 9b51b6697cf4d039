"""net_worth_change: absolute and percent change, attribution that adds up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.errors import CurrencyMismatchError
from fin_infra.models import NetWorthSnapshot
from fin_infra.money import D
from fin_infra.net_worth import compute_snapshot, net_worth_change
from tests.unit.net_worth.builders import account

JAN, FEB = dt.date(2025, 1, 31), dt.date(2025, 2, 28)


def snapshot(
    day: dt.date, assets: dict[str, Decimal], owed: Decimal, **kw: str
) -> NetWorthSnapshot:
    total = sum(assets.values(), D(0))
    return NetWorthSnapshot(
        as_of=day,
        total_assets=total,
        total_liabilities=owed,
        net_worth=total - owed,
        assets_breakdown=assets,
        liabilities_breakdown={"loan": owed},
        **kw,
    )


def test_change_percent_and_attribution() -> None:
    before = snapshot(JAN, {"cash": D(5000), "property": D(200000)}, D(150000))
    after = snapshot(
        FEB, {"cash": D(4000), "investments": D(2500), "property": D(201000)}, D(149000)
    )
    move = net_worth_change(before, after)
    assert (move.start, move.end, move.currency) == (JAN, FEB, "USD")
    assert (move.start_net_worth, move.end_net_worth) == (D(55000), D(58500))
    assert (move.change, move.percent) == (D(3500), D("6.36"))
    assert move.attribution == {
        "cash": D(-1000),
        "property": D(1000),
        "investments": D(2500),
        "debt": D(1000),
    }


def test_percent_is_relative_to_the_size_of_a_negative_start() -> None:
    before = snapshot(JAN, {"cash": D(1000)}, D(3000))
    after = snapshot(FEB, {"cash": D(2000)}, D(3000))
    move = net_worth_change(before, after)
    assert (move.change, move.percent) == (D(1000), D(50))


def test_zero_start_has_no_percent() -> None:
    move = net_worth_change(snapshot(JAN, {}, D(0)), snapshot(FEB, {"cash": D(10)}, D(0)))
    assert (move.change, move.percent) == (D(10), None)


def test_hand_recorded_snapshots_keep_an_unattributed_rest() -> None:
    before = NetWorthSnapshot(
        as_of=JAN, total_assets=D(100), total_liabilities=D(0), net_worth=D(100)
    )
    after = snapshot(FEB, {"cash": D(130)}, D(0))
    move = net_worth_change(before, after)
    assert move.attribution == {"cash": D(130), "debt": D(0), "unattributed": D(-100)}


def test_currencies_must_match() -> None:
    with pytest.raises(CurrencyMismatchError, match="USD and EUR"):
        net_worth_change(snapshot(JAN, {}, D(0)), snapshot(FEB, {}, D(0), currency="EUR"))


side = st.lists(
    st.tuples(
        st.sampled_from(["depository", "investment", "other", "credit", "loan"]),
        st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    ),
    max_size=8,
)


@given(side, side)
def test_attribution_adds_up_to_the_change(
    first: list[tuple[str, Decimal]], second: list[tuple[str, Decimal]]
) -> None:
    def snap(day: dt.date, rows: list[tuple[str, Decimal]]) -> NetWorthSnapshot:
        accounts = [account(f"a{i}", kind, str(v)) for i, (kind, v) in enumerate(rows)]
        return compute_snapshot(accounts, as_of=day)

    before, after = snap(JAN, first), snap(FEB, second)
    move = net_worth_change(before, after)
    assert move.change == after.net_worth - before.net_worth
    assert sum(move.attribution.values(), D(0)) == move.change
    assert "unattributed" not in move.attribution
