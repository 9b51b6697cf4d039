"""TVM functions beyond the shared vectors: exact Decimal path, vectorisation, errors."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import numpy.testing as npt
import pytest

from fin_infra import calc
from fin_infra.errors import CalculationError, NoSolutionError


def test_decimal_in_decimal_out() -> None:
    payment = calc.pmt(Decimal("0.005"), 360, Decimal("200000"))
    assert isinstance(payment, Decimal)
    assert payment.quantize(Decimal("0.01")) == Decimal("-1199.10")
    assert isinstance(calc.fv(Decimal("0.01"), 12, Decimal(-100)), Decimal)
    assert isinstance(calc.pv(Decimal("0.01"), 12, Decimal(-100)), Decimal)
    assert isinstance(calc.ipmt(Decimal("0.01"), 3, 12, Decimal(1000)), Decimal)
    assert isinstance(calc.nper(Decimal("0.01"), Decimal(-100), Decimal(1000)), Decimal)


def test_decimal_and_float_paths_agree() -> None:
    exact = calc.ppmt(Decimal("0.004"), 7, 120, Decimal("50000"), when="begin")
    binary = calc.ppmt(0.004, 7, 120, 50000.0, when="begin")
    assert float(exact) == pytest.approx(binary, rel=1e-12)


def test_mixing_decimal_and_float_is_refused() -> None:
    with pytest.raises(CalculationError, match="cannot mix Decimal"):
        calc.pmt(Decimal("0.01"), 12, 1000.0)


def test_scalar_floats_give_python_floats() -> None:
    assert type(calc.pmt(0.01, 12, 1000)) is float


def test_vectorised_over_rates_and_broadcast() -> None:
    rates = np.array([0.0, 0.01, 0.02])
    payments = calc.pmt(rates, 12, 1000)
    assert isinstance(payments, np.ndarray)
    expected = [calc.pmt(float(r), 12, 1000) for r in rates]
    npt.assert_allclose(payments, expected, rtol=1e-14)
    grid = calc.fv(rates[:, None], np.array([12, 24]), -100)
    assert grid.shape == (3, 2)
    assert grid[1, 1] == pytest.approx(calc.fv(0.01, 24, -100))


def test_zero_rate_closed_forms() -> None:
    assert calc.fv(0, 10, -100, -1000) == 2000
    assert calc.pv(0, 10, -100) == 1000
    assert calc.nper(0, -100, 1000) == 10
    assert calc.ipmt(0.0, 3, 12, 1200) == 0.0


def test_tvm_identity_pv_fv_pmt() -> None:
    rate, n, principal = 0.045 / 12, 180, 250000.0
    payment = calc.pmt(rate, n, principal, when="begin")
    assert calc.pv(rate, n, payment, when="begin") == pytest.approx(principal, rel=1e-12)
    assert calc.fv(rate, n, payment, principal, when="begin") == pytest.approx(0, abs=1e-6)
    assert calc.nper(rate, payment, principal, when="begin") == pytest.approx(n, rel=1e-12)
    assert calc.rate(n, payment, principal, when="begin") == pytest.approx(rate, rel=1e-10)


def test_ipmt_plus_ppmt_is_the_payment_for_every_period() -> None:
    periods = np.arange(1, 61)
    total = calc.pmt(0.006, 60, 20000, -5000)
    npt.assert_allclose(
        calc.ipmt(0.006, periods, 60, 20000, -5000) + calc.ppmt(0.006, periods, 60, 20000, -5000),
        total,
        rtol=1e-12,
    )
    # Principal parts repay the loan down to fv.
    assert calc.ppmt(0.006, periods, 60, 20000, -5000).sum() == pytest.approx(-15000, abs=1e-6)


def test_ipmt_is_stable_for_late_periods_of_long_loans() -> None:
    # numpy-financial issue #35: the naive formula loses every digit here.
    assert calc.ipmt(0.1479, 300, 300, -270.51) > 0
    exact = calc.ipmt(Decimal("0.1479"), 297, 300, Decimal("-270.51"))
    assert float(exact) == pytest.approx(16.9656277018672, abs=1e-9)


@pytest.mark.parametrize("per", [0, 13, 2.5, -1])
def test_period_outside_the_loan_is_an_error(per: float) -> None:
    with pytest.raises(CalculationError, match="per must be"):
        calc.ipmt(0.01, per, 12, 1000)
    with pytest.raises(CalculationError):
        calc.ppmt(Decimal("0.01"), Decimal(str(per)), 12, Decimal(1000))


def test_bad_when_is_an_error() -> None:
    with pytest.raises(CalculationError, match="'end' or 'begin'"):
        calc.pmt(0.01, 12, 1000, when="middle")  # type: ignore[arg-type]


def test_nper_without_solution() -> None:
    # Payments smaller than the interest never repay the loan.
    with pytest.raises(NoSolutionError):
        calc.nper(0.1, -50, 1000)
    with pytest.raises(NoSolutionError):
        calc.nper(Decimal("0.1"), Decimal(-50), Decimal(1000))
    assert np.isnan(calc.nper(0.1, -50, 1000, raise_exceptions=False))
    mixed = calc.nper(np.array([0.1, 0.01]), -50, 1000, raise_exceptions=False)
    assert np.isnan(mixed[0])
    assert np.isfinite(mixed[1])


def test_rate_no_solution_and_nan_opt_in() -> None:
    with pytest.raises(NoSolutionError, match="RATE"):
        calc.rate(10, 0, 1000, 1000)
    assert np.isnan(calc.rate(10, 0, 1000, 1000, raise_exceptions=False))
    with pytest.raises(CalculationError):
        calc.rate(0, -10, 100)


def test_cumulative_validation() -> None:
    with pytest.raises(CalculationError, match="start_period"):
        calc.cumipmt(0.01, 12, 1000, 5, 4)
    with pytest.raises(CalculationError, match="positive"):
        calc.cumprinc(0.01, 12, -1000, 1, 12)
    total = calc.cumprinc(0.01, 12, 1000, 1, 12)
    assert total == pytest.approx(-1000, abs=1e-9)
    exact = calc.cumipmt(Decimal("0.01"), 12, Decimal(1000), 1, 12)
    assert isinstance(exact, Decimal)
    assert float(exact) == pytest.approx(calc.cumipmt(0.01, 12, 1000, 1, 12), rel=1e-12)


def test_effect_and_fvschedule() -> None:
    assert calc.effect(0.12, 12.9) == pytest.approx(calc.effect(0.12, 12))
    with pytest.raises(CalculationError):
        calc.effect(-0.1, 4)
    assert calc.fvschedule(Decimal(100), [Decimal("0.1"), Decimal("0.1")]) == Decimal("121.00")
