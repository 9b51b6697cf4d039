"""Debt payoff plans: hand-checked months, agreement with calc, avalanche versus snowball."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra import calc
from fin_infra.errors import NoSolutionError, ValidationError
from fin_infra.goals import Debt, PayoffStrategy, payoff_plan
from fin_infra.money import D


def debt(name: str, balance: str, rate: str, minimum: str) -> Debt:
    return Debt(name=name, balance=D(balance), annual_rate=D(rate), minimum_payment=D(minimum))


def test_one_small_debt_by_hand() -> None:
    plan = payoff_plan([debt("card", "100", "0.12", "10")], 60)
    # month 1: 100 + 1.00 interest - 60 = 41.00; month 2: 41 + 0.41 = 41.41, paid in full.
    assert [m.interest["card"] for m in plan.schedule] == [D("1.00"), D("0.41")]
    assert [m.payments["card"] for m in plan.schedule] == [D(60), D("41.41")]
    assert [m.balances["card"] for m in plan.schedule] == [D(41), D(0)]
    assert (plan.months, plan.total_interest, plan.total_paid) == (2, D("1.41"), D("101.41"))


def test_strategies_pick_different_targets() -> None:
    debts = [
        debt("small-cheap", "500", "0.05", "25"),
        debt("big-dear", "4000", "0.24", "100"),
        debt("mid", "1500", "0.10", "50"),
    ]
    avalanche = payoff_plan(debts, 500, PayoffStrategy.AVALANCHE)
    snowball = payoff_plan(debts, 500, "snowball")
    first = avalanche.schedule[0].payments
    assert first == {"small-cheap": D(25), "big-dear": D(425), "mid": D(50)}
    assert snowball.schedule[0].payments == {
        "small-cheap": D(350),
        "big-dear": D(100),
        "mid": D(50),
    }
    assert [d.name for d in avalanche.debts] == ["big-dear", "mid", "small-cheap"]
    assert [d.name for d in snowball.debts] == ["small-cheap", "mid", "big-dear"]
    assert avalanche.total_interest < snowball.total_interest
    for plan in (avalanche, snowball):
        assert plan.total_paid == D(6000) + plan.total_interest
        assert sum(d.interest_paid for d in plan.debts) == plan.total_interest
        assert all(sum(m.payments.values()) <= 500 for m in plan.schedule)


def test_a_paid_off_minimum_rolls_into_the_next_debt() -> None:
    plan = payoff_plan([debt("a", "100", "0", "50"), debt("b", "1000", "0", "50")], 150, "snowball")
    assert plan.schedule[0].payments == {"a": D(100), "b": D(50)}
    assert plan.schedule[1].payments == {"b": D(150)}
    assert plan.debts[0].paid_off_month == 1


@pytest.mark.parametrize(
    ("debts", "payment", "message"),
    [
        ([], 100, "at least one debt"),
        ([debt("a", "100", "0", "60"), debt("b", "100", "0", "60")], 100, "minimum payments 120"),
        ([debt("a", "100", "0", "1"), debt("a", "50", "0", "1")], 100, "distinct"),
    ],
)
def test_bad_plans_are_refused(debts: list[Debt], payment: int, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        payoff_plan(debts, payment)


def test_payments_below_the_interest_never_finish() -> None:
    with pytest.raises(NoSolutionError, match="not paid off within 120 months"):
        payoff_plan([debt("loan", "10000", "0.24", "100")], 150, max_months=120)


def test_balances_that_outgrow_decimal_arithmetic_are_no_solution() -> None:
    with pytest.raises(NoSolutionError, match="grow without bound"):
        payoff_plan([debt("card", "3000", "0.9", "1")], 2)


@settings(max_examples=40)
@given(
    st.decimals(min_value=100, max_value=50000, places=2),
    st.decimals(min_value=0, max_value=Decimal("0.30"), places=3),
    st.integers(min_value=1, max_value=120),
)
def test_one_debt_follows_the_amortization_schedule_and_nper(
    principal: Decimal, annual_rate: Decimal, months: int
) -> None:
    rows = calc.amortization_schedule(principal, annual_rate, months)
    level = rows[0].payment
    plan = payoff_plan([debt("loan", str(principal), str(annual_rate), "0")], level)
    # Month by month the same interest and balances; only the end differs, where the schedule
    # absorbs the rounding in a last (balloon) payment and the plan, bound to its budget, may
    # need one more small payment instead.
    for month, row in zip(plan.schedule, rows[:-1], strict=False):
        assert (month.interest["loan"], month.balances["loan"]) == (row.interest, row.balance)
    assert plan.months in (len(rows), len(rows) + 1)

    # calc.nper agrees up to the interest rounded to the cent each month: half a cent at most,
    # as if each payment were up to half a cent larger or smaller.
    def periods(payment: Decimal) -> int:
        exact = calc.nper(annual_rate / 12, -payment, principal).quantize(D("1e-9"))
        return math.ceil(exact)

    half_cent = D("0.005")
    assert periods(level + half_cent) <= plan.months <= periods(level - half_cent)


debts_strategy = st.lists(
    st.builds(
        lambda b, r, m: (b, r, m),
        st.decimals(min_value=50, max_value=20000, places=2),
        st.decimals(min_value=0, max_value=Decimal("0.30"), places=3),
        st.decimals(min_value=0, max_value=200, places=0),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60)
@given(debts_strategy, st.decimals(min_value=0, max_value=2000, places=2))
def test_avalanche_never_pays_more_interest_than_snowball(
    rows: list[tuple[Decimal, Decimal, Decimal]], extra: Decimal
) -> None:
    debts = [debt(f"d{i}", str(b), str(r), str(m)) for i, (b, r, m) in enumerate(rows)]
    total = sum(d.balance for d in debts)
    first_interest = sum(d.balance * d.annual_rate / 12 for d in debts)
    minimums = sum(d.minimum_payment for d in debts)
    # Enough to clear everything within about 100 months whatever the order.
    payment = (minimums + extra + first_interest + total / 100).quantize(D("0.01"))
    avalanche = payoff_plan(debts, payment, "avalanche")
    snowball = payoff_plan(debts, payment, "snowball")
    assert avalanche.total_interest <= snowball.total_interest
    for plan in (avalanche, snowball):
        assert plan.months <= 101
        assert plan.total_paid == total + plan.total_interest
        assert all(b >= 0 for m in plan.schedule for b in m.balances.values())
        assert all(sum(m.payments.values()) <= payment for m in plan.schedule)
        assert {d.name for d in plan.debts} == {d.name for d in debts}
