"""Goal projections with :mod:`fin_infra.calc`: required contribution, completion date, pace.

Contributions are monthly, at the end of each month, and the balance compounds monthly at
``annual_rate / 12``. A savings goal grows ``current_amount`` towards ``target_amount``
(``calc.pmt``/``calc.nper`` with ``pv=-current, fv=target``); a debt payoff goal amortizes the
``remaining`` debt to zero at the debt's rate (``pv=remaining, fv=0``).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_CEILING, Decimal

from fin_infra import calc
from fin_infra._tracking.dates import add_months, whole_months_between
from fin_infra.errors import NoSolutionError
from fin_infra.goals.models import Goal, GoalProjection, GoalType, Pace
from fin_infra.money import minor_units, quantize

__all__ = ["months_to_completion", "project_goal", "required_monthly_contribution"]

_MONTHS_TOLERANCE = Decimal("1e-9")


def _tvm_args(goal: Goal) -> tuple[Decimal, Decimal, Decimal]:
    """Monthly rate, present value and future value in spreadsheet signs."""
    monthly = goal.annual_rate / 12
    if goal.goal_type is GoalType.DEBT_PAYOFF:
        return monthly, goal.remaining, Decimal(0)
    return monthly, -goal.current_amount, goal.target_amount


def required_monthly_contribution(goal: Goal, months: int) -> Decimal:
    """Monthly contribution that reaches the target in ``months`` months (exact, never negative).

    >>> import datetime as dt
    >>> now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    >>> car = Goal(id="g", user_id="u", name="Car", goal_type=GoalType.PURCHASE,
    ...            target_amount=Decimal(12000), start_date=now.date(), created_at=now,
    ...            updated_at=now)
    >>> required_monthly_contribution(car, 24)
    Decimal('500')
    """
    if goal.remaining == 0:
        return Decimal(0)
    monthly, present, future = _tvm_args(goal)
    payment: Decimal = -calc.pmt(monthly, months, present, future)
    return max(payment, Decimal(0))


def months_to_completion(goal: Goal, contribution: Decimal) -> int | None:
    """Whole months until the target at ``contribution`` a month; None if it is never reached."""
    if goal.remaining == 0:
        return 0
    monthly, present, future = _tvm_args(goal)
    try:
        periods: Decimal = calc.nper(monthly, -contribution, present, future)
    except NoSolutionError:
        return None
    return max(math.ceil(periods.quantize(_MONTHS_TOLERANCE)), 0)


def project_goal(goal: Goal, as_of: dt.date) -> GoalProjection:
    """Where ``goal`` stands on ``as_of`` and where its current monthly contribution leads.

    >>> import datetime as dt
    >>> now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    >>> fund = Goal(id="g1", user_id="u1", name="Rainy day", goal_type=GoalType.EMERGENCY_FUND,
    ...             target_amount=Decimal(10000), current_amount=Decimal(2500),
    ...             monthly_contribution=Decimal(500), annual_rate=Decimal("0.04"),
    ...             start_date=now.date(), target_date=dt.date(2026, 1, 1),
    ...             created_at=now, updated_at=now)
    >>> p = project_goal(fund, dt.date(2025, 1, 1))
    >>> p.months_left, p.required_monthly_contribution
    (12, Decimal('605.30'))
    >>> p.months_to_completion, p.projected_completion, p.pace.value
    (15, datetime.date(2026, 4, 1), 'behind')
    """
    places = minor_units(goal.currency)
    months_left = (
        None if goal.target_date is None else whole_months_between(as_of, goal.target_date)
    )
    required = None
    if months_left is not None:
        if goal.remaining == 0 or months_left >= 1:
            exact = required_monthly_contribution(goal, max(months_left, 1))
            required = quantize(exact, places, ROUND_CEILING)
        else:
            required = goal.remaining
    months = months_to_completion(goal, goal.monthly_contribution)
    completion = None
    # A pace too slow to finish within the calendar (by 9999-12-31) never completes either.
    if months is not None and months <= whole_months_between(as_of, dt.date.max):
        completion = add_months(as_of, months)
    if goal.remaining == 0:
        pace = Pace.ACHIEVED
    elif goal.target_date is None:
        pace = Pace.UNSCHEDULED
    elif completion is not None and completion <= goal.target_date:
        pace = Pace.ON_TRACK
    else:
        pace = Pace.BEHIND
    return GoalProjection(
        goal_id=goal.id,
        as_of=as_of,
        remaining=goal.remaining,
        percent_complete=quantize(goal.current_amount / goal.target_amount * 100, 2),
        months_left=months_left,
        required_monthly_contribution=required,
        months_to_completion=months,
        projected_completion=completion,
        pace=pace,
    )
