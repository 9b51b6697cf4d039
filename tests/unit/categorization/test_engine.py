"""The categorizer: signal order, explanations, the model hook, MCCs, caching."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.categorization import (
    Categorizer,
    Features,
    Prediction,
    Rule,
    RuleSet,
    Source,
    category_for_mcc,
    describe_mcc,
    normalize_mcc,
)
from fin_infra.errors import ValidationError
from fin_infra.models import Transaction
from fin_infra.money import D


def txn(name: str, amount: str, **extra: object) -> Transaction:
    return Transaction(
        id="t1", account_id="chk", amount=D(amount), date=dt.date(2025, 1, 2), name=name, **extra
    )


@dataclass
class FixedModel:
    """A model that always answers the same, and counts its calls."""

    answer: Prediction | None
    calls: list[Features] = field(default_factory=list)

    def predict(self, features: Features) -> Prediction | None:
        self.calls.append(features)
        return self.answer


def detailed(decision: object) -> str | None:
    cat = getattr(decision, "category", None)
    return None if cat is None else str(cat.detailed)


def test_known_merchant_is_explained() -> None:
    d = Categorizer().categorize(txn("SQ *BLUE BOTTLE 1234 OAKLAND CA", "-5.50"))
    assert detailed(d) == "FOOD_AND_DRINK_COFFEE"
    assert d.source is Source.MERCHANT
    assert d.confidence == pytest.approx(0.9)
    assert "Blue Bottle Coffee" in d.explanation
    assert d.merchant == "Blue Bottle Coffee"
    assert d.merchant_key == "BLUE BOTTLE COFFEE"


def test_user_rule_beats_builtin_knowledge_and_names_itself() -> None:
    rules = [
        Rule.from_dict(
            {
                "id": "team-coffee",
                "when": {"merchant_contains": "blue bottle", "amount_min": "20"},
                "then": {"category": "GENERAL_SERVICES_OTHER_GENERAL_SERVICES", "tags": ["work"]},
            }
        )
    ]
    c = Categorizer(rules)
    big = c.categorize(txn("SQ *BLUE BOTTLE 1234 OAKLAND CA", "-45.00"))
    small = c.categorize(txn("SQ *BLUE BOTTLE 1234 OAKLAND CA", "-4.50"))
    assert (big.source, detailed(big)) == (Source.RULE, "GENERAL_SERVICES_OTHER_GENERAL_SERVICES")
    assert "team-coffee" in big.explanation
    assert big.rule_ids == ("team-coffee",)
    assert big.tags == {"work"}
    assert big.confidence == 1.0
    # Same descriptor, cached text facts, different amount: the rule must not leak.
    assert small.source is Source.MERCHANT
    assert small.rule_ids == ()


def test_rule_without_category_renames_and_tags_but_lets_signals_decide() -> None:
    rules = RuleSet(
        [Rule.from_dict({"id": "r", "when": {}, "then": {"merchant": "Mine", "tags": ["t"]}})]
    )
    d = Categorizer(rules).categorize(txn("STARBUCKS STORE 12345 SEATTLE WA", "-3"))
    assert d.source is Source.MERCHANT
    assert d.merchant == "Mine"
    assert d.tags == {"t"}
    assert d.rule_ids == ("r",)


def test_mcc_is_used_for_unknown_merchants_only() -> None:
    c = Categorizer()
    unknown = c.categorize(txn("ACME WIDGETS LLC", "-20"), mcc="5942")
    assert (unknown.source, detailed(unknown)) == (
        Source.MCC,
        "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS",
    )
    assert "5942" in unknown.explanation
    known = c.categorize(txn("STARBUCKS STORE 12345", "-3"), mcc="5942")
    assert known.source is Source.MERCHANT
    no_mapping = c.categorize(txn("ACME WIDGETS LLC", "-20"), mcc=7)
    assert no_mapping.source is Source.NONE


def test_model_hook_is_consulted_after_mcc_and_before_keywords() -> None:
    model = FixedModel(Prediction("HOME_IMPROVEMENT_HARDWARE", 0.7, "token 'widgets'"))
    c = Categorizer(model=model)
    d = c.categorize(txn("ACME WIDGETS LLC", "-20"))
    assert (d.source, detailed(d), d.confidence) == (Source.MODEL, "HOME_IMPROVEMENT_HARDWARE", 0.7)
    assert "token 'widgets'" in d.explanation
    assert "0.70" in d.explanation
    assert model.calls[-1] == Features("ACME WIDGETS LLC", "Acme Widgets LLC", D("-20"), "chk")
    # Known merchants never reach the model.
    c.categorize(txn("STARBUCKS", "-3"))
    assert len(model.calls) == 1
    # A model answer beats a keyword guess.
    assert c.categorize(txn("JOES PIZZA", "-9")).source is Source.MODEL


def test_unsure_or_abstaining_model_falls_through() -> None:
    unsure = Categorizer(model=FixedModel(Prediction("TRAVEL_FLIGHTS", 0.2)))
    assert unsure.categorize(txn("JOES PIZZA", "-9")).source is Source.KEYWORD
    silent = Categorizer(model=FixedModel(None))
    assert silent.categorize(txn("ACME WIDGETS LLC", "-9")).source is Source.NONE
    with pytest.raises(ValidationError):
        Categorizer(model_min_confidence=1.5)
    with pytest.raises(ValidationError):
        Categorizer(model=FixedModel(Prediction("NOPE", 0.9))).categorize(txn("ACME", "-1"))


@pytest.mark.parametrize(
    ("name", "amount", "expected"),
    [
        ("ONLINE TRANSFER TO SAV XXXXXX1234", "-100", "TRANSFER_OUT_SAVINGS"),
        ("ONLINE TRANSFER FROM CHK 1234", "100", "TRANSFER_IN_ACCOUNT_TRANSFER"),
        ("ONLINE TRANSFER TO CHK 1234", "-100", "TRANSFER_OUT_ACCOUNT_TRANSFER"),
        ("INTEREST PAYMENT", "1.20", "INCOME_INTEREST_EARNED"),
        ("INTEREST CHARGE ON PURCHASES", "-12.00", "BANK_FEES_INTEREST_CHARGE"),
        ("ACH CREDIT GUSTO PAYROLL 123456", "2500", "INCOME_WAGES"),
        ("ATM WITHDRAWAL 1234 MAIN ST", "-60", "TRANSFER_OUT_WITHDRAWAL"),
        ("NON-CHASE ATM FEE", "-3", "BANK_FEES_ATM_FEES"),
        ("OVERDRAFT ITEM FEE", "-35", "BANK_FEES_OVERDRAFT_FEES"),
        ("ONLINE PAYMENT THANK YOU", "250.00", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"),
        ("CHASE CREDIT CRD AUTOPAY", "-250.00", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"),
        ("TST* MARIAS TAQUERIA", "-14", "FOOD_AND_DRINK_FAST_FOOD"),
        ("HARBOR DENTAL GROUP", "-140", "MEDICAL_DENTAL_CARE"),
        ("CITY OF OAKLAND PARKING", "-4", "TRANSPORTATION_PARKING"),
    ],
)
def test_keywords_read_direction(name: str, amount: str, expected: str) -> None:
    d = Categorizer().categorize(txn(name, amount))
    assert (d.source, detailed(d)) == (Source.KEYWORD, expected)
    assert "keyword" in d.explanation


def test_decisions_serialize_for_storage() -> None:
    rule = Rule.from_dict({"id": "r", "when": {}, "then": {"tags": ["b", "a"]}})
    d = Categorizer([rule]).categorize(txn("STARBUCKS STORE 12345", "-3"))
    assert json.loads(json.dumps(d.to_dict())) == {
        "category": "FOOD_AND_DRINK",
        "category_detailed": "FOOD_AND_DRINK_COFFEE",
        "merchant": "Starbucks",
        "merchant_key": "STARBUCKS",
        "source": "merchant",
        "confidence": 0.9,
        "explanation": "known merchant 'Starbucks'",
        "tags": ["a", "b"],
        "rule_ids": ["r"],
    }
    assert Categorizer().categorize(txn("ACME", "-1")).to_dict()["category"] is None


def test_nothing_matched_is_said_plainly() -> None:
    d = Categorizer().categorize(txn("ACME WIDGETS LLC", "-20"))
    assert d.category is None
    assert d.source is Source.NONE
    assert d.confidence == 0.0
    assert d.apply(txn("ACME WIDGETS LLC", "-20")).category is None


def test_builtin_signals_can_be_turned_off() -> None:
    d = Categorizer(builtin=False).categorize(txn("STARBUCKS", "-3"))
    assert d.source is Source.NONE
    assert d.merchant == "Starbucks"


def test_apply_and_provider_merchant_name() -> None:
    original = txn("POS 0412 XYZ*1234", "-15.49", merchant_name="Netflix")
    d = Categorizer().categorize(original)
    updated = d.apply(original)
    assert (updated.category, updated.category_detailed) == (
        "ENTERTAINMENT",
        "ENTERTAINMENT_TV_AND_MOVIES",
    )
    assert updated.merchant_name == "Netflix"
    assert updated.name == original.name
    assert original.category is None


def test_rules_are_fixed_and_swapped_through_with_rules() -> None:
    coffee = Rule.from_dict(
        {
            "id": "c",
            "when": {"description_contains": "acme"},
            "then": {"category": "FOOD_AND_DRINK_COFFEE"},
        }
    )
    plain = Categorizer(model=FixedModel(None), cache_size=10)
    assert plain.categorize(txn("ACME", "-1")).source is Source.NONE
    ruled = plain.with_rules([coffee])
    assert ruled.categorize(txn("ACME", "-1")).source is Source.RULE
    assert ruled.model is plain.model
    assert len(ruled.rules) == 1
    with pytest.raises(AttributeError):
        plain.rules = RuleSet([coffee])  # type: ignore[misc]


def test_categorize_many_passes_mccs_by_transaction_id() -> None:
    items = [
        txn("ACME WIDGETS LLC", "-20"),
        txn("ACME WIDGETS LLC", "-20").model_copy(update={"id": "t2"}),
    ]
    decisions = Categorizer().categorize_many(items, mccs={"t2": "5411"})
    assert [d.source for d in decisions] == [Source.NONE, Source.MCC]


def test_categorize_many_matches_one_by_one_and_cache_is_bounded() -> None:
    items = [txn(f"SHOP {i % 3} PIZZA", f"-{i + 1}") for i in range(10)]
    c = Categorizer(cache_size=2)
    many = c.categorize_many(items)
    assert many == [Categorizer().categorize(t) for t in items]
    assert len(c._cache) <= 2
    c.clear_cache()
    assert not c._cache


def test_mcc_mapping() -> None:
    assert str(category_for_mcc("5411")) == "FOOD_AND_DRINK_GROCERIES"
    assert str(category_for_mcc("0742")) == "MEDICAL_VETERINARY_SERVICES"
    assert str(category_for_mcc(3005)) == "TRAVEL_FLIGHTS"
    assert str(category_for_mcc(3400)) == "TRAVEL_RENTAL_CARS"
    assert str(category_for_mcc(3700)) == "TRAVEL_LODGING"
    assert str(category_for_mcc(5651)) == "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES"
    assert category_for_mcc(1) is None
    assert category_for_mcc(4999) is None
    assert normalize_mcc(" 742") == 742
    for bad in ("12345", "ab", "", -1, 10_000, True, 5.0):
        with pytest.raises(ValidationError):
            normalize_mcc(bad)  # type: ignore[arg-type]


def test_describe_mcc_reads_iso18245() -> None:
    pytest.importorskip("iso18245")
    assert "grocer" in (describe_mcc("5411") or "").lower()
    assert describe_mcc(1) is None


def test_every_mapped_code_is_a_listed_mcc() -> None:
    iso18245 = pytest.importorskip("iso18245")
    from fin_infra.categorization.mcc import _CODES

    missing = []
    for code in _CODES:
        try:
            iso18245.get_mcc(f"{code:04d}")
        except iso18245.MCCNotFound:
            missing.append(code)
    assert missing == []


DESCRIPTORS = st.builds(
    lambda prefix, words, suffix: f"{prefix}{' '.join(words)}{suffix}",
    st.sampled_from(["", "SQ *", "TST* ", "POS DEBIT 0412 ", "PAYPAL *", "CHECKCARD 0101 "]),
    st.lists(
        st.sampled_from(
            ["STARBUCKS", "PIZZA", "TRANSFER", "ACME", "INTEREST", "HARBOR", "DENTAL", "NETFLIX"]
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["", " #1234", " 800-555-0100 CA", " SEATTLE WA", "*2K3L45"]),
)


@given(DESCRIPTORS, st.decimals(min_value=-5000, max_value=5000, places=2))
def test_decisions_are_well_formed_and_independent_of_the_cache(
    descriptor: str, amount: Decimal
) -> None:
    cached = Categorizer()
    first = cached.categorize_fields(descriptor, amount)
    assert cached.categorize_fields(descriptor, amount) == first
    assert Categorizer(cache_size=1).categorize_fields(descriptor, amount) == first
    assert 0.0 <= first.confidence <= 1.0
    assert (first.category is None) == (first.source is Source.NONE)
    assert first.explanation
    assert first.merchant_key == first.merchant_key.upper()
