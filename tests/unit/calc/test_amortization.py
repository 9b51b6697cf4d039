"""Amortization schedules: cents throughout, exact zero at the end, extra payments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra import calc
from fin_infra.errors import CalculationError, ValidationError

CENT = Decimal("0.01")


def _check(rows: list[calc.AmortizationRow], principal: Decimal) -> None:
    assert rows[-1].balance == Decimal("0.00")
    assert sum(r.principal for r in rows) == principal
    previous = principal
    for row in rows:
        for value in (row.payment, row.interest, row.principal, row.extra, row.balance):
            assert value == value.quantize(CENT)
        assert row.payment == row.interest + row.principal
        assert row.balance == previous - row.principal
        previous = row.balance


def test_thirty_year_mortgage_matches_pmt() -> None:
    rows = calc.amortization_schedule("200000", "0.05", 360)
    assert len(rows) == 360
    assert rows[0].payment == Decimal("1073.64")
    assert rows[0].interest == Decimal("833.33")
    assert rows[0].principal == Decimal("240.31")
    _check(rows, Decimal("200000"))
    # Total interest agrees with CUMIPMT within the cent rounding of 360 rows.
    total_interest = sum(r.interest for r in rows)
    assert float(total_interest) == pytest.approx(
        -calc.cumipmt(0.05 / 12, 360, 200000, 1, 360), abs=2
    )


def test_extra_payments_shorten_the_loan() -> None:
    plain = calc.amortization_schedule("10000", "0.06", 24)
    faster = calc.amortization_schedule(
        "10000", "0.06", 24, extra_payment="100", extra_payments={3: "1000"}
    )
    assert len(faster) < len(plain)
    assert faster[2].extra == Decimal("1100.00")
    assert sum(r.interest for r in faster) < sum(r.interest for r in plain)
    _check(faster, Decimal("10000"))


def test_zero_rate_splits_evenly_and_closes_exactly() -> None:
    rows = calc.amortization_schedule("1000", "0", 3)
    assert [r.payment for r in rows] == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    _check(rows, Decimal("1000"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"principal": "0"}, "principal"),
        ({"annual_rate": "-0.01"}, "annual_rate"),
        ({"months": 0}, "months"),
        ({"extra_payment": "-5"}, "extra"),
        ({"extra_payments": {99: "5"}}, "extra_payments"),
    ],
)
def test_bad_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"principal": "1000", "annual_rate": "0.05", "months": 12}
    args.update(kwargs)
    with pytest.raises(CalculationError, match=message):
        calc.amortization_schedule(**args)  # type: ignore[arg-type]


def test_floats_are_refused() -> None:
    with pytest.raises(ValidationError):
        calc.amortization_schedule(1000.0, "0.05", 12)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.decimals(min_value=100, max_value=2_000_000, places=2),
    st.decimals(min_value=0, max_value=Decimal("0.25"), places=4),
    st.integers(min_value=1, max_value=480),
    st.decimals(min_value=0, max_value=500, places=2),
)
def test_every_schedule_closes_at_exactly_zero(
    principal: Decimal, rate: Decimal, months: int, extra: Decimal
) -> None:
    rows = calc.amortization_schedule(principal, rate, months, extra_payment=extra)
    assert len(rows) <= months
    _check(rows, principal)
