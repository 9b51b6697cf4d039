"""Goal milestones: fractions of the target, each stamped with the day it was first reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from fin_infra._tracking.records import build
from fin_infra.goals.models import Milestone
from fin_infra.money import D

__all__ = ["DEFAULT_MILESTONES", "mark_milestones", "plan_milestones"]

DEFAULT_MILESTONES: tuple[Decimal, ...] = (Decimal(25), Decimal(50), Decimal(75), Decimal(100))
"""Percentages of the target celebrated by default."""


def plan_milestones(percents: Iterable[Decimal | int], target: Decimal) -> tuple[Milestone, ...]:
    """Unreached milestones at ``percents`` of ``target`` (sorted, without duplicates).

    >>> [(m.percent, m.amount) for m in plan_milestones([50, 25], Decimal(1000))]
    [(Decimal('25'), Decimal('250')), (Decimal('50'), Decimal('500'))]
    """
    return tuple(
        build(Milestone, percent=p, amount=target * p / 100)
        for p in sorted({D(p) for p in percents})
    )


def mark_milestones(
    milestones: Iterable[Milestone], target: Decimal, current: Decimal, on: dt.date
) -> tuple[Milestone, ...]:
    """Milestones re-priced against ``target``, those reached by ``current`` stamped ``on``.

    A milestone keeps the day it was first reached, even if a withdrawal later drops below it.

    >>> done = mark_milestones(plan_milestones([25, 50], Decimal(100)), Decimal(100), Decimal(30),
    ...                        dt.date(2025, 3, 1))
    >>> [m.reached_on for m in done]
    [datetime.date(2025, 3, 1), None]
    """
    marked = []
    for milestone in milestones:
        amount = target * milestone.percent / 100
        reached = milestone.reached_on or (on if current >= amount else None)
        marked.append(milestone.model_copy(update={"amount": amount, "reached_on": reached}))
    return tuple(marked)
