"""The trackers' public surface: curated exports, lazy loading, amounts at the API edge."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from fin_infra._tracking.amounts import user_amount
from fin_infra.errors import ValidationError
from tests.unit.test_package import test_all_is_sorted_and_resolves as check_exports

PACKAGES = ["fin_infra.budgets", "fin_infra.goals", "fin_infra.net_worth"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    check_exports(name)  # the same rule as for the rest of the package
    assert importlib.import_module(name).__doc__


def test_importing_fin_infra_loads_no_tracker() -> None:
    code = "import sys, json, fin_infra; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    trackers = [m for m in loaded if m.split(".")[1:2] in (["budgets"], ["goals"], ["net_worth"])]
    assert trackers == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (600.00, Decimal("600.0")),
        (0.1, Decimal("0.1")),
        (1e-7, Decimal("1E-7")),
        (19.99, Decimal("19.99")),
        (-3.5, Decimal("-3.5")),
        (12, Decimal(12)),
        ("1_000.50", Decimal("1000.50")),
        (Decimal("2.25"), Decimal("2.25")),
    ],
)
def test_user_amounts_read_floats_as_typed(value: object, expected: Decimal) -> None:
    result = user_amount(value)  # type: ignore[arg-type]
    assert type(result) is Decimal
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, None, [1], "Infinity", "abc"])
def test_user_amounts_refuse_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(ValidationError, match="price"):
        user_amount(value, "price")  # type: ignore[arg-type]
