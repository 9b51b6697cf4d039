"""Exchange rates: direct, inverse, crossed, and loud failure when a rate is missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.money import Money
from fin_infra.normalization import FxRates, MissingFxRateError


def test_direct_inverse_and_cross_rates() -> None:
    rates = FxRates({("EUR", "USD"): "1.08", ("USD", "JPY"): "150"})
    assert rates.rate("EUR", "USD") == Decimal("1.08")
    assert rates.rate("USD", "EUR") == 1 / Decimal("1.08")
    assert rates.rate("EUR", "JPY") == Decimal("162.00")
    assert rates.rate("JPY", "JPY") == 1
    assert rates.convert(Money("10", "EUR"), "JPY") == Money("1620.00", "JPY")


def test_missing_rate_fails_loudly() -> None:
    rates = FxRates({("EUR", "USD"): "1.08"})
    with pytest.raises(MissingFxRateError, match="GBP to USD") as info:
        rates.convert(Money("1", "GBP"), "USD")
    assert info.value.source == "GBP"
    assert isinstance(info.value, ValidationError)


@pytest.mark.parametrize("bad", ["0", "-1.2"])
def test_rates_must_be_positive(bad: str) -> None:
    with pytest.raises(ValidationError, match="positive"):
        FxRates({("EUR", "USD"): bad})


def test_unknown_currency_and_float_refused() -> None:
    with pytest.raises(ValidationError):
        FxRates({("EUR", "XYZ"): "1"})
    with pytest.raises(ValidationError):
        FxRates({("EUR", "USD"): 1.1})  # type: ignore[dict-item]
