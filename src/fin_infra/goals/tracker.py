"""``GoalTracker``: goals stored in a repository, with contributions, milestones and projections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from fin_infra._tracking.amounts import UserAmount, user_amount
from fin_infra._tracking.records import Clock, build, new_record, utc_now
from fin_infra.errors import ValidationError
from fin_infra.goals.milestones import DEFAULT_MILESTONES, mark_milestones, plan_milestones
from fin_infra.goals.models import Goal, GoalProjection, GoalStatus, GoalType
from fin_infra.goals.projection import project_goal
from fin_infra.goals.repository import GoalRepository, InMemoryGoalRepository

__all__ = ["GoalTracker"]


def _settled(goal: Goal) -> Goal:
    """``goal`` COMPLETED once the target is reached and ACTIVE again if it no longer is (a
    paused or cancelled goal keeps its status)."""
    if goal.status in (GoalStatus.PAUSED, GoalStatus.CANCELLED):
        return goal
    status = GoalStatus.COMPLETED if goal.remaining == 0 else GoalStatus.ACTIVE
    return goal.model_copy(update={"status": status})


class GoalTracker:
    """Create, read, update and delete goals; record contributions; project them.

    Stateless itself: goals live in ``repository`` (in memory unless one is given). Amounts may be
    ``Decimal``, ``int``, ``str`` or ``float`` (read through its shortest repr); they are stored
    and returned as Decimal.

    >>> import asyncio, datetime as dt
    >>> tracker = GoalTracker()
    >>> async def demo():
    ...     goal = await tracker.create_goal(
    ...         "user-1", "New laptop", "purchase", 2000, target_date=dt.date(2026, 1, 1),
    ...         start_date=dt.date(2025, 1, 1), monthly_contribution=150)
    ...     goal = await tracker.add_contribution(goal.id, 600.00, on=dt.date(2025, 4, 1))
    ...     projection = await tracker.project(goal.id, as_of=dt.date(2025, 4, 1))
    ...     return goal, projection
    >>> goal, projection = asyncio.run(demo())
    >>> goal.current_amount, [(m.percent, m.reached_on) for m in goal.milestones][:2]
    (Decimal('600.0'), [(Decimal('25'), datetime.date(2025, 4, 1)), (Decimal('50'), None)])
    >>> projection.required_monthly_contribution, projection.pace.value
    (Decimal('155.56'), 'behind')
    """

    def __init__(self, repository: GoalRepository | None = None, *, clock: Clock = utc_now):
        self.repository: GoalRepository = repository or InMemoryGoalRepository(clock=clock)
        self._clock = clock

    async def create_goal(
        self,
        user_id: str,
        name: str,
        goal_type: GoalType | str,
        target_amount: UserAmount,
        *,
        target_date: dt.date | None = None,
        current_amount: UserAmount = 0,
        monthly_contribution: UserAmount = 0,
        annual_rate: UserAmount = 0,
        currency: str = "USD",
        start_date: dt.date | None = None,
        milestones: Iterable[Decimal | int] = DEFAULT_MILESTONES,
    ) -> Goal:
        """Store a new goal; milestones already passed by ``current_amount`` are stamped with
        ``start_date`` (today by default)."""
        start = start_date or self._clock().date()
        target = user_amount(target_amount, "target_amount")
        current = user_amount(current_amount, "current_amount")
        if target <= 0:
            raise ValidationError(f"target_amount must be positive, got {target}")
        goal = new_record(
            Goal,
            self._clock,
            user_id=user_id,
            name=name,
            goal_type=goal_type,
            target_amount=target,
            current_amount=current,
            currency=currency,
            start_date=start,
            target_date=target_date,
            monthly_contribution=user_amount(monthly_contribution, "monthly_contribution"),
            annual_rate=user_amount(annual_rate, "annual_rate"),
            milestones=mark_milestones(plan_milestones(milestones, target), target, current, start),
        )
        return await self.repository.create(_settled(goal))

    async def get_goal(self, goal_id: str) -> Goal:
        """The goal ``goal_id``; ``NotFoundError`` if there is none (or it was deleted)."""
        return await self.repository.get(goal_id)

    async def list_goals(
        self, user_id: str, *, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> list[Goal]:
        """A page of ``user_id``'s goals, oldest first."""
        return await self.repository.list(
            user_id, limit=limit, offset=offset, include_deleted=include_deleted
        )

    async def update_goal(
        self,
        goal_id: str,
        *,
        name: str | None = None,
        target_amount: UserAmount | None = None,
        target_date: dt.date | None = None,
        monthly_contribution: UserAmount | None = None,
        annual_rate: UserAmount | None = None,
        status: GoalStatus | str | None = None,
    ) -> Goal:
        """Change a goal's plan (None leaves a field as it is); milestones are re-priced against
        a new target.

        ``status`` may pause, cancel or reactivate a goal; an active goal whose target is reached
        is completed (and a completed one whose new target is not, active again).
        """
        goal = await self.repository.get(goal_id)
        changes: dict[str, object] = {"updated_at": self._clock()}
        if name is not None:
            changes["name"] = name
        if target_amount is not None:
            target = user_amount(target_amount, "target_amount")
            if target <= 0:
                raise ValidationError(f"target_amount must be positive, got {target}")
            changes["target_amount"] = target
            changes["milestones"] = mark_milestones(
                goal.milestones, target, goal.current_amount, self._clock().date()
            )
        if target_date is not None:
            changes["target_date"] = target_date
        if monthly_contribution is not None:
            changes["monthly_contribution"] = user_amount(monthly_contribution, "contribution")
        if annual_rate is not None:
            changes["annual_rate"] = user_amount(annual_rate, "annual_rate")
        if status is not None:
            changes["status"] = GoalStatus(status)
        return await self.repository.update(_settled(build(Goal, **{**dict(goal), **changes})))

    async def delete_goal(self, goal_id: str, *, soft: bool = True) -> None:
        """Delete ``goal_id``: hidden but restorable when ``soft``, gone otherwise."""
        await self.repository.delete(goal_id, soft=soft)

    async def restore_goal(self, goal_id: str) -> Goal:
        """Bring back a soft-deleted goal."""
        return await self.repository.restore(goal_id)

    async def add_contribution(
        self, goal_id: str, amount: UserAmount, *, on: dt.date | None = None
    ) -> Goal:
        """Add ``amount`` saved (or repaid) on ``on`` (today by default); negative withdraws.

        Milestones reached are stamped ``on``; the goal completes when the target is reached.
        A withdrawal may not take the current amount below zero; a cancelled goal takes none.
        """
        goal = await self.repository.get(goal_id)
        if goal.status is GoalStatus.CANCELLED:
            raise ValidationError(f"goal {goal_id!r} is cancelled")
        value = user_amount(amount, "contribution")
        if value == 0:
            raise ValidationError("a contribution must not be zero")
        current = goal.current_amount + value
        if current < 0:
            raise ValidationError(
                f"withdrawing {-value} would take goal {goal_id!r} below zero ({current})"
            )
        day = on or self._clock().date()
        changes = {
            "current_amount": current,
            "milestones": mark_milestones(goal.milestones, goal.target_amount, current, day),
            "updated_at": self._clock(),
        }
        return await self.repository.update(_settled(build(Goal, **{**dict(goal), **changes})))

    async def project(self, goal_id: str, *, as_of: dt.date | None = None) -> GoalProjection:
        """Projection of ``goal_id`` on ``as_of`` (today by default); see ``project_goal``."""
        return project_goal(await self.repository.get(goal_id), as_of or self._clock().date())
