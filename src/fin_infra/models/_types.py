"""Field types shared by the domain models: exact amounts and ISO 4217 currency codes.

The money rule, in Python and over HTTP alike: an amount is accepted as a decimal string
(``"12.30"``: optional sign, ASCII digits, optional point; no exponent, no spaces) or as a number
that is already exact (``int``, ``Decimal``). A JSON number reaches the model exact when the
request body is parsed by :class:`fin_infra.api.DecimalRoute` (``0.1`` stays ``Decimal("0.1")``).
A Python ``float`` is refused (build amounts with ``D()`` or pass a string); so is NaN or infinity.
In ``model_validate_json`` pydantic has already read the number as a float: it is taken through
its shortest repr, exact up to 15 significant digits. Output is always a plain decimal string.

:class:`AmountRule` (``Annotated[Decimal, AmountRule(19, 4)]``) adds bounds (digits before the
point, places after it, ``gt``/``ge``/``lt``/``le``) and says them in the JSON schema: input
``anyOf`` a patterned string or a number in range, output a string.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from fin_infra.money import validate_currency

__all__ = ["OUTPUT_PATTERN", "Amount", "AmountRule", "CurrencyCode", "DomainModel", "amount_type"]

OUTPUT_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
"""Every amount fin-infra writes to JSON matches this (``format(amount, "f")``)."""


def _input_pattern(whole: int | None, places: int | None) -> str:
    digits = "[0-9]+" if whole is None else f"0*[0-9]{{1,{whole}}}"
    fraction = "[0-9]*" if places is None else f"[0-9]{{0,{places}}}0*"
    return rf"^[+-]?{digits}(\.{fraction})?$"


_PLAIN = re.compile(_input_pattern(None, None))


_WORDS: Final = {"gt": "greater than", "ge": "at least", "lt": "less than", "le": "at most"}
_JSON_KEYS: Final = {
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
}
_COMPARE: Final[dict[str, Callable[[Decimal, Decimal], bool]]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}


def _tighter(op: str, current: Any, new: Any) -> Any:
    if current is None:
        return new
    return max(current, new) if op in ("gt", "ge") else min(current, new)


class AmountRule:
    """The money rule as ``Annotated`` metadata: ``Annotated[Decimal, AmountRule(19, 4)]``.

    Validation (decimal string or exact number, digits, places and ``gt``/``ge``/``lt``/``le``),
    serialization (a plain decimal string in JSON) and the JSON schema (input ``anyOf`` patterned
    string / number, output string) live in one place, so the schema says what is accepted. Put
    range bounds here, not in ``Field(gt=...)``, so the schema shows them.
    """

    def __init__(
        self,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        *,
        gt: int | str | Decimal | None = None,
        ge: int | str | Decimal | None = None,
        lt: int | str | Decimal | None = None,
        le: int | str | Decimal | None = None,
    ) -> None:
        self.max_digits = max_digits
        if max_digits is not None and decimal_places is not None:
            self.whole: int | None = max_digits - decimal_places
        else:
            self.whole = max_digits
        self.places = decimal_places
        self.pattern = _input_pattern(self.whole, decimal_places)
        self._limit = None if self.whole is None else Decimal(10) ** self.whole
        self._step = None if decimal_places is None else Decimal(1).scaleb(-decimal_places)
        self._range = {
            op: Decimal(bound)
            for op, bound in (("gt", gt), ("ge", ge), ("lt", lt), ("le", le))
            if bound is not None
        }

    def bounds(self) -> str:
        """The rule in words, for messages and the schema's description."""
        parts = [f"{_WORDS[op]} {bound}" for op, bound in self._range.items()]
        if self.whole is not None:
            parts.append(f"at most {self.whole} digits before the point")
        if self.places is not None:
            parts.append(f"at most {self.places} decimal places")
        return ", ".join(parts)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_before_validator_function(
            self.validate,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, return_schema=core_schema.str_schema(), when_used="json"
            ),
        )

    def validate(self, value: Any, info: ValidationInfo) -> Decimal:
        """``value`` as an exact, finite, in-bounds Decimal, or a pydantic error saying why."""
        if isinstance(value, float):
            if info.mode != "json":
                raise PydanticCustomError(
                    "decimal_type",
                    "amounts must not be float (binary floats are inexact); pass a str or Decimal",
                )
            value = Decimal(repr(value))  # the shortest repr: 1e-07 -> Decimal("1E-7")
        if isinstance(value, str):
            amount = self._from_text(value)
        elif isinstance(value, Decimal | int) and not isinstance(value, bool):
            amount = Decimal(value)
        else:
            raise PydanticCustomError(
                "decimal_type",
                "an amount is a decimal string such as '12.30' or a number, not {kind}",
                {"kind": type(value).__name__},
            )
        if not amount.is_finite():
            raise PydanticCustomError("finite_number", "an amount must be a finite number")
        self._check_bounds(amount)
        return amount

    def _from_text(self, text: str) -> Decimal:
        if _PLAIN.fullmatch(text):
            return Decimal(text)
        try:
            finite = Decimal(text.strip()).is_finite()
        except InvalidOperation:
            finite = True
        if not finite:
            raise PydanticCustomError("finite_number", "an amount must be a finite number")
        bounds = f" ({self.bounds()})" if self.bounds() else ""
        raise PydanticCustomError(
            "decimal_parsing",
            "an amount is a decimal string such as '12.30' (sign, digits, point; "
            "no exponent, no spaces){bounds}",
            {"bounds": bounds},
        )

    def _check_bounds(self, amount: Decimal) -> None:
        if self._limit is not None and abs(amount) >= self._limit:
            raise PydanticCustomError(
                "decimal_whole_digits",
                "amount out of range: at most {whole} digits before the decimal point",
                {"whole": self.whole},
            )
        if self._step is not None:
            try:
                exact = amount.quantize(self._step) == amount
            except InvalidOperation:
                exact = False
            if not exact:
                raise PydanticCustomError(
                    "decimal_max_places",
                    "too many decimal places: at most {places}",
                    {"places": self.places},
                )
        for op, bound in self._range.items():
            if not _COMPARE[op](amount, bound):
                raise PydanticCustomError(
                    "less_than" if op.startswith("l") else "greater_than",
                    "amount out of range: must be {rule}",
                    {"rule": f"{_WORDS[op]} {bound}"},
                )

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        if handler.mode == "serialization":
            return {"type": "string", "pattern": OUTPUT_PATTERN}
        return self._tightened(handler(core_schema))._input_schema()

    def _tightened(self, base: dict[str, Any]) -> AmountRule:
        """This rule with the pydantic constraints stacked on it (``Field(gt=0, max_digits=19)``
        on an ``Amount``), which pydantic hands over as raw keywords in ``base``."""
        sizes = {"max_digits": self.max_digits, "decimal_places": self.places}
        for key, mine in sizes.items():
            theirs = base.get(key)
            sizes[key] = theirs if mine is None else (mine if theirs is None else min(mine, theirs))
        bounds: dict[str, Any] = dict(self._range)
        for op, key in _JSON_KEYS.items():
            theirs = base.get(op, base.get(key))
            if theirs is not None:
                theirs = Decimal(str(theirs))
                mine = bounds.get(op)
                bounds[op] = theirs if mine is None else _tighter(op, mine, theirs)
        return AmountRule(sizes["max_digits"], sizes["decimal_places"], **bounds)

    def _input_schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number"}
        if self._limit is not None:
            number["exclusiveMinimum"] = -int(self._limit)
            number["exclusiveMaximum"] = int(self._limit)
        for op, bound in self._range.items():
            key = _JSON_KEYS[op]
            value = int(bound) if bound == bound.to_integral_value() else float(bound)
            number[key] = _tighter(op, number.get(key), value)
        if self._step is not None:
            number["multipleOf"] = int(self._step) if self._step >= 1 else float(self._step)
        schema: dict[str, Any] = {"anyOf": [{"type": "string", "pattern": self.pattern}, number]}
        if self.bounds():
            schema["description"] = f"An exact decimal: {self.bounds()}."
        return schema


def _serialize(value: Decimal) -> str:
    return format(value, "f")


def amount_type(max_digits: int | None = None, decimal_places: int | None = None) -> Any:
    """``Annotated[Decimal, AmountRule(max_digits, decimal_places)]``, for dynamic schemas.

    Accepts a decimal string or an exact number (see the module docstring); a value beyond
    ``max_digits - decimal_places`` whole digits or with more than ``decimal_places`` places
    (trailing zeros aside) is refused with a message saying which.
    """
    return Annotated[Decimal, AmountRule(max_digits, decimal_places)]


def _to_currency(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("currency must be an ISO 4217 code such as 'USD'")
    return validate_currency(value.upper())


Amount = Annotated[Decimal, AmountRule(None, None)]
"""An exact decimal amount: never a float, a decimal string in JSON."""

CurrencyCode = Annotated[str, BeforeValidator(_to_currency)]
"""An ISO 4217 alphabetic code, upper-cased on input."""


class DomainModel(BaseModel):
    """Base of the provider-neutral models: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
