"""Goal projections agree with the calc module and with each other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra import calc
from fin_infra.goals import (
    GoalType,
    Pace,
    months_to_completion,
    project_goal,
    required_monthly_contribution,
)
from fin_infra.money import D
from tests.unit.goals.builders import TODAY, make_goal


def test_without_return_the_contribution_is_remaining_over_months() -> None:
    goal = make_goal(current_amount=D(3000), target_date=dt.date(2026, 1, 1))
    projection = project_goal(goal, TODAY)
    assert projection.months_left == 12
    assert projection.required_monthly_contribution == D(750)
    assert projection.remaining == D(9000)
    assert projection.percent_complete == D(25)


def test_with_return_it_is_calc_pmt_rounded_up() -> None:
    goal = make_goal(annual_rate=D("0.06"), target_date=dt.date(2030, 1, 1))
    exact = -calc.pmt(D("0.005"), 60, D(0), D(12000))
    assert required_monthly_contribution(goal, 60) == exact
    # 171.9936...: 171.99 would fall short by a fraction of a cent, so it is rounded up.
    assert D("171.99") < exact < D("172.00")
    assert project_goal(goal, TODAY).required_monthly_contribution == D("172.00")


def test_debt_payoff_amortizes_the_remaining_debt() -> None:
    debt = make_goal(
        goal_type=GoalType.DEBT_PAYOFF,
        target_amount=D(10000),
        current_amount=D(2000),
        annual_rate=D("0.18"),
        target_date=dt.date(2027, 1, 1),
    )
    assert required_monthly_contribution(debt, 24) == -calc.pmt(D("0.015"), 24, D(8000))
    assert D("399.39") < required_monthly_contribution(debt, 24) < D("399.40")
    assert project_goal(debt, TODAY).required_monthly_contribution == D("399.40")
    assert months_to_completion(debt, D(200)) == 62  # nper(1.5%, -200, 8000) = 61.54
    assert months_to_completion(debt, D(120)) is None  # 120 < the 120.00 monthly interest


def test_projected_completion_and_pace() -> None:
    goal = make_goal(monthly_contribution=D(1000), target_date=dt.date(2026, 1, 1))
    on_time = project_goal(goal, TODAY)
    assert (on_time.months_to_completion, on_time.projected_completion) == (12, dt.date(2026, 1, 1))
    assert on_time.pace is Pace.ON_TRACK
    slow = project_goal(goal.model_copy(update={"monthly_contribution": D(999)}), TODAY)
    assert (slow.months_to_completion, slow.pace) == (13, Pace.BEHIND)


def test_no_contribution_and_no_return_never_completes() -> None:
    projection = project_goal(make_goal(target_date=dt.date(2026, 1, 1)), TODAY)
    assert projection.months_to_completion is None
    assert projection.projected_completion is None
    assert projection.pace is Pace.BEHIND


def test_growth_alone_can_complete_a_goal() -> None:
    goal = make_goal(current_amount=D(6000), annual_rate=D("0.12"))
    months = months_to_completion(goal, D(0))
    assert months == 70  # ln 2 / ln 1.01 = 69.66
    assert required_monthly_contribution(goal, 80) == 0  # growth overshoots: never negative


def test_a_pace_beyond_the_calendar_never_completes() -> None:
    goal = make_goal(
        current_amount=D("0.01"), annual_rate=D("0.001"), target_date=TODAY.replace(year=2026)
    )
    projection = project_goal(goal, TODAY)
    assert projection.months_to_completion is not None
    assert projection.months_to_completion > 12 * 8000
    assert (projection.projected_completion, projection.pace) == (None, Pace.BEHIND)


def test_unscheduled_achieved_and_overdue() -> None:
    assert project_goal(make_goal(), TODAY).pace is Pace.UNSCHEDULED
    assert project_goal(make_goal(), TODAY).required_monthly_contribution is None
    done = project_goal(make_goal(current_amount=D(12500), target_date=dt.date(2026, 1, 1)), TODAY)
    assert (done.pace, done.remaining, done.months_to_completion) == (Pace.ACHIEVED, 0, 0)
    assert done.required_monthly_contribution == 0
    assert done.percent_complete == D("104.17")
    overdue = project_goal(
        make_goal(current_amount=D(2000), target_date=dt.date(2025, 6, 1)), dt.date(2025, 7, 1)
    )
    assert overdue.months_left == -1
    assert overdue.required_monthly_contribution == D(10000)
    assert overdue.pace is Pace.BEHIND


rates = st.decimals(min_value=0, max_value=Decimal("0.25"), places=3)
money = st.decimals(min_value=0, max_value=100000, places=2)


@given(
    rates,
    money,
    st.decimals(min_value=1, max_value=200000, places=2),
    st.integers(min_value=1, max_value=480),
    st.sampled_from(list(GoalType)),
)
def test_paying_the_required_contribution_is_on_track(
    annual_rate: Decimal, current: Decimal, target: Decimal, months: int, kind: GoalType
) -> None:
    target_date = TODAY.replace(year=TODAY.year + months // 12 + 1)
    goal = make_goal(
        goal_type=kind,
        annual_rate=annual_rate,
        current_amount=min(current, target),
        target_amount=target,
        target_date=target_date,
    )
    projection = project_goal(goal, TODAY)
    required = projection.required_monthly_contribution
    assert required is not None
    assert required >= 0
    n = projection.months_left
    assert n is not None
    monthly = annual_rate / 12
    if kind is GoalType.DEBT_PAYOFF:
        owed = -calc.fv(monthly, n, -required, goal.remaining)
        assert owed <= D("0.000001")  # the debt is paid off
    else:
        saved = calc.fv(monthly, n, -required, -goal.current_amount)
        assert saved >= target - D("0.000001")
    on_pace = project_goal(goal.model_copy(update={"monthly_contribution": required}), TODAY)
    assert on_pace.pace in (Pace.ON_TRACK, Pace.ACHIEVED)


@given(
    rates,
    money,
    st.decimals(min_value=1, max_value=5000, places=2),
)
def test_months_to_completion_is_the_first_month_that_gets_there(
    annual_rate: Decimal, current: Decimal, contribution: Decimal
) -> None:
    goal = make_goal(annual_rate=annual_rate, current_amount=min(current, D(11999)))
    months = months_to_completion(goal, contribution)
    assert months is not None
    assert months >= 1
    monthly = annual_rate / 12
    saved = calc.fv(monthly, months, -contribution, -goal.current_amount)
    assert saved >= goal.target_amount - D("0.0001")
    before = calc.fv(monthly, months - 1, -contribution, -goal.current_amount)
    assert before < goal.target_amount + D("0.0001")


@pytest.mark.parametrize("kind", list(GoalType))
def test_every_goal_type_projects(kind: GoalType) -> None:
    goal = make_goal(goal_type=kind, monthly_contribution=D(500), target_date=dt.date(2027, 1, 1))
    assert project_goal(goal, TODAY).months_to_completion == 24
