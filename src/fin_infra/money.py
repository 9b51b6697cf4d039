"""Exact money: ``D()`` for decimals and the immutable ``Money`` value.

Amounts are :class:`decimal.Decimal` end to end. ``D()`` is the one way to make one and refuses
``float`` (a binary float such as ``0.1`` is not the decimal the user typed). ``Money`` pairs an
amount with an ISO 4217 currency, refuses to combine currencies, and rounds only when asked, to the
currency's minor unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Final, Self

from fin_infra.errors import CurrencyMismatchError, ValidationError

__all__ = ["D", "Money", "minor_units", "quantize", "validate_currency"]

# ISO 4217 active codes whose minor unit is not 2 (List One, 2024 edition).
_MINOR_UNITS_EXCEPTIONS: Final[dict[str, int]] = {
    **dict.fromkeys(
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(), 0
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
    "CLF": 4,
    "UYW": 4,
}
# ISO 4217 active alphabetic codes (List One), funds and precious-metal codes included.
_ISO_4217: Final[frozenset[str]] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
    BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB
    EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR
    MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
    RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD
    TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG
    XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
    """.split()
)
_NO_MINOR_UNIT: Final[frozenset[str]] = frozenset(
    "XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX".split()
)


def D(value: str | int | Decimal) -> Decimal:  # noqa: N802 - the conventional money constructor name
    """Build a :class:`~decimal.Decimal` from a string, an int or a Decimal.

    Floats are refused: ``D(0.1)`` would silently carry the binary error of ``0.1``. Pass the
    decimal as a string instead (``D("0.1")``). Non-finite values (NaN, infinity) are refused too.

    >>> D("19.99") + D(1)
    Decimal('20.99')
    """
    if isinstance(value, bool):
        raise ValidationError("D() takes str, int or Decimal, not bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise ValidationError(f"not a decimal number: {value!r}") from None
    elif isinstance(value, float):
        raise ValidationError(
            f"D() refuses float {value!r}: binary floats are inexact for money; "
            f"pass a string such as D({str(value)!r})"
        )
    else:
        raise ValidationError(f"D() takes str, int or Decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise ValidationError(f"not a finite amount: {value!r}")
    return result


def validate_currency(code: str) -> str:
    """Return ``code`` if it is an active ISO 4217 alphabetic code, else raise ``ValidationError``.

    Codes are case-sensitive upper case, as ISO 4217 writes them.
    """
    if not isinstance(code, str) or code not in _ISO_4217:
        raise ValidationError(f"unknown ISO 4217 currency code: {code!r}")
    return code


def minor_units(currency: str) -> int:
    """Digits after the decimal point of ``currency``'s minor unit (USD 2, JPY 0, KWD 3)."""
    validate_currency(currency)
    if currency in _NO_MINOR_UNIT:
        raise ValidationError(f"{currency} has no minor unit; round it explicitly with quantize()")
    return _MINOR_UNITS_EXCEPTIONS.get(currency, 2)


def quantize(amount: Decimal, places: int, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """Round ``amount`` to ``places`` decimal places (banker's rounding unless told otherwise)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=rounding)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency. Immutable; never mixes currencies; rounds only on request.

    >>> Money("10.005", "USD") + Money("1", "USD")
    Money(amount=Decimal('11.005'), currency='USD')
    >>> Money("10.005", "USD").round()
    Money(amount=Decimal('10.00'), currency='USD')
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: str | int | Decimal, currency: str) -> None:
        object.__setattr__(self, "amount", D(amount))
        object.__setattr__(self, "currency", validate_currency(currency))

    @classmethod
    def zero(cls, currency: str) -> Self:
        """Zero in ``currency``."""
        return cls(0, currency)

    @classmethod
    def sum(cls, items: Iterable[Money], currency: str) -> Money:
        """Sum ``items`` starting from zero in ``currency`` (so an empty iterable sums to zero)."""
        total = Money.zero(currency)
        for item in items:
            total = total + item
        return total

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise ValidationError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot combine {self.currency} with {other.currency}; convert explicitly first"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other).amount, self.currency)

    def __radd__(self, other: object) -> Money:
        # sum() starts from int 0; accept exactly that so built-in sum() works.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return self._check(other) + self

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            raise ValidationError(f"Money can be multiplied by int or Decimal, not {factor!r}")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: int | Decimal) -> Money:
        if isinstance(divisor, bool) or not isinstance(divisor, int | Decimal):
            raise ValidationError(f"Money can be divided by int or Decimal, not {divisor!r}")
        if divisor == 0:
            raise ValidationError("division of Money by zero")
        return Money(self.amount / divisor, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._check(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._check(other).amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def round(self, places: int | None = None, rounding: str = ROUND_HALF_EVEN) -> Money:
        """Round to the currency's minor unit (or ``places``), banker's rounding by default."""
        digits = minor_units(self.currency) if places is None else places
        return Money(quantize(self.amount, digits, rounding), self.currency)

    def allocate(self, ratios: Iterable[int | Decimal]) -> list[Money]:
        """Split into parts proportional to ``ratios`` in minor units, losing no cent.

        The remainder left by rounding down is handed out one minor unit at a time, first part
        first, so the parts always add back up to the rounded total.

        >>> [m.amount for m in Money("100", "USD").allocate([1, 1, 1])]
        [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
        """
        weights = [D(r) for r in ratios]
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise ValidationError("allocate() needs non-negative ratios with a positive sum")
        unit = Decimal(1).scaleb(-minor_units(self.currency))
        total_units = int(self.round().amount / unit)
        whole = sum(weights)
        shares = [int(total_units * w / whole) for w in weights]
        sign = 1 if total_units >= 0 else -1
        remainder = total_units - sum(shares)
        for i in range(abs(remainder)):
            shares[i % len(shares)] += sign
        return [Money(unit * s, self.currency) for s in shares]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
