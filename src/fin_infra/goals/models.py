"""The goal record, its milestones, and the projection computed from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from fin_infra._tracking.records import Record
from fin_infra.models import Amount, CurrencyCode, DomainModel

__all__ = ["Goal", "GoalProjection", "GoalStatus", "GoalType", "Milestone", "Pace"]


class GoalType(StrEnum):
    """What the goal is for; ``DEBT_PAYOFF`` reads its amounts as debt repaid."""

    SAVINGS = "savings"
    DEBT_PAYOFF = "debt_payoff"
    EMERGENCY_FUND = "emergency_fund"
    PURCHASE = "purchase"
    RETIREMENT = "retirement"


class GoalStatus(StrEnum):
    """Life cycle of a goal: completed when the current amount reaches the target."""

    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Milestone(DomainModel):
    """``percent`` of the target (``amount``), and the day it was first reached (None: not yet)."""

    percent: Amount = Field(gt=0, le=100)
    amount: Amount
    reached_on: dt.date | None = None


class Goal(Record):
    """A target amount to save (or, for ``DEBT_PAYOFF``, a debt to repay), ideally by a date.

    ``current_amount`` is saved (or repaid) so far; ``monthly_contribution`` is the current pace;
    ``annual_rate`` is the expected yearly return on savings, or the debt's interest rate (APR) for
    ``DEBT_PAYOFF``, compounded monthly.
    """

    name: str = Field(min_length=1)
    goal_type: GoalType
    target_amount: Amount = Field(gt=0)
    current_amount: Amount = Field(default=Decimal(0), ge=0)
    currency: CurrencyCode = "USD"
    start_date: dt.date
    target_date: dt.date | None = None
    monthly_contribution: Amount = Field(default=Decimal(0), ge=0)
    annual_rate: Amount = Field(default=Decimal(0), ge=0)
    status: GoalStatus = GoalStatus.ACTIVE
    milestones: tuple[Milestone, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Goal:
        if self.target_date is not None and self.target_date <= self.start_date:
            raise ValueError(
                f"target_date {self.target_date} must be after start_date {self.start_date}"
            )
        percents = [m.percent for m in self.milestones]
        if percents != sorted(set(percents)):
            raise ValueError("milestone percents must be distinct and in increasing order")
        return self

    @property
    def remaining(self) -> Decimal:
        """What is left to save or repay (zero once reached)."""
        return max(self.target_amount - self.current_amount, Decimal(0))


class Pace(StrEnum):
    """Whether the current contribution reaches the target by its date."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    UNSCHEDULED = "unscheduled"


class GoalProjection(DomainModel):
    """Where a goal stands on ``as_of`` and where the current pace takes it.

    ``required_monthly_contribution`` (None without a target date) reaches the target by the
    target date at the goal's rate, rounded up to the minor unit; when fewer than one month is
    left it is the whole remaining amount. ``projected_completion`` is None when the current pace
    never gets there.
    """

    goal_id: str
    as_of: dt.date
    remaining: Amount
    percent_complete: Amount
    months_left: int | None
    required_monthly_contribution: Amount | None
    months_to_completion: int | None
    projected_completion: dt.date | None
    pace: Pace
