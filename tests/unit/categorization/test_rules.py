"""The rules engine: conditions, priorities, the two match modes, storage round trips."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.categorization import Action, Condition, Rule, RuleError, RuleSet
from fin_infra.errors import ValidationError
from fin_infra.money import D


def rule(rule_id: str, priority: int = 0, **when: object) -> Rule:
    then = when.pop("then", {"category": "FOOD_AND_DRINK_COFFEE"})
    assert isinstance(then, dict)
    return Rule.from_dict({"id": rule_id, "priority": priority, "when": when, "then": then})


def test_contains_ignores_case_and_looks_at_the_right_field() -> None:
    by_description = RuleSet([rule("d", description_contains="blue bottle")])
    by_merchant = RuleSet([rule("m", merchant_contains="Blue Bottle Coffee")])
    assert by_description.evaluate("SQ *BLUE BOTTLE 12", "Blue Bottle Coffee", D("-5"))
    assert by_merchant.evaluate("SQ *BLUE BOTTLE 12", "Blue Bottle Coffee", D("-5"))
    assert by_merchant.evaluate("SQ *BLUE BOTTLE 12", "Starbucks", D("-5")) is None


def test_regex_conditions() -> None:
    rules = RuleSet([rule("r", description_regex=r"^ACH\s+.*PAYROLL", merchant_regex="gusto")])
    assert rules.evaluate("ACH CREDIT GUSTO PAYROLL", "Gusto", D("100"))
    assert rules.evaluate("GUSTO PAYROLL ACH", "Gusto", D("100")) is None
    assert rules.evaluate("ACH CREDIT GUSTO PAYROLL", "ADP", D("100")) is None


@pytest.mark.parametrize(
    ("amount", "matches"),
    [
        ("-9.99", False),
        ("-10", True),
        ("-25.00", True),
        ("-50", True),
        ("-50.01", False),
        ("25", True),
    ],
)
def test_amount_range_bounds_the_absolute_amount_inclusively(amount: str, matches: bool) -> None:
    rules = RuleSet([rule("a", amount_min="10", amount_max="50.00")])
    assert (rules.evaluate("X", "X", D(amount)) is not None) is matches


def test_direction_and_account() -> None:
    rules = RuleSet([rule("io", direction="in", account_ids=["chk"])])
    assert rules.evaluate("X", "X", D("5"), "chk")
    assert rules.evaluate("X", "X", D("-5"), "chk") is None
    assert rules.evaluate("X", "X", D("5"), "sav") is None
    assert rules.evaluate("X", "X", D("0"), "chk") is None
    out = RuleSet([rule("o", direction="out")])
    assert out.evaluate("X", "X", D("-1"))
    assert out.evaluate("X", "X", D("1")) is None


def test_priority_orders_rules_and_ties_keep_their_order() -> None:
    low = rule("low", 1, then={"category": "FOOD_AND_DRINK_COFFEE"})
    high = rule("high", 9, then={"category": "TRAVEL_FLIGHTS"})
    tie = rule("tie", 9, then={"category": "TRAVEL_LODGING"})
    rules = RuleSet([low, high, tie])
    assert [r.id for r in rules.rules] == ["high", "tie", "low"]
    outcome = rules.evaluate("X", "X", D("-1"))
    assert outcome is not None
    assert outcome.category_rule == "high"
    assert outcome.rule_ids == ("high",)


def test_all_mode_merges_fields_from_the_first_setter_and_unions_tags() -> None:
    tagger = rule("tag", 10, then={"tags": ["work"], "merchant": "Client Lunch"})
    categorizer = rule("cat", 5, then={"category": "FOOD_AND_DRINK_RESTAURANT", "tags": ["meal"]})
    other = rule("other", 1, then={"category": "TRAVEL_FLIGHTS", "merchant": "Ignored"})
    outcome = RuleSet([tagger, categorizer, other], mode="all").evaluate("X", "X", D("-1"))
    assert outcome is not None
    assert outcome.category is not None
    assert outcome.category.detailed == "FOOD_AND_DRINK_RESTAURANT"
    assert outcome.category_rule == "cat"
    assert outcome.merchant == "Client Lunch"
    assert outcome.tags == {"work", "meal"}
    assert outcome.rule_ids == ("tag", "cat", "other")
    first = RuleSet([tagger, categorizer, other]).evaluate("X", "X", D("-1"))
    assert first is not None
    assert first.category is None
    assert first.rule_ids == ("tag",)


def test_disabled_rules_are_kept_for_storage_but_never_apply() -> None:
    off = Rule.from_dict({"id": "off", "enabled": False, "then": {"tags": ["x"]}})
    rules = RuleSet([off])
    assert rules.evaluate("X", "X", D("1")) is None
    assert RuleSet.from_json(rules.to_json()).rules[0].enabled is False


def test_json_round_trip_is_exact() -> None:
    rules = RuleSet(
        [
            rule(
                "a",
                3,
                description_contains="rent",
                amount_min="1000.50",
                direction="out",
                then={"category": "RENT_AND_UTILITIES_RENT", "tags": ["housing"]},
            ),
            rule(
                "b",
                1,
                merchant_regex="^uber",
                account_ids=["x", "a"],
                then={"merchant": "Uber (work)"},
            ),
        ],
        mode="all",
    )
    text = rules.to_json()
    data = json.loads(text)
    assert data["version"] == 1
    assert data["rules"][0]["when"]["amount_min"] == "1000.50"
    assert data["rules"][1]["when"]["account_ids"] == ["a", "x"]
    assert RuleSet.from_json(text) == rules
    assert RuleSet.from_dict(rules.to_dict()).to_dict() == rules.to_dict()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": "x", "when": {"description_regex": "("}, "then": {"tags": ["t"]}}, "regular"),
        ({"id": "x", "then": {"category": "FOOD"}}, "unknown detailed category"),
        ({"id": "x", "when": {"colour": "red"}, "then": {"tags": ["t"]}}, "colour"),
        ({"id": "x", "then": {}}, "must set"),
        ({"id": "x", "when": {"amount_min": "-1"}, "then": {"tags": ["t"]}}, "negative"),
        (
            {"id": "x", "when": {"amount_min": "5", "amount_max": "1"}, "then": {"tags": ["t"]}},
            "exceed",
        ),
        ({"id": "x", "when": {"amount_min": 1.5}, "then": {"tags": ["t"]}}, "float"),
        ({"id": "x", "when": {"direction": "up"}, "then": {"tags": ["t"]}}, "direction"),
        ({"id": "x", "then": {"tags": "t"}}, "list"),
        ({"id": "", "then": {"tags": ["t"]}}, "id"),
        ({"id": "x", "priority": "high", "then": {"tags": ["t"]}}, "priority"),
        ({"id": "x", "enabled": "false", "then": {"tags": ["t"]}}, "enabled"),
        ({"id": "x", "when": {"merchant_contains": " "}, "then": {"tags": ["t"]}}, "non-empty"),
        ({"id": "x", "then": {"merchant": " "}}, "non-empty"),
        ({"id": "x", "extra": 1, "then": {"tags": ["t"]}}, "extra"),
        ({"id": "x", "when": ["a"], "then": {"tags": ["t"]}}, "object"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(data: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        Rule.from_dict(data)


def test_rule_set_level_errors() -> None:
    a = rule("a")
    with pytest.raises(RuleError, match="duplicate"):
        RuleSet([a, a])
    with pytest.raises(RuleError, match="mode"):
        RuleSet([a], mode="any")  # type: ignore[arg-type]
    with pytest.raises(RuleError, match="JSON"):
        RuleSet.from_json("{")
    with pytest.raises(RuleError, match="version"):
        RuleSet.from_dict({"version": 2, "rules": []})
    with pytest.raises(RuleError, match="list"):
        RuleSet.from_dict({"rules": {}})
    assert issubclass(RuleError, ValidationError)
    assert repr(RuleSet([a])) == "RuleSet(1 rules, mode='first')"


def test_python_construction_matches_dict_construction() -> None:
    built = Rule(
        id="p",
        when=Condition(description_contains="netflix", amount_max=Decimal("30")),
        then=Action(category="ENTERTAINMENT_TV_AND_MOVIES", tags=("subscription",)),
        priority=2,
    )
    assert Rule.from_dict(built.to_dict()) == built


texts = st.text(alphabet="ABCDEFG xyz*#", min_size=1, max_size=8).filter(str.strip)
amounts = st.decimals(min_value=0, max_value=10_000, places=2)


@st.composite
def rules_strategy(draw: st.DrawFn) -> Rule:
    low = draw(st.none() | amounts)
    high = draw(st.none() | amounts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Rule(
        id=draw(st.text(alphabet="abc123", min_size=1, max_size=6)),
        priority=draw(st.integers(-5, 5)),
        enabled=draw(st.booleans()),
        when=Condition(
            description_contains=draw(st.none() | texts),
            merchant_contains=draw(st.none() | texts),
            amount_min=low,
            amount_max=high,
            account_ids=frozenset(draw(st.lists(st.sampled_from(["a", "b"]), max_size=2))),
            direction=draw(st.sampled_from([None, "in", "out"])),
        ),
        then=Action(
            category=draw(st.sampled_from(["TRAVEL_FLIGHTS", "INCOME_WAGES"])),
            tags=tuple(draw(st.lists(st.sampled_from(["x", "y"]), max_size=2))),
        ),
    )


@given(st.lists(rules_strategy(), max_size=6, unique_by=lambda r: r.id), st.booleans())
def test_any_rule_set_survives_a_json_round_trip(rules: list[Rule], every: bool) -> None:
    original = RuleSet(rules, mode="all" if every else "first")
    loaded = RuleSet.from_json(original.to_json())
    assert loaded == original
    for amount in (D("-12.34"), D("0.01"), D("5000")):
        assert loaded.evaluate("ABC xyz", "DEF", amount, "a") == original.evaluate(
            "ABC xyz", "DEF", amount, "a"
        )


@given(st.lists(rules_strategy(), min_size=1, max_size=6, unique_by=lambda r: r.id), amounts)
def test_first_mode_applies_the_highest_priority_matching_rule(
    rules: list[Rule], amount: Decimal
) -> None:
    rule_set = RuleSet(rules)
    outcome = rule_set.evaluate("ABC xyz", "DEF", -amount, "b")
    matching = [
        r
        for r in rule_set.rules
        if r.enabled
        and r.when.text_matches("ABC XYZ", "DEF")
        and r.when.context_matches(-amount, "b")
    ]
    if not matching:
        assert outcome is None
    else:
        assert outcome is not None
        assert outcome.rule_ids == (matching[0].id,)
        assert all(matching[0].priority >= r.priority for r in matching)
