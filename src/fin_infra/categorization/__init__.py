"""Transaction intelligence: merchant names and categories users can trust and correct.

- :func:`normalize_merchant` turns a raw bank descriptor into a clean merchant name;
- the taxonomy follows Plaid's personal finance categories (:data:`PRIMARY`, :data:`DETAILED`);
- :class:`RuleSet` holds user-editable, JSON-serializable rules;
- :func:`category_for_mcc` maps card merchant category codes;
- :class:`Categorizer` combines them (plus an optional learned :class:`CategoryModel`, such as
  the bundled :class:`WordModel`) and explains every :class:`Decision`.

Not imported by ``import fin_infra``: import this package when you need it.
"""

from __future__ import annotations

from fin_infra.categorization.engine import (
    Categorizer,
    CategoryModel,
    Decision,
    Features,
    Prediction,
    Source,
)
from fin_infra.categorization.learn import WordModel
from fin_infra.categorization.mcc import category_for_mcc, describe_mcc, normalize_mcc
from fin_infra.categorization.merchants import Merchant, merchant_key, normalize_merchant
from fin_infra.categorization.rules import (
    Action,
    Condition,
    Direction,
    MatchMode,
    Rule,
    RuleError,
    RuleOutcome,
    RuleSet,
)
from fin_infra.categorization.taxonomy import (
    DETAILED,
    PRIMARY,
    Category,
    category,
    is_detailed,
    is_primary,
)

__all__ = [
    "DETAILED",
    "PRIMARY",
    "Action",
    "Categorizer",
    "Category",
    "CategoryModel",
    "Condition",
    "Decision",
    "Direction",
    "Features",
    "MatchMode",
    "Merchant",
    "Prediction",
    "Rule",
    "RuleError",
    "RuleOutcome",
    "RuleSet",
    "Source",
    "WordModel",
    "category",
    "category_for_mcc",
    "describe_mcc",
    "is_detailed",
    "is_primary",
    "merchant_key",
    "normalize_mcc",
    "normalize_merchant",
]
