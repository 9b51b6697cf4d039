"""Allocation by group, holding valuation and drift from targets, in exact Decimal money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fin_infra import analytics as fa
from fin_infra.errors import CalculationError, CurrencyMismatchError, ValidationError
from fin_infra.models import Holding
from fin_infra.money import D, Money

CLASSES = {"VTI": "equity", "VXUS": "equity", "BND": "bonds", "GLD": "commodities"}


def _holding(account: str, security: str, qty: str, price: str, currency: str = "USD") -> Holding:
    return Holding(
        account_id=account,
        security_id=security,
        quantity=D(qty),
        institution_price=D(price),
        currency=currency,
    )


def test_holding_values_sum_accounts_and_prefer_given_prices() -> None:
    holdings = [
        _holding("ira", "VTI", "10", "250.10"),
        _holding("brokerage", "VTI", "2.5", "250.10"),
        _holding("ira", "BND", "30", "72.33"),
    ]
    values = fa.holding_values(holdings, prices={"BND": D("72.00")})
    assert values == {"VTI": Money("3126.25", "USD"), "BND": Money("2160.00", "USD")}


def test_holding_values_refuse_float_prices() -> None:
    with pytest.raises(ValidationError, match="refuses float"):
        fa.holding_values([_holding("a", "VTI", "1", "250")], prices={"VTI": 250.5})  # type: ignore[dict-item]


def test_holding_values_errors() -> None:
    with pytest.raises(CurrencyMismatchError):
        fa.holding_values([_holding("a", "SAP", "1", "100", currency="EUR")])
    unpriced = Holding(account_id="a", security_id="X", quantity=D(1))
    with pytest.raises(ValidationError, match="no price"):
        fa.holding_values([unpriced])


def test_allocation_by_asset_class() -> None:
    values = {"VTI": D("5000"), "VXUS": Money("2000", "USD"), "BND": "2500", "GLD": 500}
    a = fa.allocation(values, by=CLASSES)
    assert list(a.values) == ["equity", "bonds", "commodities"]  # largest first
    assert a.values["equity"] == Money("7000", "USD")
    assert a.weights == {"equity": D("0.7"), "bonds": D("0.25"), "commodities": D("0.05")}
    assert a.total == Money("10000", "USD")
    assert sum(a.weights.values()) == 1


def test_allocation_per_position_and_by_function() -> None:
    a = fa.allocation({"A": D(1), "B": D(2)})
    assert a.weights["B"] == D(2) / D(3)
    by_letter = fa.allocation({"AAPL": D(3), "AMZN": D(1), "MSFT": D(4)}, by=lambda k: k[0])
    assert by_letter.weights == {"A": D("0.5"), "M": D("0.5")}


def test_allocation_errors() -> None:
    with pytest.raises(ValidationError, match="has no group"):
        fa.allocation({"VTI": D(1), "XYZ": D(1)}, by=CLASSES)
    assert fa.allocation({"XYZ": D(1)}, by=CLASSES, default="other").weights == {"other": 1}
    with pytest.raises(CalculationError, match="positive total"):
        fa.allocation({"A": D(0)})
    with pytest.raises(CurrencyMismatchError):
        fa.allocation({"A": Money("1", "EUR")})
    with pytest.raises(ValidationError, match="refuses float"):
        fa.allocation({"A": 1.5})  # type: ignore[dict-item]


def test_drift_from_targets() -> None:
    a = fa.allocation({"VTI": D(6500), "BND": D(3000), "GLD": D(500)}, by=CLASSES)
    d = fa.drift(a, {"equity": "0.6", "bonds": "0.4"})
    assert d == {"equity": D("0.05"), "bonds": D("-0.1"), "commodities": D("0.05")}
    assert sum(d.values()) == 0
    assert fa.drift({"equity": "0.7", "bonds": "0.3"}, {"equity": "0.6", "bonds": "0.4"}) == {
        "equity": D("0.1"),
        "bonds": D("-0.1"),
    }
    with pytest.raises(ValidationError, match="refuses float"):
        fa.drift({"equity": 0.7}, {"equity": 1})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({}, "empty"),
        ({"a": "0.5", "b": "0.4"}, "sum to 0.9"),
        ({"a": "1.5", "b": "-0.5"}, "not a weight"),
        ({"a": 0.5, "b": 0.5}, "refuses float"),
    ],
)
def test_targets_are_checked(targets: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        fa.drift({"a": Decimal(1)}, targets)  # type: ignore[arg-type]
