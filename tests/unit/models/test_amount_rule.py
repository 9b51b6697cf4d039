"""The money rule: decimal strings or exact numbers in, decimal strings out, bounds in schemas."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from fin_infra.models import Amount
from fin_infra.models._types import OUTPUT_PATTERN, AmountRule

Stored = Annotated[Decimal, AmountRule(19, 4)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.30", Decimal("12.30")),
        ("-0.5", Decimal("-0.5")),
        ("+7", Decimal("7")),
        ("5.", Decimal("5")),
        ("1.50000", Decimal("1.50000")),  # trailing zeros are not places
        ("000123.4", Decimal("123.4")),  # nor are leading zeros digits
        ("999999999999999.9999", Decimal("999999999999999.9999")),
        (Decimal("0.1"), Decimal("0.1")),
        (3, Decimal(3)),
    ],
)
def test_accepted(value: Any, expected: Decimal) -> None:
    result = TypeAdapter(Stored).validate_python(value)
    assert result == expected
    assert type(result) is Decimal


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (0.1, "decimal_type"),  # a Python float, as D() refuses it
        (True, "decimal_type"),
        (None, "decimal_type"),
        ("NaN", "finite_number"),
        ("-Infinity", "finite_number"),
        (Decimal("Infinity"), "finite_number"),
        ("1e5", "decimal_parsing"),
        (" 1", "decimal_parsing"),
        ("1_000", "decimal_parsing"),
        (".5", "decimal_parsing"),
        ("\u0661\u0662", "decimal_parsing"),  # Arabic-Indic digits: Decimal() takes them
        ("1.12345", "decimal_max_places"),
        (Decimal("1E-400"), "decimal_max_places"),
        ("1000000000000000", "decimal_whole_digits"),
        (Decimal("1E+400"), "decimal_whole_digits"),
    ],
)
def test_refused_with_a_message(value: Any, kind: str) -> None:
    with pytest.raises(PydanticValidationError) as caught:
        TypeAdapter(Stored).validate_python(value)
    (error,) = caught.value.errors()
    assert error["type"] == kind
    assert error["msg"]


def test_json_mode_reads_a_number_through_its_shortest_repr() -> None:
    assert TypeAdapter(Stored).validate_json("0.1") == Decimal("0.1")
    assert TypeAdapter(Amount).validate_json("1e-07") == Decimal("1E-7")
    with pytest.raises(PydanticValidationError, match="finite"):
        TypeAdapter(Amount).validate_json("NaN")
    assert TypeAdapter(Amount).validate_json('"12345678901234567.891"') == Decimal(
        "12345678901234567.891"
    )


def test_output_is_a_plain_decimal_string() -> None:
    adapter = TypeAdapter(Amount)
    for value, text in [
        (Decimal("1E+3"), "1000"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("-12.30"), "-12.30"),
    ]:
        dumped = adapter.dump_json(value).decode()
        assert dumped == f'"{text}"'
        assert re.fullmatch(OUTPUT_PATTERN, text)
    assert adapter.json_schema(mode="serialization") == {
        "type": "string",
        "pattern": OUTPUT_PATTERN,
    }


def test_the_input_schema_states_the_bounds() -> None:
    schema = TypeAdapter(Annotated[Decimal, AmountRule(19, 4, gt=0)]).json_schema()
    string, number = schema["anyOf"]
    assert string["type"] == "string"
    assert re.fullmatch(string["pattern"], "999999999999999.9999")
    assert not re.fullmatch(string["pattern"], "1000000000000000")
    assert not re.fullmatch(string["pattern"], "0.00001")
    assert number == {
        "type": "number",
        "exclusiveMinimum": 0,
        "exclusiveMaximum": 10**15,
        "multipleOf": 0.0001,
    }
    assert "greater than 0" in schema["description"]


def test_pydantic_constraints_stacked_on_amount_reach_the_schema() -> None:
    """The scaffolded schemas write ``Annotated[Amount, Field(gt=0, max_digits=19, ...)]``."""

    class Plan(BaseModel):
        limit: Annotated[Amount, Field(gt=0, le=100, max_digits=9, decimal_places=2)]

    schema = Plan.model_json_schema()["properties"]["limit"]
    string, number = schema["anyOf"]
    assert string["pattern"] == r"^[+-]?0*[0-9]{1,7}(\.[0-9]{0,2}0*)?$"
    assert number["exclusiveMinimum"] == 0
    assert number["maximum"] == 100
    assert number["multipleOf"] == 0.01
    with pytest.raises(PydanticValidationError, match="decimal places"):
        Plan(limit="1.234")  # type: ignore[arg-type]
    with pytest.raises(PydanticValidationError, match="greater than 0"):
        Plan(limit="0")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["0", "-1", "100.01"])
def test_range_bounds_are_enforced(value: str) -> None:
    with pytest.raises(PydanticValidationError, match="out of range"):
        TypeAdapter(Annotated[Decimal, AmountRule(gt=0, le=100)]).validate_python(value)
