"""Amounts as callers of the tracker APIs pass them: ``Decimal``, ``int``, ``str`` or ``float``.

The tracker APIs are the one place that accepts ``float`` (``categories={"Groceries": 600.00}``):
a float is read through its shortest repr, so ``600.1`` becomes ``Decimal("600.1")``, the number
the caller typed, not the binary value ``600.100000000000022737...``. Everything stored or
returned is a ``Decimal``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TypeAlias

from fin_infra.errors import ValidationError
from fin_infra.money import D

__all__ = ["UserAmount", "user_amount"]

UserAmount: TypeAlias = Decimal | int | str | float
"""An amount as a tracker caller may pass it."""


def user_amount(value: UserAmount, what: str = "amount") -> Decimal:
    """``value`` as a Decimal; a float goes through its shortest repr (``600.1`` -> ``600.1``).

    >>> user_amount(600.1), user_amount("12.50"), user_amount(3)
    (Decimal('600.1'), Decimal('12.50'), Decimal('3'))
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"{what} must be a finite number, got {value!r}")
        return Decimal(repr(value))
    try:
        return D(value)
    except ValidationError as exc:
        raise ValidationError(f"{what}: {exc}") from None
