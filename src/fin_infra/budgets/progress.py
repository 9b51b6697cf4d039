"""Budget progress as a pure function: spent, remaining, pace projection, alerts, rollover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from fin_infra.budgets.matching import budget_category, effective_transactions, is_transfer
from fin_infra.budgets.models import AlertKind, Budget, BudgetAlert, BudgetProgress, ProgressLine
from fin_infra.errors import CurrencyMismatchError, ValidationError
from fin_infra.models import Transaction
from fin_infra.money import D, minor_units, quantize

__all__ = ["DEFAULT_THRESHOLDS", "budget_progress", "carry_over"]

DEFAULT_THRESHOLDS: tuple[Decimal, ...] = (Decimal(80), Decimal(100))
"""Percent-used levels that raise a threshold alert by default."""

_HUNDRED = Decimal(100)


def _line(
    category: str | None,
    budgeted: Decimal,
    spent: Decimal,
    days: tuple[int, int],
    places: int,
) -> ProgressLine:
    elapsed, total = days
    projected = spent if elapsed in (0, total) else quantize(spent * total / elapsed, places)
    percent = quantize(spent / budgeted * _HUNDRED, 2) if budgeted > 0 else None
    return ProgressLine(
        category=category,
        budgeted=budgeted,
        spent=spent,
        remaining=budgeted - spent,
        percent_used=percent,
        projected_spend=projected,
    )


def _alerts(line: ProgressLine, thresholds: Sequence[Decimal]) -> list[BudgetAlert]:
    common = {
        "category": line.category,
        "percent_used": line.percent_used,
        "spent": line.spent,
        "budgeted": line.budgeted,
    }
    alerts = []
    # Compared exactly: percent_used is rounded, and 79.998% must not pass for 80%.
    crossed = [t for t in thresholds if line.budgeted > 0 and line.spent * 100 >= t * line.budgeted]
    if crossed:
        alerts.append(BudgetAlert(kind=AlertKind.THRESHOLD, threshold=max(crossed), **common))
    if line.overspent:
        alerts.append(BudgetAlert(kind=AlertKind.OVERSPENT, **common))
    elif line.projected_spend > line.budgeted:
        alerts.append(BudgetAlert(kind=AlertKind.PROJECTED_OVERSPEND, **common))
    return alerts


def budget_progress(
    budget: Budget,
    transactions: Iterable[Transaction],
    *,
    as_of: dt.date,
    category_map: Mapping[str, str] | None = None,
    thresholds: Iterable[Decimal | int] = DEFAULT_THRESHOLDS,
) -> BudgetProgress:
    """How ``budget`` is doing on ``as_of``, from the transactions of its period up to that day.

    Transactions outside the period or after ``as_of`` are ignored; which ones count where is
    described in :mod:`fin_infra.budgets.matching`. The projection extrapolates spending so far
    linearly over the whole period. Counted transactions must be in the budget's currency.

    >>> from fin_infra.money import D
    >>> from fin_infra.budgets import Budget, BudgetPeriod
    >>> now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    >>> budget = Budget(id="b1", user_id="u1", name="January", period=BudgetPeriod.MONTHLY,
    ...                 period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 1, 31),
    ...                 categories={"FOOD_AND_DRINK": D(600)}, created_at=now, updated_at=now)
    >>> groceries = Transaction(id="t1", account_id="a", amount=D("-310"), name="Market",
    ...                         date=dt.date(2025, 1, 10), category="FOOD_AND_DRINK")
    >>> report = budget_progress(budget, [groceries], as_of=dt.date(2025, 1, 15))
    >>> food = report.categories["FOOD_AND_DRINK"]
    >>> food.spent, food.remaining, food.percent_used, food.projected_spend
    (Decimal('310'), Decimal('290'), Decimal('51.67'), Decimal('640.67'))
    >>> [alert.kind.value for alert in report.alerts]
    ['projected_overspend', 'projected_overspend']
    """
    levels = sorted(D(t) for t in thresholds)
    if any(t <= 0 for t in levels):
        raise ValidationError("alert thresholds must be positive percentages")
    total_days = (budget.period_end - budget.period_start).days + 1
    elapsed = min(max((as_of - budget.period_start).days + 1, 0), total_days)
    spent = dict.fromkeys(budget.categories, Decimal(0))
    unbudgeted = Decimal(0)
    for txn in effective_transactions(transactions):
        if not budget.period_start <= txn.date <= min(as_of, budget.period_end):
            continue
        category = budget_category(txn, budget.categories, category_map)
        if category is None:
            if txn.is_outflow and not is_transfer(txn) and txn.currency == budget.currency:
                unbudgeted -= txn.amount
            continue
        if txn.currency != budget.currency:
            raise CurrencyMismatchError(
                f"transaction {txn.id!r} is in {txn.currency}, budget {budget.id!r} in "
                f"{budget.currency}; convert it first"
            )
        spent[category] -= txn.amount
    places = minor_units(budget.currency)
    days = (elapsed, total_days)
    lines = {c: _line(c, budget.budgeted(c), spent[c], days, places) for c in budget.categories}
    total = _line(
        None,
        sum((line.budgeted for line in lines.values()), Decimal(0)),
        sum((line.spent for line in lines.values()), Decimal(0)),
        days,
        places,
    )
    alerts = [a for line in (*lines.values(), total) for a in _alerts(line, levels)]
    return BudgetProgress(
        budget_id=budget.id,
        as_of=as_of,
        currency=budget.currency,
        days_elapsed=elapsed,
        days_total=total_days,
        categories=lines,
        total=total,
        unbudgeted_spent=unbudgeted,
        alerts=tuple(alerts),
    )


def carry_over(progress: BudgetProgress) -> dict[str, Decimal]:
    """What rolls into the next period: each category's remaining (negative if overspent)."""
    return {name: line.remaining for name, line in progress.categories.items()}
