"""The categorizer: rules first, then built-in signals, every decision with its explanation.

For each transaction :class:`Categorizer` asks, in this order, and stops at the first answer:

1. the user's :class:`~fin_infra.categorization.rules.RuleSet` (confidence 1.0);
2. the built-in merchant directory, when the normalized merchant is a known brand (0.9);
3. the merchant category code, when the caller passes one (0.8);
4. the pluggable model, when its confidence reaches ``model_min_confidence``;
5. category keywords in the merchant name, then in the raw descriptor (0.6).

A rule that sets only a merchant or tags does not stop the category search. Text work (merchant
normalization, rule text tests, directory and keyword lookups) is cached per descriptor, so a
ledger of repeated descriptors costs one dictionary lookup per transaction after the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Protocol

from fin_infra.categorization._directory import (
    KEYWORDS,
    KEYWORDS_BY_DIRECTION,
    MERCHANTS,
    WEAK_KEYWORDS,
)
from fin_infra.categorization.mcc import category_for_mcc, normalize_mcc
from fin_infra.categorization.merchants import Merchant, merchant_key, normalize_merchant
from fin_infra.categorization.rules import Rule, RuleSet
from fin_infra.categorization.taxonomy import Category, category
from fin_infra.errors import ValidationError

if TYPE_CHECKING:
    from fin_infra.models import Transaction

__all__ = ["Categorizer", "CategoryModel", "Decision", "Features", "Prediction", "Source"]

MERCHANT_CONFIDENCE: Final = 0.9
MCC_CONFIDENCE: Final = 0.8
KEYWORD_CONFIDENCE: Final = 0.6


class Source(StrEnum):
    """Which signal chose the category."""

    RULE = "rule"
    MERCHANT = "merchant"
    MCC = "mcc"
    MODEL = "model"
    KEYWORD = "keyword"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Features:
    """What a learned model sees of one transaction."""

    description: str
    merchant: str
    amount: Decimal
    account_id: str | None = None
    mcc: int | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """A model's answer: a detailed category, its confidence in [0, 1], and a short reason."""

    category: str
    confidence: float
    reason: str = ""


class CategoryModel(Protocol):
    """The hook for learned categorizers: anything with this ``predict`` method plugs in."""

    def predict(self, features: Features) -> Prediction | None:
        """Return a prediction, or ``None`` to abstain."""
        ...


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one transaction and why.

    ``category`` is ``None`` when nothing matched (``source`` is then ``Source.NONE``).
    ``explanation`` is a human sentence; ``rule_ids`` lists every user rule that applied.
    """

    category: Category | None
    merchant: str
    merchant_key: str
    source: Source
    confidence: float
    explanation: str
    tags: frozenset[str] = frozenset()
    rule_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The decision as JSON-ready data, e.g. to store the explanation beside the transaction."""
        return {
            "category": None if self.category is None else self.category.primary,
            "category_detailed": None if self.category is None else self.category.detailed,
            "merchant": self.merchant,
            "merchant_key": self.merchant_key,
            "source": self.source.value,
            "confidence": self.confidence,
            "explanation": self.explanation,
            "tags": sorted(self.tags),
            "rule_ids": list(self.rule_ids),
        }

    def apply(self, transaction: Transaction) -> Transaction:
        """A copy of ``transaction`` carrying this decision's category and merchant name."""
        update: dict[str, object] = {"merchant_name": self.merchant}
        if self.category is not None:
            update["category"] = self.category.primary
            update["category_detailed"] = self.category.detailed
        return transaction.model_copy(update=update)


@dataclass(frozen=True, slots=True)
class _Text:
    """Everything about a descriptor that does not depend on amount or account."""

    merchant: Merchant
    candidates: tuple[int, ...]
    known: Category | None
    keyword: str | None
    keyword_category: Category | None
    keyword_by_direction: tuple[Category, Category] | None


def _keyword_index() -> dict[str, int]:
    """The longest keyword phrase (in words) starting with each first word."""
    index: dict[str, int] = {}
    for phrase in (*KEYWORDS, *KEYWORDS_BY_DIRECTION):
        first, *rest = phrase.split()
        index[first] = max(index.get(first, 0), 1 + len(rest))
    return index


_KEYWORD_FIRST_WORDS: Final = _keyword_index()


def _keyword(words: Sequence[str]) -> tuple[str, str | None, tuple[str, str] | None] | None:
    """The best keyword phrase in ``words``: strong before weak, then longest, then rightmost."""
    best: tuple[bool, int, int, str] | None = None
    for i, word in enumerate(words):
        longest = _KEYWORD_FIRST_WORDS.get(word, 0)
        for n in range(min(longest, len(words) - i), 0, -1):
            phrase = word if n == 1 else " ".join(words[i : i + n])
            if phrase in KEYWORDS or phrase in KEYWORDS_BY_DIRECTION:
                rank = (phrase not in WEAK_KEYWORDS, n, i, phrase)
                if best is None or rank > best:
                    best = rank
    if best is None:
        return None
    phrase = best[3]
    return phrase, KEYWORDS.get(phrase), KEYWORDS_BY_DIRECTION.get(phrase)


