"""Paying off several debts with one monthly budget: the avalanche and snowball strategies.

Each month every debt accrues interest (balance times ``annual_rate / 12``, rounded half-up to
the cent, as :func:`fin_infra.calc.amortization_schedule` does), every debt gets its minimum
payment (or what it still owes, if less), and what is left of the budget goes to one target debt
at a time: the highest rate first (**avalanche**, the least interest) or the smallest balance
first (**snowball**, the quickest wins). A paid-off debt's minimum rolls into the next target.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from pydantic import Field

from fin_infra.errors import NoSolutionError, ValidationError
from fin_infra.models import Amount, DomainModel
from fin_infra.money import D, quantize

__all__ = ["Debt", "DebtPayoff", "PayoffMonth", "PayoffPlan", "PayoffStrategy", "payoff_plan"]


class PayoffStrategy(StrEnum):
    """Which debt gets the money left after the minimum payments."""

    AVALANCHE = "avalanche"
    SNOWBALL = "snowball"


class Debt(DomainModel):
    """A debt: what is owed, its yearly interest rate (APR, 0.18 for 18%) and minimum payment."""

    name: str = Field(min_length=1)
    balance: Amount = Field(gt=0)
    annual_rate: Amount = Field(ge=0)
    minimum_payment: Amount = Field(ge=0)


class PayoffMonth(DomainModel):
    """One month of the plan (months count from 1): payments, interest and balances by debt."""

    month: int = Field(ge=1)
    payments: dict[str, Amount]
    interest: dict[str, Amount]
    balances: dict[str, Amount]


class DebtPayoff(DomainModel):
    """When one debt is cleared and what it cost."""

    name: str
    paid_off_month: int
    interest_paid: Amount
    total_paid: Amount


class PayoffPlan(DomainModel):
    """The month-by-month plan; ``debts`` lists the debts in the order they are paid off."""

    strategy: PayoffStrategy
    monthly_payment: Amount
    months: int
    total_interest: Amount
    total_paid: Amount
    debts: tuple[DebtPayoff, ...]
    schedule: tuple[PayoffMonth, ...]


def _priority(
    strategy: PayoffStrategy,
) -> Callable[[tuple[int, Debt, Decimal]], tuple[object, ...]]:
    if strategy is PayoffStrategy.AVALANCHE:
        return lambda item: (-item[1].annual_rate, item[2], item[0])
    return lambda item: (item[2], -item[1].annual_rate, item[0])


def _check(debts: Sequence[Debt], payment: Decimal) -> None:
    if not debts:
        raise ValidationError("give at least one debt")
    names = [d.name for d in debts]
    if len(set(names)) != len(names):
        raise ValidationError("debt names must be distinct")
    minimums = sum((d.minimum_payment for d in debts), Decimal(0))
    if payment < minimums:
        raise ValidationError(
            f"the monthly payment {payment} does not cover the minimum payments {minimums}"
        )


def payoff_plan(
    debts: Sequence[Debt],
    monthly_payment: str | int | Decimal,
    strategy: PayoffStrategy | str = PayoffStrategy.AVALANCHE,
    *,
    max_months: int = 1200,
) -> PayoffPlan:
    """Plan paying off ``debts`` with ``monthly_payment`` a month (at least the minimums).

    Raises :class:`~fin_infra.errors.NoSolutionError` when the debts are not cleared within
    ``max_months`` months (the payment hardly covers the interest).

    >>> debts = [Debt(name="card", balance=D(3000), annual_rate=D("0.22"), minimum_payment=D(90)),
    ...          Debt(name="car", balance=D(1500), annual_rate=D("0.05"), minimum_payment=D(60))]
    >>> avalanche = payoff_plan(debts, 400, "avalanche")
    >>> snowball = payoff_plan(debts, 400, "snowball")
    >>> [d.name for d in avalanche.debts], avalanche.months, avalanche.total_interest
    (['card', 'car'], 13, Decimal('361.05'))
    >>> [d.name for d in snowball.debts], snowball.months, snowball.total_interest
    (['car', 'card'], 13, Decimal('509.94'))
    """
    plan_strategy = PayoffStrategy(strategy)
    payment = D(monthly_payment)
    _check(debts, payment)
    balances = {d.name: d.balance for d in debts}
    interest_paid = dict.fromkeys(balances, Decimal(0))
    total_paid = dict.fromkeys(balances, Decimal(0))
    finished: list[DebtPayoff] = []
    schedule: list[tuple[int, dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]] = []
    order = _priority(plan_strategy)
    try:
        for month in range(1, max_months + 1):
            open_debts = [
                (i, d, balances[d.name]) for i, d in enumerate(debts) if balances[d.name] > 0
            ]
            if not open_debts:
                break
            interest = {
                d.name: quantize(b * d.annual_rate / 12, 2, ROUND_HALF_UP) for _, d, b in open_debts
            }
            paid = dict.fromkeys(interest, Decimal(0))
            for name, amount in interest.items():
                balances[name] += amount
                interest_paid[name] += amount
            available = payment
            for _, debt, _ in open_debts:
                paid[debt.name] = min(debt.minimum_payment, balances[debt.name])
                available -= paid[debt.name]
            for _, debt, _ in sorted(open_debts, key=order):
                extra = min(available, balances[debt.name] - paid[debt.name])
                paid[debt.name] += extra
                available -= extra
            for name, amount in paid.items():
                balances[name] -= amount
                total_paid[name] += amount
                if balances[name] == 0:
                    finished.append(
                        DebtPayoff(
                            name=name,
                            paid_off_month=month,
                            interest_paid=interest_paid[name],
                            total_paid=total_paid[name],
                        )
                    )
            schedule.append((month, paid, interest, {name: balances[name] for name in interest}))
    except InvalidOperation:
        # Balances outgrew exact decimal arithmetic: interest compounds faster than the payment.
        raise NoSolutionError(
            f"the debts grow without bound at {payment} a month (the interest outpaces it)"
        ) from None
    if any(balances.values()):
        raise NoSolutionError(
            f"the debts are not paid off within {max_months} months at {payment} a month"
        )
    return PayoffPlan(
        strategy=plan_strategy,
        monthly_payment=payment,
        months=len(schedule),
        total_interest=sum(interest_paid.values(), Decimal(0)),
        total_paid=sum(total_paid.values(), Decimal(0)),
        debts=tuple(finished),
        schedule=tuple(
            PayoffMonth(month=m, payments=p, interest=i, balances=b) for m, p, i, b in schedule
        ),
    )
