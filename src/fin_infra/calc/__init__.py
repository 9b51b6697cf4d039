"""Spreadsheet-exact financial calculations: pure functions with spreadsheet names and order.

Time value of money (``pv fv pmt ipmt ppmt nper rate cumipmt cumprinc effect fvschedule``),
cash flows (``npv irr mirr xnpv xirr xnfv xfv``, batch ``xirr_many``), day counts
(``year_fraction``) and loan schedules (``amortization_schedule``).

Closed forms take ``Decimal`` (exact result) or floats and NumPy arrays (vectorised). Solvers raise
a :class:`~fin_infra.errors.CalculationError` subclass when there is no answer.
"""

from __future__ import annotations

from fin_infra.calc.amortization import AmortizationRow, amortization_schedule
from fin_infra.calc.batch import xirr_many
from fin_infra.calc.cashflows import irr, mirr, npv, xfv, xirr, xnfv, xnpv
from fin_infra.calc.daycount import DAY_COUNTS, DayCount, year_fraction
from fin_infra.calc.tvm import (
    cumipmt,
    cumprinc,
    effect,
    fv,
    fvschedule,
    ipmt,
    nper,
    pmt,
    ppmt,
    pv,
    rate,
)

__all__ = [
    "DAY_COUNTS",
    "AmortizationRow",
    "DayCount",
    "amortization_schedule",
    "cumipmt",
    "cumprinc",
    "effect",
    "fv",
    "fvschedule",
    "ipmt",
    "irr",
    "mirr",
    "nper",
    "npv",
    "pmt",
    "ppmt",
    "pv",
    "rate",
    "xfv",
    "xirr",
    "xirr_many",
    "xnfv",
    "xnpv",
    "year_fraction",
]
