"""Rebalancing plans: targets reached within the minimum trade, buffer kept, cash not overspent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fin_infra import analytics as fa
from fin_infra.errors import ValidationError
from fin_infra.money import D, Money
from tests.unit.analytics.strategies import PROPERTY

CENT = Decimal("0.01")
AMOUNT = st.decimals(min_value="0", max_value="100000", places=2, allow_nan=False)


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    names = draw(st.lists(st.sampled_from("ABCDEFG"), min_size=1, max_size=6, unique=True))
    values = {n: draw(AMOUNT) for n in names if draw(st.booleans())}
    targeted = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    raw = [draw(st.integers(0, 100)) for _ in targeted]
    assume(sum(raw) > 0)
    weights = [Decimal(r) / Decimal(sum(raw)) for r in raw]
    weights[-1] = 1 - sum(weights[:-1], Decimal(0))
    return values, dict(zip(targeted, weights, strict=True))


@settings(PROPERTY, max_examples=150)
@given(portfolios(), AMOUNT, AMOUNT, st.sampled_from(["0", "0.01", "25", "500"]))
def test_plan_invariants(
    portfolio: tuple[dict[str, Decimal], dict[str, Decimal]],
    cash: Decimal,
    buffer: Decimal,
    min_trade: str,
) -> None:
    values, targets = portfolio
    total = sum(values.values(), Decimal(0)) + cash
    assume(buffer <= total)
    smallest = D(min_trade)
    plan = fa.rebalance(values, targets, cash=cash, cash_buffer=buffer, min_trade=smallest)

    # Bookkeeping: trades move money between cash and assets, nothing is created or lost.
    traded = {t.asset: t.amount.amount for t in plan.trades}
    assert len(traded) == len(plan.trades)
    assert plan.cash_after.amount == cash - sum(traded.values(), Decimal(0))
    for asset, after in plan.values_after.items():
        assert after.amount == values.get(asset, Decimal(0)) + traded.get(asset, Decimal(0))
        assert after.amount >= 0
    # Sells come first, and every trade is worth making.
    sides = [t.side for t in plan.trades]
    assert sides == sorted(sides, key=lambda s: s == "buy")
    assert all(abs(t.amount.amount) >= smallest and t.amount.amount != 0 for t in plan.trades)
    # A buy never takes cash below the buffer.
    if "buy" in sides:
        assert plan.cash_after.amount >= buffer
    # Where each asset ends up relative to its target.
    for asset, target in plan.targets.items():
        after = plan.values_after[asset].amount
        if asset not in traded:
            if abs(after - target.amount) >= max(smallest, CENT):
                # Left behind only for want of cash: too little spare to fund a minimum buy.
                assert after < target.amount
                spare = plan.cash_after.amount - buffer
                assert spare < smallest + CENT * len(plan.targets)
        elif traded[asset] < 0:
            # Half a cent of rounding (plus Decimal's 28-digit context, which can round first).
            assert abs(after - target.amount) <= CENT / 2 + Decimal("1e-20")
        else:
            assert after <= target.amount


@settings(PROPERTY, max_examples=100)
@given(portfolios(), AMOUNT, AMOUNT)
def test_without_minimum_every_asset_reaches_target(
    portfolio: tuple[dict[str, Decimal], dict[str, Decimal]], cash: Decimal, buffer: Decimal
) -> None:
    values, targets = portfolio
    assume(buffer <= sum(values.values(), Decimal(0)) + cash)
    plan = fa.rebalance(values, targets, cash=cash, cash_buffer=buffer)
    # Trades are whole cents: each asset may miss by a cent, plus its share of the half cents
    # that rounding the sells left short.
    slack = CENT * (1 + len(plan.targets))
    for asset, target in plan.targets.items():
        assert abs(plan.values_after[asset].amount - target.amount) <= slack
    assert abs(plan.cash_after.amount - buffer) <= CENT * len(plan.targets)
    assert plan.cash_after.amount >= buffer - CENT / 2 * len(plan.targets)


def test_worked_example() -> None:
    plan = fa.rebalance(
        {"VTI": Money("7000", "USD"), "BND": Money("2500", "USD"), "OLD": Money("300", "USD")},
        {"VTI": "0.6", "BND": "0.3", "GLD": "0.1"},
        cash="200",
        cash_buffer="500",
        min_trade="100",
    )
    # Invest 10000 - 500: VTI 5700, BND 2850, GLD 950, OLD 0.
    assert [(t.asset, t.side, t.amount.amount) for t in plan.trades] == [
        ("VTI", "sell", D("-1300.00")),
        ("OLD", "sell", D("-300.00")),
        ("BND", "buy", D("350.00")),
        ("GLD", "buy", D("950.00")),
    ]
    assert plan.cash_after == Money("500.00", "USD")
    assert plan.values_after["OLD"] == Money("0.00", "USD")


def test_skipped_small_sell_scales_buys_to_protect_the_buffer() -> None:
    # A is 20 over target (< min 25, not sold): B and C want 50 each but only 80 is free.
    values = {"A": D(520), "B": D(200), "C": D(200)}
    targets = {"A": "0.5", "B": "0.25", "C": "0.25"}
    plan = fa.rebalance(values, targets, cash=D(80), min_trade=D(25))
    assert [(t.asset, str(t.amount.amount)) for t in plan.trades] == [
        ("B", "40.00"),
        ("C", "40.00"),
    ]
    assert plan.cash_after == Money("0.00", "USD")


def test_buy_scaled_under_the_minimum_is_dropped_and_the_rest_refilled() -> None:
    # A is 40 over (< min 45, not sold); 60 free cannot fund 50 + 50. Scaled to 30 + 30 both
    # fall under 45, so the smaller (B, on a tie the first name) goes and C gets its full 50.
    values = {"A": D(540), "B": D(200), "C": D(200)}
    targets = {"A": "0.5", "B": "0.25", "C": "0.25"}
    plan = fa.rebalance(values, targets, cash=D(60), min_trade=D(45))
    assert [(t.asset, str(t.amount.amount)) for t in plan.trades] == [("C", "50.00")]
    assert plan.cash_after == Money("10.00", "USD")
    everything = fa.rebalance(values, targets, cash=D(60), min_trade=D(25))
    assert [(t.asset, str(t.amount.amount)) for t in everything.trades] == [
        ("A", "-40.00"),
        ("B", "50.00"),
        ("C", "50.00"),
    ]


def test_rebalance_errors() -> None:
    with pytest.raises(ValidationError, match="exceeds"):
        fa.rebalance({"A": D(100)}, {"A": 1}, cash_buffer=D(101))
    with pytest.raises(ValidationError, match="negative"):
        fa.rebalance({"A": D(100)}, {"A": 1}, min_trade=D(-1))
    with pytest.raises(ValidationError, match="long positions"):
        fa.rebalance({"A": D(-100), "B": D(300)}, {"A": 1})
    with pytest.raises(ValidationError, match="sum to"):
        fa.rebalance({"A": D(100)}, {"A": "0.5"})
