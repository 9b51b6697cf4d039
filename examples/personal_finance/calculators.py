"""Cash-flow calculators over HTTP: loan payments, saving for a target, XIRR of dated flows.

Thin wrappers around :mod:`fin_infra.calc`. Amounts are decimal strings or JSON numbers read
exactly (:class:`~fin_infra.api.DecimalRoute`) and stay ``Decimal``; a problem the math cannot
solve is a 422 with the solver's reason, never a 500.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from fin_infra import calc
from fin_infra.api import DecimalRoute
from fin_infra.api.errors import BODY_ERROR_RESPONSES
from fin_infra.errors import CalculationError, ValidationError
from fin_infra.models import Amount
from fin_infra.money import quantize

__all__ = ["router"]

router = APIRouter(
    prefix="/calculators",
    tags=["calculators"],
    responses={400: BODY_ERROR_RESPONSES[400]},
    route_class=DecimalRoute,
)

Positive = Annotated[Amount, Field(gt=0, max_digits=15, decimal_places=4)]
Rate = Annotated[Amount, Field(ge=0, le=1, max_digits=9, decimal_places=8)]


class LoanRequest(BaseModel):
    """A fixed-rate loan: amount, nominal annual rate, term, optional extra monthly payment."""

    model_config = ConfigDict(extra="forbid")
    principal: Positive
    annual_rate: Rate
    years: int = Field(ge=1, le=50)
    extra_payment: Annotated[Amount, Field(ge=0, max_digits=15, decimal_places=4)] = Decimal(0)


class LoanResult(BaseModel):
    """Monthly payment, months until paid off and the interest paid over the loan."""

    monthly_payment: Decimal
    months: int
    total_interest: Decimal


class SavingsRequest(BaseModel):
    """Save ``target`` in ``years`` starting from ``current`` at ``annual_rate``."""

    model_config = ConfigDict(extra="forbid")
    target: Positive
    years: int = Field(ge=1, le=80)
    annual_rate: Rate
    current: Annotated[Amount, Field(ge=0, max_digits=15, decimal_places=4)] = Decimal(0)


class SavingsResult(BaseModel):
    """The monthly deposit (end of month) that reaches the target."""

    monthly_deposit: Decimal


class DatedFlow(BaseModel):
    """One cash flow: negative money in (a deposit), positive money out (withdrawal, value)."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    amount: Annotated[Amount, Field(max_digits=15, decimal_places=4)]


class XirrRequest(BaseModel):
    """Dated cash flows of an investment, the last one usually its current value."""

    model_config = ConfigDict(extra="forbid")
    flows: list[DatedFlow] = Field(min_length=2, max_length=10_000)


class XirrResult(BaseModel):
    """The money-weighted annual return (XIRR) as a fraction."""

    rate: float


def _solve_error(error: CalculationError) -> ValidationError:
    return ValidationError(f"cannot compute: {error}")


@router.post("/loan")
def loan(request: LoanRequest) -> LoanResult:
    """Amortize a loan (``calc.amortization_schedule``): payment, length and total interest."""
    try:
        rows = calc.amortization_schedule(
            request.principal,
            request.annual_rate,
            request.years * 12,
            extra_payment=request.extra_payment,
        )
    except CalculationError as error:
        raise _solve_error(error) from error
    return LoanResult(
        monthly_payment=rows[0].payment,
        months=len(rows),
        total_interest=sum((r.interest for r in rows), Decimal(0)),
    )


@router.post("/savings")
def savings(request: SavingsRequest) -> SavingsResult:
    """The monthly deposit reaching ``target`` (``calc.pmt`` with ``pv=-current``)."""
    months = request.years * 12
    payment = calc.pmt(request.annual_rate / 12, months, -request.current, request.target)
    return SavingsResult(monthly_deposit=quantize(max(-payment, Decimal(0)), 2))


@router.post("/xirr")
def xirr(request: XirrRequest) -> XirrResult:
    """XIRR of the flows (``calc.xirr``); no solution is a 422 saying why."""
    try:
        rate = calc.xirr([f.date for f in request.flows], [f.amount for f in request.flows])
    except CalculationError as error:
        raise _solve_error(error) from error
    return XirrResult(rate=float(rate))
