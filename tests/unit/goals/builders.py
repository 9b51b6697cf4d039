"""Builder shared by the goal tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fin_infra.goals import Goal, GoalType
from fin_infra.money import D

NOW = dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)
TODAY = NOW.date()


def make_goal(**overrides: Any) -> Goal:
    """A 12,000 savings goal started today with nothing saved, unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "g1",
        "user_id": "u1",
        "name": "Goal",
        "goal_type": GoalType.SAVINGS,
        "target_amount": D(12000),
        "start_date": TODAY,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Goal(**(fields | overrides))
