"""Currency conversion with explicitly given exchange rates, in exact Decimal arithmetic.

Rates come from the application (or a market-data provider): fin-infra never invents one. A
conversion with no usable rate fails loudly with :class:`MissingFxRateError`; it never falls back to
1 or to a stale number. Results are exact until the caller asks to round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from fin_infra.errors import ValidationError
from fin_infra.money import D, Money, validate_currency

__all__ = ["FxRates", "MissingFxRateError"]


class MissingFxRateError(ValidationError):
    """No exchange rate is known between two currencies."""

    def __init__(self, source: str, target: str) -> None:
        super().__init__(
            f"no exchange rate from {source} to {target}; supply one (e.g. {source}/{target})"
        )
        self.source = source
        self.target = target


class FxRates:
    """A set of exchange rates ``1 BASE = rate QUOTE``, used directly, inverted, or crossed.

    >>> rates = FxRates({("EUR", "USD"): "1.10", ("GBP", "USD"): "1.25"})
    >>> rates.convert(Money("100", "EUR"), "USD")
    Money(amount=Decimal('110.00'), currency='USD')
    >>> rates.rate("USD", "EUR") == 1 / Decimal("1.10")
    True
    >>> rates.convert(Money("100", "GBP"), "EUR").round()
    Money(amount=Decimal('113.64'), currency='EUR')
    """

    def __init__(self, rates: Mapping[tuple[str, str], str | int | Decimal] | None = None) -> None:
        self._rates: dict[tuple[str, str], Decimal] = {}
        for (base, quote), value in (rates or {}).items():
            self.set(base, quote, value)

    def set(self, base: str, quote: str, rate: str | int | Decimal) -> None:
        """Record ``1 base = rate quote`` (positive)."""
        value = D(rate)
        if value <= 0:
            raise ValidationError(f"exchange rate {base}/{quote} must be positive, got {value}")
        self._rates[(validate_currency(base), validate_currency(quote))] = value

    def pairs(self) -> Iterable[tuple[str, str]]:
        """The pairs given explicitly."""
        return self._rates.keys()

    def _direct(self, source: str, target: str) -> Decimal | None:
        if source == target:
            return Decimal(1)
        if (source, target) in self._rates:
            return self._rates[(source, target)]
        if (target, source) in self._rates:
            return 1 / self._rates[(target, source)]
        return None

    def rate(self, source: str, target: str) -> Decimal:
        """Units of ``target`` for one unit of ``source``: direct, inverse, or through one pivot."""
        validate_currency(source)
        validate_currency(target)
        direct = self._direct(source, target)
        if direct is not None:
            return direct
        pivots = {c for pair in self._rates for c in pair} - {source, target}
        for pivot in sorted(pivots):
            first, second = self._direct(source, pivot), self._direct(pivot, target)
            if first is not None and second is not None:
                return first * second
        raise MissingFxRateError(source, target)

    def convert(self, amount: Money, target: str) -> Money:
        """``amount`` in ``target``, exact (round with ``Money.round()`` for display)."""
        return Money(amount.amount * self.rate(amount.currency, target), target)
