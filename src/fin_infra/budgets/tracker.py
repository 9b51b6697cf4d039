"""``BudgetTracker``: budgets stored in a repository, with progress and rollover on top."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from fin_infra._tracking.amounts import UserAmount, user_amount
from fin_infra._tracking.records import Clock, build, new_record, utc_now
from fin_infra.budgets.models import Budget, BudgetProgress
from fin_infra.budgets.periods import BudgetPeriod, following_period, natural_end
from fin_infra.budgets.progress import DEFAULT_THRESHOLDS, budget_progress, carry_over
from fin_infra.budgets.repository import BudgetRepository, InMemoryBudgetRepository
from fin_infra.errors import ValidationError
from fin_infra.models import Transaction

__all__ = ["BudgetTracker"]


def _amounts(categories: Mapping[str, UserAmount]) -> dict[str, Decimal]:
    return {name: user_amount(value, f"category {name!r}") for name, value in categories.items()}


def _infer_period(start: dt.date, end: dt.date) -> BudgetPeriod:
    """MONTHLY or YEARLY when ``start..end`` is exactly one such period, else CUSTOM."""
    for period in (BudgetPeriod.MONTHLY, BudgetPeriod.YEARLY):
        try:
            if natural_end(period, start) == end:
                return period
        except ValidationError:
            continue
    return BudgetPeriod.CUSTOM


class BudgetTracker:
    """Create, read, update and delete budgets; report progress; roll a period over.

    Stateless itself: everything lives in ``repository`` (in memory unless one is given, e.g. an
    adapter over the scaffolded SQL repository). Amounts may be passed as ``Decimal``, ``int``,
    ``str`` or ``float`` (read through its shortest repr); they are stored and returned as Decimal.

    >>> import asyncio, datetime as dt
    >>> tracker = BudgetTracker()
    >>> budget = asyncio.run(tracker.create_budget(
    ...     "user-1", "January", dt.date(2025, 1, 1), dt.date(2025, 1, 31),
    ...     categories={"Groceries": 600.00, "Restaurants": 200}))
    >>> budget.period.value, budget.categories
    ('monthly', {'Groceries': Decimal('600.0'), 'Restaurants': Decimal('200')})
    """

    def __init__(self, repository: BudgetRepository | None = None, *, clock: Clock = utc_now):
        self.repository: BudgetRepository = repository or InMemoryBudgetRepository(clock=clock)
        self._clock = clock

    async def create_budget(
        self,
        user_id: str,
        name: str,
        period_start: dt.date,
        period_end: dt.date | None = None,
        *,
        categories: Mapping[str, UserAmount],
        period: BudgetPeriod | str | None = None,
        currency: str = "USD",
        rollover: bool = False,
    ) -> Budget:
        """Store a new budget. ``period_end`` may be left out for a monthly or yearly ``period``;
        with both dates and no ``period``, an exact calendar month or year is recognised as such
        (so it rolls over month to month) and anything else is custom."""
        if period_end is None:
            if period is None or BudgetPeriod(period) is BudgetPeriod.CUSTOM:
                raise ValidationError("give period_end, or a monthly or yearly period")
            period_end = natural_end(BudgetPeriod(period), period_start)
        kind = _infer_period(period_start, period_end) if period is None else BudgetPeriod(period)
        budget = new_record(
            Budget,
            self._clock,
            user_id=user_id,
            name=name,
            period=kind,
            period_start=period_start,
            period_end=period_end,
            categories=_amounts(categories),
            currency=currency,
            rollover=rollover,
        )
        return await self.repository.create(budget)

    async def get_budget(self, budget_id: str) -> Budget:
        """The budget ``budget_id``; ``NotFoundError`` if there is none (or it was deleted)."""
        return await self.repository.get(budget_id)

    async def list_budgets(
        self, user_id: str, *, limit: int = 100, offset: int = 0, include_deleted: bool = False
    ) -> list[Budget]:
        """A page of ``user_id``'s budgets, oldest first."""
        return await self.repository.list(
            user_id, limit=limit, offset=offset, include_deleted=include_deleted
        )

    async def update_budget(
        self,
        budget_id: str,
        *,
        name: str | None = None,
        categories: Mapping[str, UserAmount] | None = None,
        rollover: bool | None = None,
    ) -> Budget:
        """Rename, re-plan categories (replacing them all) or switch rollover on or off.

        Amounts carried into a category that the new plan drops are dropped with it.
        """
        current = await self.repository.get(budget_id)
        changes: dict[str, object] = {"updated_at": self._clock()}
        if name is not None:
            changes["name"] = name
        if categories is not None:
            changes["categories"] = _amounts(categories)
            changes["carried_over"] = {
                k: v for k, v in current.carried_over.items() if k in categories
            }
        if rollover is not None:
            changes["rollover"] = rollover
        return await self.repository.update(build(Budget, **{**dict(current), **changes}))

    async def delete_budget(self, budget_id: str, *, soft: bool = True) -> None:
        """Delete ``budget_id``: hidden but restorable when ``soft``, gone otherwise."""
        await self.repository.delete(budget_id, soft=soft)

    async def restore_budget(self, budget_id: str) -> Budget:
        """Bring back a soft-deleted budget."""
        return await self.repository.restore(budget_id)

    async def progress(
        self,
        budget_id: str,
        transactions: Iterable[Transaction],
        *,
        as_of: dt.date | None = None,
        category_map: Mapping[str, str] | None = None,
        thresholds: Iterable[Decimal | int] = DEFAULT_THRESHOLDS,
    ) -> BudgetProgress:
        """Progress of ``budget_id`` on ``as_of`` (today by default); see ``budget_progress``."""
        budget = await self.repository.get(budget_id)
        return budget_progress(
            budget,
            transactions,
            as_of=as_of or self._clock().date(),
            category_map=category_map,
            thresholds=thresholds,
        )

    async def roll_over(
        self,
        budget_id: str,
        transactions: Iterable[Transaction],
        *,
        category_map: Mapping[str, str] | None = None,
    ) -> Budget:
        """Create the budget of the next period, same plan, and return it.

        When the budget has ``rollover`` on, each category's remaining amount at the end of this
        period (negative if overspent) is carried into the next one; otherwise nothing is.
        """
        budget = await self.repository.get(budget_id)
        carried: dict[str, Decimal] = {}
        if budget.rollover:
            report = budget_progress(
                budget, transactions, as_of=budget.period_end, category_map=category_map
            )
            carried = carry_over(report)
        start, end = following_period(budget.period, budget.period_start, budget.period_end)
        fields = budget.model_dump(exclude={"id", "created_at", "updated_at"})
        fields |= {"period_start": start, "period_end": end, "carried_over": carried}
        return await self.repository.create(new_record(Budget, self._clock, **fields))
