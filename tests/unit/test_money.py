"""D() and Money: exact construction, currency safety, rounding only on request."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.errors import CurrencyMismatchError, FinInfraError, ValidationError
from fin_infra.money import D, Money, minor_units, quantize, validate_currency


def test_d_accepts_str_int_decimal() -> None:
    assert D("19.99") == Decimal("19.99")
    assert D(" 1_000.50 ") == Decimal("1000.50")
    assert D(7) == Decimal(7)
    assert D(Decimal("0.1")) == Decimal("0.1")


@pytest.mark.parametrize("bad", [0.1, True, None, [1], "abc", "NaN", "Infinity", Decimal("NaN")])
def test_d_refuses_float_bool_junk_and_non_finite(bad: object) -> None:
    with pytest.raises(ValidationError):
        D(bad)  # type: ignore[arg-type]


def test_float_error_message_suggests_a_string() -> None:
    with pytest.raises(ValidationError, match=r"D\('0.1'\)"):
        D(0.1)  # type: ignore[arg-type]


def test_validation_error_is_in_the_tree_and_a_value_error() -> None:
    assert issubclass(ValidationError, FinInfraError)
    assert issubclass(ValidationError, ValueError)


def test_money_is_immutable_and_exact() -> None:
    m = Money("0.10", "USD") + Money("0.20", "USD")
    assert m == Money("0.30", "USD")
    with pytest.raises(AttributeError):
        m.amount = Decimal(1)  # type: ignore[misc]


def test_money_refuses_mixing_currencies() -> None:
    with pytest.raises(CurrencyMismatchError, match="USD with EUR"):
        Money("1", "USD") + Money("1", "EUR")
    with pytest.raises(CurrencyMismatchError):
        _ = Money("1", "USD") < Money("2", "EUR")


def test_money_refuses_unknown_currency_and_float() -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money("1", "usd")
    with pytest.raises(ValidationError):
        Money("1", "ABC")
    with pytest.raises(ValidationError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Money("1", "USD") * 1.5  # type: ignore[operator]


def test_sum_starts_from_zero() -> None:
    assert Money.sum([], "EUR") == Money("0", "EUR")
    items = [Money("1.10", "EUR"), Money("2.20", "EUR")]
    assert Money.sum(items, "EUR") == Money("3.30", "EUR")
    assert sum(items) == Money("3.30", "EUR")  # built-in sum works too
    with pytest.raises(CurrencyMismatchError):
        Money.sum(items, "USD")


def test_rounding_only_when_asked_per_minor_unit() -> None:
    m = Money("10.005", "USD")
    assert m.amount == Decimal("10.005")
    assert m.round().amount == Decimal("10.00")  # banker's rounding
    assert Money("10.015", "USD").round().amount == Decimal("10.02")
    assert Money("1234.5", "JPY").round().amount == Decimal("1234")
    assert Money("1.2345", "KWD").round().amount == Decimal("1.234")
    assert minor_units("CLF") == 4
    with pytest.raises(ValidationError, match="no minor unit"):
        minor_units("XAU")


def test_quantize_with_explicit_rounding() -> None:
    assert quantize(Decimal("2.675"), 2, "ROUND_HALF_UP") == Decimal("2.68")
    assert quantize(Decimal("2.675"), 2) == Decimal("2.68")
    assert quantize(Decimal("2.665"), 2) == Decimal("2.66")


def test_arithmetic_and_comparisons() -> None:
    a, b = Money("5", "GBP"), Money("3", "GBP")
    assert a - b == Money("2", "GBP")
    assert -a == Money("-5", "GBP")
    assert abs(Money("-5", "GBP")) == a
    assert a * 2 == Money("10", "GBP") == 2 * a
    assert a / 4 == Money("1.25", "GBP")
    assert b < a
    assert a >= b
    assert b <= b
    assert a > b
    assert not Money.zero("GBP")
    assert str(a) == "5 GBP"
    with pytest.raises(ValidationError):
        a / 0


def test_validate_currency() -> None:
    assert validate_currency("EUR") == "EUR"
    with pytest.raises(ValidationError):
        validate_currency(123)  # type: ignore[arg-type]


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=8).filter(any),
)
def test_allocate_never_loses_a_cent(amount: Decimal, ratios: list[int]) -> None:
    parts = Money(amount, "USD").allocate(ratios)
    assert Money.sum(parts, "USD") == Money(amount, "USD").round()
    assert all(p.amount == p.round().amount for p in parts)
    for part, ratio in zip(parts, ratios, strict=True):
        exact = amount * ratio / sum(ratios)
        assert abs(part.amount - exact) <= Decimal("0.01") * len(ratios)


def test_allocate_refuses_bad_ratios() -> None:
    with pytest.raises(ValidationError):
        Money("1", "USD").allocate([])
    with pytest.raises(ValidationError):
        Money("1", "USD").allocate([1, -1])
