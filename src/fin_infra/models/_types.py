"""Field types shared by the domain models: exact amounts and ISO 4217 currency codes.

``Amount`` is a :class:`~decimal.Decimal` that serializes to a JSON *string*, so a round trip
through JSON loses nothing. In Python a float is refused (build amounts with ``D()`` or pass a
string); from JSON a number is read through its shortest decimal form, which is exact for every
value of up to 15 significant digits. Send strings to carry more digits than that.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationInfo

from fin_infra.money import D, validate_currency

__all__ = ["Amount", "CurrencyCode", "DomainModel"]


def _to_decimal(value: Any, info: ValidationInfo) -> Decimal:
    if isinstance(value, float):
        if info.mode != "json":
            raise ValueError(
                "amounts must not be float (binary floats are inexact); pass a str or Decimal"
            )
        value = repr(value)
    return D(value)


def _to_currency(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("currency must be an ISO 4217 code such as 'USD'")
    return validate_currency(value.upper())


Amount = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    PlainSerializer(lambda v: str(v), return_type=str, when_used="json"),
]
"""An exact decimal amount: never a float, a string in JSON."""

CurrencyCode = Annotated[str, BeforeValidator(_to_currency)]
"""An ISO 4217 alphabetic code, upper-cased on input."""


class DomainModel(BaseModel):
    """Base of the provider-neutral models: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
