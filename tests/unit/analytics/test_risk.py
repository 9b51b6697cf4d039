"""Risk-adjusted ratios, alpha/beta and tail risk against their written definitions."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings

from fin_infra import analytics as fa
from fin_infra.errors import ValidationError
from tests.unit.analytics.strategies import PROPERTY, panels, series

R = np.array([0.01, -0.02, 0.015, -0.005, 0.03, -0.04, 0.02, 0.005, -0.01, 0.025])
B = np.array([0.008, -0.015, 0.01, -0.002, 0.02, -0.03, 0.015, 0.004, -0.006, 0.018])


def test_sharpe_definition() -> None:
    excess = R - 0.001
    expected = excess.mean() / excess.std(ddof=1) * math.sqrt(12)
    assert fa.sharpe_ratio(R, 0.001, 12) == pytest.approx(expected, abs=1e-12)


def test_sortino_downside_uses_every_period() -> None:
    downside = math.sqrt(np.mean(np.minimum(R - 0.002, 0) ** 2)) * math.sqrt(252)
    assert fa.downside_deviation(R, 0.002) == pytest.approx(downside, abs=1e-14)
    expected = (R - 0.002).mean() * 252 / downside
    assert fa.sortino_ratio(R, 0.002) == pytest.approx(expected, abs=1e-12)


def test_undefined_ratios_are_nan_not_infinite() -> None:
    assert math.isnan(fa.sharpe_ratio([0.01, 0.01, 0.01]))
    assert math.isnan(fa.sortino_ratio([0.01, 0.02]))
    assert math.isnan(fa.beta(R[:3], [0.01, 0.01, 0.01]))
    assert math.isnan(fa.calmar_ratio([0.01, 0.02]))
    panel = np.column_stack([R, np.full(R.size, 0.003)])
    result = fa.sharpe_ratio(panel)
    assert math.isfinite(result[0])
    assert math.isnan(result[1])


def test_alpha_beta_of_a_levered_copy() -> None:
    # r = 2b + 0.001 exactly: beta 2 and alpha compounds the 0.001 per-period excess.
    r = 2 * B + 0.001
    a, b = fa.alpha_beta(r, B, periods_per_year=252)
    assert b == pytest.approx(2.0, abs=1e-12)
    assert a == pytest.approx(1.001**252 - 1, abs=1e-10)
    assert fa.alpha(r, B) == a


def test_alpha_with_risk_free_follows_empyrical() -> None:
    rf = 0.0002
    slope = fa.beta(R, B)
    expected = (1 + np.mean((R - rf) - slope * (B - rf))) ** 252 - 1
    assert fa.alpha(R, B, risk_free=rf) == pytest.approx(expected, abs=1e-12)


def test_beta_panel_with_shared_and_paired_benchmarks() -> None:
    panel = np.column_stack([R, 3 * B, -B])
    np.testing.assert_allclose(fa.beta(panel, B), [fa.beta(R, B), 3.0, -1.0], atol=1e-12)
    paired = fa.beta(panel, np.column_stack([B, B, B]))
    np.testing.assert_allclose(paired, fa.beta(panel, B), atol=1e-15)
    np.testing.assert_allclose(fa.beta(panel, B[:, np.newaxis]), paired, atol=1e-15)


def test_benchmark_shape_errors() -> None:
    with pytest.raises(ValidationError, match="differ in length"):
        fa.beta(R, B[:-1])
    with pytest.raises(ValidationError, match="columns"):
        fa.beta(np.column_stack([R, R, R]), np.column_stack([B, B]))
    with pytest.raises(ValidationError, match="columns"):
        fa.beta(R, np.column_stack([B, B]))


def test_historical_var_and_shortfall() -> None:
    r = np.arange(1, 21) / 100 - 0.1  # -0.09 ... 0.10
    assert fa.value_at_risk(r, 0.95) == pytest.approx(np.percentile(r, 5), abs=1e-15)
    # k = int(19 * 0.05) = 0: the single worst period
    assert fa.expected_shortfall(r, 0.95) == pytest.approx(-0.09, abs=1e-15)
    # k = int(19 * 0.2) = 3: mean of the four worst
    assert fa.expected_shortfall(r, 0.8) == pytest.approx(-0.075, abs=1e-15)


def test_parametric_var_and_shortfall_use_the_normal() -> None:
    mu, sigma = R.mean(), R.std(ddof=1)
    z = NormalDist().inv_cdf(0.01)
    assert fa.value_at_risk(R, 0.99, "parametric") == pytest.approx(mu + z * sigma, abs=1e-14)
    es = mu - sigma * NormalDist().pdf(z) / 0.01
    assert fa.expected_shortfall(R, 0.99, "parametric") == pytest.approx(es, abs=1e-14)


def test_parametric_shortfall_matches_numerical_tail_mean() -> None:
    # Mean of the normal below its 5% quantile, by integrating the density numerically.
    dist = NormalDist(0.001, 0.02)
    cut = dist.inv_cdf(0.05)
    xs = np.linspace(cut - 0.2, cut, 4001)
    density = np.array([dist.pdf(x) for x in xs])
    tail_mean = np.trapezoid(xs * density, xs) / 0.05
    # Two points 0.001 -/+ 0.02/sqrt(2): sample mean 0.001, sample (ddof=1) deviation 0.02.
    sample = 0.001 + np.array([-0.02, 0.02]) / math.sqrt(2)
    assert fa.expected_shortfall(sample, 0.95, "parametric") == pytest.approx(tail_mean, abs=1e-6)


@settings(PROPERTY, max_examples=50)
@given(series(min_size=2))
def test_shortfall_is_no_better_than_var(returns: np.ndarray) -> None:
    for method in ("historical", "parametric"):
        var = fa.value_at_risk(returns, 0.9, method)
        assert fa.expected_shortfall(returns, 0.9, method) <= var + 1e-12
    assert fa.value_at_risk(returns, 0.99) <= fa.value_at_risk(returns, 0.9) + 1e-12


@settings(PROPERTY, max_examples=30)
@given(panels(min_rows=3))
def test_risk_panel_equals_each_column(panel: np.ndarray) -> None:
    bench = panel[:, 0]
    checks = [
        lambda x: fa.value_at_risk(x, 0.9),
        lambda x: fa.expected_shortfall(x, 0.9),
        lambda x: fa.expected_shortfall(x, 0.9, "parametric"),
        lambda x: fa.sortino_ratio(x, 0.001),
        lambda x: fa.calmar_ratio(x),
        lambda x: fa.alpha(x, bench),
    ]
    for metric in checks:
        whole = metric(panel)
        for j in range(panel.shape[1]):
            np.testing.assert_allclose(whole[j], metric(panel[:, j]), rtol=1e-9, atol=1e-12)


def test_calmar_is_cagr_over_drawdown() -> None:
    expected = fa.cagr(R, 12) / abs(fa.max_drawdown(R))
    assert fa.calmar_ratio(R, periods_per_year=12) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, "0.95"])
def test_confidence_is_checked(confidence: object) -> None:
    with pytest.raises(ValidationError, match="confidence"):
        fa.value_at_risk(R, confidence)  # type: ignore[arg-type]


def test_method_and_rates_are_checked() -> None:
    with pytest.raises(ValidationError, match="historical"):
        fa.expected_shortfall(R, method="gaussian")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="risk_free"):
        fa.sharpe_ratio(R, risk_free=float("nan"))
    with pytest.raises(ValidationError, match="mar"):
        fa.sortino_ratio(R, mar="0")  # type: ignore[arg-type]
