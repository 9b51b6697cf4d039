"""Loan amortization schedules in exact money: every row in cents, the last balance exactly 0.00.

The level payment is the spreadsheet PMT rounded to the minor unit; each period's interest is the
balance times the periodic rate, rounded half-up to the minor unit; the final payment absorbs the
rounding left over so the loan closes at exactly zero (for a tiny loan at a high rate, where
the rounded payment barely covers the interest, that last payment is a balloon). Extra
principal payments, recurring or on given periods, shorten the schedule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fin_infra.calc.tvm import pmt
from fin_infra.errors import CalculationError
from fin_infra.money import D, quantize

__all__ = ["AmortizationRow", "amortization_schedule"]


@dataclass(frozen=True, slots=True)
class AmortizationRow:
    """One period: ``payment == interest + principal``; ``extra`` is principal paid early."""

    period: int
    payment: Decimal
    interest: Decimal
    principal: Decimal
    extra: Decimal
    balance: Decimal


def amortization_schedule(
    principal: str | int | Decimal,
    annual_rate: str | int | Decimal,
    months: int,
    *,
    periods_per_year: int = 12,
    extra_payment: str | int | Decimal = 0,
    extra_payments: Mapping[int, str | int | Decimal] | None = None,
    places: int = 2,
) -> list[AmortizationRow]:
    """Schedule of a level-payment loan of ``principal`` at ``annual_rate`` over ``months`` periods.

    ``extra_payment`` is added to every payment, ``extra_payments`` maps a period number to a
    one-off extra amount; both go to principal. Amounts are Decimal (floats are refused) rounded to
    ``places`` decimals.

    >>> rows = amortization_schedule("200000", "0.05", 360)
    >>> rows[0].payment, rows[0].interest, rows[-1].balance
    (Decimal('1073.64'), Decimal('833.33'), Decimal('0.00'))
    """
    amount, yearly = D(principal), D(annual_rate)
    recurring = D(extra_payment)
    one_off = {int(k): D(v) for k, v in (extra_payments or {}).items()}
    if amount <= 0:
        raise CalculationError("principal must be positive")
    if yearly < 0:
        raise CalculationError("annual_rate must not be negative")
    if not isinstance(months, int) or months <= 0:
        raise CalculationError("months must be a positive whole number")
    if not isinstance(periods_per_year, int) or periods_per_year <= 0:
        raise CalculationError("periods_per_year must be a positive whole number")
    if recurring < 0 or any(v < 0 for v in one_off.values()):
        raise CalculationError("extra payments must not be negative")
    if any(not 1 <= k <= months for k in one_off):
        raise CalculationError(f"extra_payments periods must lie in 1..{months}")

    zero = quantize(Decimal(0), places)

    def cents(value: Decimal) -> Decimal:
        return quantize(value, places, ROUND_HALF_UP)

    periodic = yearly / periods_per_year
    level = cents(-pmt(periodic, months, amount))
    balance = cents(amount)
    rows: list[AmortizationRow] = []
    for period in range(1, months + 1):
        interest = cents(balance * periodic)
        scheduled = level - interest
        if scheduled < 0:
            raise CalculationError(
                "the payment does not cover the interest (negative amortization)"
            )
        extra = cents(recurring + one_off.get(period, Decimal(0)))
        if period == months or balance <= scheduled + extra:
            # Final period: pay off exactly what is left, extra included.
            paid_extra = min(max(Decimal(0), balance - scheduled), extra)
            rows.append(
                AmortizationRow(
                    period,
                    cents(balance + interest),
                    interest,
                    balance,
                    paid_extra,
                    zero,
                )
            )
            break
        reduction = scheduled + extra
        balance = balance - reduction
        rows.append(
            AmortizationRow(period, interest + reduction, interest, reduction, extra, balance)
        )
    return rows