class Categorizer:
    """Categorize transactions with user rules, built-in knowledge and an optional model.

    ``rules`` are fixed for the categorizer's life (use :meth:`with_rules` for new ones);
    ``model`` is consulted only when rules, directory and MCC are silent, and trusted from
    ``model_min_confidence``; ``builtin=False`` turns the directory and keywords off (rules,
    MCC and model remain); ``cache_size`` bounds the per-descriptor cache, emptied when full.

    >>> from fin_infra.categorization import Categorizer
    >>> from fin_infra.money import D
    >>> decision = Categorizer().categorize_fields("SQ *BLUE BOTTLE 1234 OAKLAND CA", D("-5.50"))
    >>> decision.category.detailed, decision.merchant, decision.source.value
    ('FOOD_AND_DRINK_COFFEE', 'Blue Bottle Coffee', 'merchant')
    """

    def __init__(
        self,
        rules: RuleSet | Iterable[Rule] = (),
        *,
        model: CategoryModel | None = None,
        model_min_confidence: float = 0.5,
        builtin: bool = True,
        cache_size: int = 200_000,
    ) -> None:
        if not 0.0 <= model_min_confidence <= 1.0:
            raise ValidationError("model_min_confidence must be within [0, 1]")
        self._rules = rules if isinstance(rules, RuleSet) else RuleSet(rules)
        self.model = model
        self.model_min_confidence = model_min_confidence
        self._builtin = builtin
        self._cache: dict[str, _Text] = {}
        self._cache_size = cache_size

    @property
    def rules(self) -> RuleSet:
        """The user rules (fixed for the categorizer's life: text tests are cached)."""
        return self._rules

    def with_rules(self, rules: RuleSet | Iterable[Rule]) -> Categorizer:
        """A new categorizer with other rules and the same model and settings."""
        return Categorizer(
            rules,
            model=self.model,
            model_min_confidence=self.model_min_confidence,
            builtin=self._builtin,
            cache_size=self._cache_size,
        )

    def _text(self, description: str, merchant_hint: str | None) -> _Text:
        source = merchant_hint or description
        key = description if merchant_hint is None else f"{description}\x00{merchant_hint}"
        facts = self._cache.get(key)
        if facts is not None:
            return facts
        merchant = normalize_merchant(source)
        upper = description.upper()
        candidates = self._rules.text_candidates(upper, merchant.name.upper())
        known = keyword = keyword_category = by_direction = None
        if self._builtin:
            if merchant.known:
                known = category(MERCHANTS[merchant.name])
            found = _keyword(merchant.key.split()) or _keyword(merchant_key(upper).split())
            if found is not None:
                keyword, fixed, pair = found
                keyword_category = category(fixed) if fixed is not None else None
                if pair is not None:
                    by_direction = (category(pair[0]), category(pair[1]))
        facts = _Text(merchant, candidates, known, keyword, keyword_category, by_direction)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[key] = facts
        return facts

    def categorize_fields(
        self,
        description: str,
        amount: Decimal,
        *,
        account_id: str | None = None,
        merchant_name: str | None = None,
        mcc: str | int | None = None,
    ) -> Decision:
        """Categorize from raw fields (``amount`` positive = money in, negative = money out)."""
        facts = self._text(description, merchant_name)
        merchant = facts.merchant
        outcome = self._rules.resolve(facts.candidates, amount, account_id)
        name = (outcome.merchant if outcome else None) or merchant.name
        tags = outcome.tags if outcome else frozenset[str]()
        rule_ids = outcome.rule_ids if outcome else ()

        def decide(found: Category | None, source: Source, confidence: float, why: str) -> Decision:
            return Decision(found, name, merchant.key, source, confidence, why, tags, rule_ids)

        if outcome is not None and outcome.category is not None:
            return decide(
                outcome.category,
                Source.RULE,
                1.0,
                f"rule {outcome.category_rule!r} set the category",
            )
        if facts.known is not None:
            return decide(
                facts.known,
                Source.MERCHANT,
                MERCHANT_CONFIDENCE,
                f"known merchant {merchant.name!r}",
            )
        code = None if mcc is None else normalize_mcc(mcc)
        if code is not None:
            found = category_for_mcc(code)
            if found is not None:
                return decide(
                    found, Source.MCC, MCC_CONFIDENCE, f"merchant category code {code:04d}"
                )
        if self.model is not None:
            guess = self.model.predict(Features(description, name, amount, account_id, code))
            if guess is not None and guess.confidence >= self.model_min_confidence:
                why = f"model predicted {guess.category} with confidence {guess.confidence:.2f}"
                if guess.reason:
                    why += f": {guess.reason}"
                return decide(category(guess.category), Source.MODEL, guess.confidence, why)
        chosen = facts.keyword_category
        if facts.keyword_by_direction is not None and amount != 0:
            chosen = facts.keyword_by_direction[0 if amount > 0 else 1]
        if chosen is not None:
            why = f"keyword {facts.keyword!r} in the descriptor"
            return decide(chosen, Source.KEYWORD, KEYWORD_CONFIDENCE, why)
        return decide(None, Source.NONE, 0.0, "no rule or signal matched")

    def categorize(self, transaction: Transaction, *, mcc: str | int | None = None) -> Decision:
        """Categorize one :class:`~fin_infra.models.Transaction`."""
        return self.categorize_fields(
            transaction.name,
            transaction.amount,
            account_id=transaction.account_id,
            merchant_name=transaction.merchant_name,
            mcc=mcc,
        )

    def categorize_many(
        self,
        transactions: Iterable[Transaction],
        *,
        mccs: Mapping[str, str | int] | None = None,
    ) -> list[Decision]:
        """Categorize many transactions, in order; ``mccs`` maps transaction ids to their MCC."""
        fields = self.categorize_fields
        codes = mccs or {}
        return [
            fields(
                t.name,
                t.amount,
                account_id=t.account_id,
                merchant_name=t.merchant_name,
                mcc=codes.get(t.id),
            )
            for t in transactions
        ]

    def clear_cache(self) -> None:
        """Forget cached descriptor facts (needed only to bound memory by hand)."""
        self._cache.clear()
