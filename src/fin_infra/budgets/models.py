"""The budget record and the progress report computed from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from fin_infra._tracking.records import Record
from fin_infra.budgets.periods import BudgetPeriod, natural_end
from fin_infra.models import Amount, CurrencyCode, DomainModel

__all__ = ["AlertKind", "Budget", "BudgetAlert", "BudgetProgress", "ProgressLine"]


class Budget(Record):
    """Planned spending per category over one period (both ends inclusive), in one currency.

    ``categories`` maps a category name to its positive planned amount. ``carried_over`` holds what
    the previous period rolled into this one (positive when unspent money carried forward,
    negative when overspending did); a category's budgeted amount is the sum of the two.
    """

    name: str = Field(min_length=1)
    period: BudgetPeriod
    period_start: dt.date
    period_end: dt.date
    categories: dict[str, Amount]
    carried_over: dict[str, Amount] = Field(default_factory=dict)
    currency: CurrencyCode = "USD"
    rollover: bool = Field(
        default=False, description="Carry unspent (or overspent) amounts into the next period."
    )

    @model_validator(mode="after")
    def _check(self) -> Budget:
        if self.period_end < self.period_start:
            raise ValueError(
                f"period_end {self.period_end} is before period_start {self.period_start}"
            )
        if self.period is not BudgetPeriod.CUSTOM:
            expected = natural_end(self.period, self.period_start)
            if self.period_end != expected:
                raise ValueError(
                    f"a {self.period} period starting {self.period_start} ends {expected}, "
                    f"not {self.period_end}"
                )
        if not self.categories:
            raise ValueError("a budget needs at least one category")
        for name, amount in self.categories.items():
            if not name.strip():
                raise ValueError("category names must not be blank")
            if amount <= 0:
                raise ValueError(f"category {name!r} needs a positive amount, got {amount}")
        unknown = set(self.carried_over) - set(self.categories)
        if unknown:
            raise ValueError(f"carried_over names categories not in the budget: {sorted(unknown)}")
        return self

    def budgeted(self, category: str) -> Decimal:
        """Planned amount of ``category`` plus what was carried into it."""
        return self.categories[category] + self.carried_over.get(category, Decimal(0))


class ProgressLine(DomainModel):
    """How one category (or, with ``category`` None, the whole budget) is doing.

    ``remaining + spent == budgeted`` always. ``spent`` is net of refunds, so refunds larger than
    the period's purchases make it negative. ``percent_used`` is None when nothing is budgeted.
    """

    category: str | None
    budgeted: Amount
    spent: Amount
    remaining: Amount
    percent_used: Amount | None
    projected_spend: Amount = Field(description="End-of-period spending at the current pace.")

    @property
    def overspent(self) -> bool:
        """True when more was spent than budgeted."""
        return self.spent > self.budgeted


class AlertKind(StrEnum):
    """Why an alert was raised."""

    THRESHOLD = "threshold"
    OVERSPENT = "overspent"
    PROJECTED_OVERSPEND = "projected_overspend"


class BudgetAlert(DomainModel):
    """An alert as data: the application decides how (and whether) to notify.

    ``category`` None means the whole budget. ``threshold`` is the highest crossed percentage for
    :attr:`AlertKind.THRESHOLD` alerts and None otherwise.
    """

    kind: AlertKind
    category: str | None
    threshold: Amount | None = None
    percent_used: Amount | None
    spent: Amount
    budgeted: Amount


class BudgetProgress(DomainModel):
    """A budget's progress on ``as_of``: per category, in total, and the alerts it raises."""

    budget_id: str
    as_of: dt.date
    currency: CurrencyCode
    days_elapsed: int = Field(ge=0)
    days_total: int = Field(ge=1)
    categories: dict[str, ProgressLine]
    total: ProgressLine
    unbudgeted_spent: Amount = Field(
        description="Outflows in the period, in the budget's currency, that match no budget "
        "category (transfers excluded)."
    )
    alerts: tuple[BudgetAlert, ...] = ()
