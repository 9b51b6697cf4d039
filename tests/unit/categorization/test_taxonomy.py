"""The taxonomy and the built-in tables agree with each other."""

from __future__ import annotations

import itertools

import pytest

from fin_infra.categorization import DETAILED, PRIMARY, category, is_detailed, is_primary
from fin_infra.categorization._directory import (
    ALIASES,
    KEYWORDS,
    KEYWORDS_BY_DIRECTION,
    MERCHANTS,
)
from fin_infra.categorization.mcc import _CODES, _RANGES
from fin_infra.errors import ValidationError


def test_sixteen_primaries_and_every_detailed_sits_under_its_primary() -> None:
    assert len(PRIMARY) == 16
    assert len(DETAILED) == 104
    for detailed, primary in DETAILED.items():
        assert primary in PRIMARY
        assert detailed.startswith(primary + "_")


def test_every_primary_has_an_other_bucket() -> None:
    assert {p for d, p in DETAILED.items() if "_OTHER_" in d} == PRIMARY


def test_category_lookup() -> None:
    coffee = category("FOOD_AND_DRINK_COFFEE")
    assert (coffee.primary, coffee.detailed, str(coffee)) == (
        "FOOD_AND_DRINK",
        "FOOD_AND_DRINK_COFFEE",
        "FOOD_AND_DRINK_COFFEE",
    )
    assert is_primary("TRAVEL")
    assert not is_primary("TRAVEL_FLIGHTS")
    assert is_detailed("TRAVEL_FLIGHTS")
    assert not is_detailed("TRAVEL")
    with pytest.raises(ValidationError, match="unknown detailed category"):
        category("FOOD_AND_DRINK")


def test_builtin_tables_use_only_known_categories() -> None:
    used = [*MERCHANTS.values(), *KEYWORDS.values(), *_CODES.values()]
    used += [c for pair in KEYWORDS_BY_DIRECTION.values() for c in pair]
    used += [c for _, _, c in _RANGES]
    assert [c for c in used if not is_detailed(c)] == []
    assert set(ALIASES.values()) <= set(MERCHANTS)


def test_mcc_ranges_are_sorted_and_disjoint() -> None:
    for (_, end, _), (start, _, _) in itertools.pairwise(_RANGES):
        assert end < start
