"""The bundled learned model (naive Bayes over merchant words) through the model hook."""

from __future__ import annotations

import json

import pytest

from fin_infra.categorization import (
    Categorizer,
    Features,
    Source,
    WordModel,
)
from fin_infra.errors import ValidationError
from fin_infra.money import D

TRAINING = [
    ("HARPER'S OSTERIA", "FOOD_AND_DRINK_RESTAURANT"),
    ("SQ *MAPLE OSTERIA OAKLAND CA", "FOOD_AND_DRINK_RESTAURANT"),
    ("TST* ROSSI TAPROOM #4", "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR"),
    ("NORTHSIDE TAPROOM", "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR"),
    ("NORTHSIDE SMILE CENTER", "MEDICAL_DENTAL_CARE"),
]


def features(description: str) -> Features:
    return Features(description, description.title(), D("-10"))


def test_learns_words_it_was_shown() -> None:
    model = WordModel().fit(TRAINING)
    guess = model.predict(features("POS DEBIT 0412 LUNA OSTERIA 00123 SEATTLE WA"))
    assert guess is not None
    assert guess.category == "FOOD_AND_DRINK_RESTAURANT"
    assert 0.5 < guess.confidence <= 1.0
    assert "OSTERIA" in guess.reason
    assert model.predict(features("ACME WIDGETS")) is None


def test_shared_words_are_weighed_by_the_others() -> None:
    model = WordModel().fit(TRAINING)
    guess = model.predict(features("NORTHSIDE TAPROOM GRILL"))
    assert guess is not None
    assert guess.category == "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR"
    mixed = model.predict(features("NORTHSIDE"))
    assert mixed is not None
    assert mixed.confidence < guess.confidence


def test_plugs_into_the_categorizer_after_rules_and_before_keywords() -> None:
    categorizer = Categorizer(model=WordModel().fit(TRAINING))
    learned = categorizer.categorize_fields("SQ *LUNA OSTERIA", D("-40"))
    assert learned.source is Source.MODEL
    assert learned.category is not None
    assert learned.category.detailed == "FOOD_AND_DRINK_RESTAURANT"
    assert categorizer.categorize_fields("STARBUCKS #123", D("-4")).source is Source.MERCHANT


def test_corrections_update_the_model_and_it_round_trips() -> None:
    model = WordModel().fit(TRAINING)
    model.update("ROSSI TAPROOM", "FOOD_AND_DRINK_RESTAURANT")
    saved = json.loads(json.dumps(model.to_dict()))
    loaded = WordModel.from_dict(saved)
    for text in ("ROSSI TAPROOM", "LUNA OSTERIA", "NORTHSIDE", "SMILE"):
        assert loaded.predict(features(text)) == model.predict(features(text))


def test_direction_is_learned_when_amounts_are_given() -> None:
    model = WordModel().fit(
        [
            ("INTEREST PAYMENT", "INCOME_INTEREST_EARNED", D("1.20")),
            ("INTEREST CHARGE", "BANK_FEES_INTEREST_CHARGE", D("-12.00")),
            ("INTEREST PAID", "INCOME_INTEREST_EARNED", D("0.40")),
        ]
    )
    charge = model.predict(Features("INTEREST ON PURCHASES", "x", D("-3")))
    earned = model.predict(Features("INTEREST ON PURCHASES", "x", D("3")))
    assert charge is not None
    assert earned is not None
    assert (charge.category, earned.category) == (
        "BANK_FEES_INTEREST_CHARGE",
        "INCOME_INTEREST_EARNED",
    )
    assert model.predict(Features("UNSEEN WORDS", "x", D("3"))) is None


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValidationError):
        WordModel(alpha=0)
    with pytest.raises(ValidationError):
        WordModel().update("X", "NOT_A_CATEGORY")
