"""Goals in the application's SQL table (``fin-infra scaffold goals``), for ``GoalTracker``.

>>> from fin_infra.goals import GoalTracker
>>> from fin_infra.goals.sql import SqlGoalRepository
>>> # tracker = GoalTracker(SqlGoalRepository(session, Goal, tenant_id="acme"))

Milestones live in a JSON column as ``{"percent": "25", "reached_on": "2025-04-01" | null}``
objects, the scaffold's format; a milestone's amount is re-derived from the target. The
scaffolded table keeps ``(user_id, name)`` unique (per tenant; among live rows when it
soft-deletes, so a deleted goal frees its name), checked before writing. A row
written by other code without ``start_date`` reads as started on the day it was created.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fin_infra._tracking.sql import SqlRepository, money_from_column, rate_from_column
from fin_infra.goals.models import Goal, Milestone

__all__ = ["SqlGoalRepository"]


def _milestones_to_json(milestones: tuple[Milestone, ...]) -> list[dict[str, str | None]]:
    return [
        {
            "percent": str(m.percent),
            "reached_on": None if m.reached_on is None else m.reached_on.isoformat(),
        }
        for m in milestones
    ]


def _milestones_from_json(stored: list[dict[str, str | None]], target: Decimal) -> list[Milestone]:
    milestones = []
    for item in stored or []:
        percent = Decimal(str(item["percent"]))
        reached = item.get("reached_on")
        milestones.append(
            Milestone(
                percent=percent,
                amount=target * percent / 100,
                reached_on=None if reached is None else dt.date.fromisoformat(reached),
            )
        )
    return milestones


class SqlGoalRepository(SqlRepository[Goal]):
    """:class:`~fin_infra.goals.GoalRepository` over a scaffolded ``Goal`` model.

    ``SqlGoalRepository(session, Goal, tenant_id=...)``: the session's transaction is the
    caller's (methods flush, never commit); ``tenant_id`` is required exactly when the table has
    a ``tenant_id`` column.
    """

    unique = (("user_id", "name"),)

    def _values(self, item: Goal) -> dict[str, Any]:
        return {
            "name": item.name,
            "goal_type": item.goal_type.value,
            "target_amount": item.target_amount,
            "current_amount": item.current_amount,
            "currency": item.currency,
            "start_date": item.start_date,
            "target_date": item.target_date,
            "monthly_contribution": item.monthly_contribution,
            "annual_rate": item.annual_rate,
            "status": item.status.value,
            "milestones": _milestones_to_json(item.milestones),
        }

    def _record(self, row: Any) -> Goal:
        target = money_from_column(row.target_amount, row.currency)
        return Goal(
            **self._common(row),
            name=row.name,
            goal_type=row.goal_type,
            target_amount=target,
            current_amount=money_from_column(row.current_amount, row.currency),
            currency=row.currency,
            start_date=row.start_date or row.created_at.date(),
            target_date=row.target_date,
            monthly_contribution=money_from_column(row.monthly_contribution, row.currency),
            annual_rate=rate_from_column(row.annual_rate),
            status=row.status,
            milestones=_milestones_from_json(row.milestones, target),
        )
