"""Where goals are stored: the async repository protocol and its in-memory implementation."""

from __future__ import annotations

from typing import Protocol

from fin_infra._tracking.repository import InMemoryRepository, Repository
from fin_infra.goals.models import Goal

__all__ = ["GoalRepository", "InMemoryGoalRepository"]


class GoalRepository(Repository[Goal], Protocol):
    """Storage for goals: ``create get list update delete restore``; in memory
    (:class:`InMemoryGoalRepository`) or on the application's scaffolded table
    (:class:`~fin_infra.goals.sql.SqlGoalRepository`)."""


class InMemoryGoalRepository(InMemoryRepository[Goal]):
    """Goals in a dict: the tracker's default storage, for tests and scripts."""
