"""A small learned categorizer for the model hook: naive Bayes over merchant words.

:class:`WordModel` learns from labelled transactions (a user's corrections, or history an
aggregator already categorized) and plugs into :class:`~fin_infra.categorization.Categorizer`
as ``model=``. It is a reference implementation of :class:`CategoryModel`: any object with the
same ``predict`` method (a gradient-boosted model, an API call) plugs in the same way.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from fin_infra.categorization.engine import Features, Prediction
from fin_infra.categorization.merchants import normalize_merchant
from fin_infra.categorization.taxonomy import category
from fin_infra.errors import ValidationError

__all__ = ["WordModel"]


def _words(description: str, amount: Decimal | None) -> list[str]:
    """The merchant's words (location, store numbers, ids removed) and a direction marker.

    The marker (``<in>``/``<out>``) lets the model tell interest earned from interest charged.
    """
    words = [w for w in normalize_merchant(description).key.split() if not w.isdigit()]
    if amount is not None and amount != 0:
        words.append("<in>" if amount > 0 else "<out>")
    return words


class WordModel:
    """Multinomial naive Bayes over the words of the normalized merchant name.

    ``alpha`` is the additive smoothing. The confidence of a prediction is its posterior
    probability among the categories any of the words was seen with.

    >>> from fin_infra.money import D
    >>> model = WordModel().fit([("HARPER'S OSTERIA", "FOOD_AND_DRINK_RESTAURANT")])
    >>> model.predict(Features("SQ *LUNA OSTERIA", "Luna Osteria", D("-30"))).category
    'FOOD_AND_DRINK_RESTAURANT'
    """

    def __init__(self, *, alpha: float = 0.5) -> None:
        if alpha <= 0:
            raise ValidationError("alpha must be positive")
        self.alpha = alpha
        self._word_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self._category_words: Counter[str] = Counter()
        self._category_docs: Counter[str] = Counter()

    def update(self, description: str, detailed: str, amount: Decimal | None = None) -> None:
        """Learn one labelled example (e.g. a user's correction); ``amount`` adds its direction."""
        category(detailed)  # refuse unknown categories early
        self._category_docs[detailed] += 1
        for word in _words(description, amount):
            self._word_counts[word][detailed] += 1
            self._category_words[detailed] += 1

    def fit(self, examples: Iterable[tuple[str, str] | tuple[str, str, Decimal]]) -> WordModel:
        """Learn ``(description, detailed category[, amount])`` examples; returns ``self``."""
        for example in examples:
            self.update(*example)
        return self

    def predict(self, features: Features) -> Prediction | None:
        """The most probable category, or ``None`` when no word has been seen before."""
        known = _words(features.description, features.amount)
        words = [w for w in known if w in self._word_counts]
        if not any(not w.startswith("<") for w in words):
            return None
        candidates = set().union(*(self._word_counts[w] for w in words))
        vocabulary = len(self._word_counts)
        documents = sum(self._category_docs.values())
        scores = {}
        for name in candidates:
            total = self._category_words[name] + self.alpha * vocabulary
            score = math.log(self._category_docs[name] / documents)
            for w in words:
                score += math.log((self._word_counts[w][name] + self.alpha) / total)
            scores[name] = score
        best = max(scores, key=lambda c: (scores[c], c))
        top = scores[best]
        posterior = 1.0 / sum(math.exp(s - top) for s in scores.values())
        clues = ", ".join(w for w in words if not w.startswith("<"))
        return Prediction(best, round(posterior, 4), f"learned from words {clues}")

    def to_dict(self) -> dict[str, Any]:
        """The learned counts as JSON-ready data."""
        return {
            "alpha": self.alpha,
            "words": {w: dict(c) for w, c in sorted(self._word_counts.items())},
            "documents": dict(self._category_docs),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WordModel:
        """Rebuild a model saved with :meth:`to_dict`."""
        model = cls(alpha=float(data["alpha"]))
        for word, counts in data["words"].items():
            for name, count in counts.items():
                category(name)
                model._word_counts[word][name] += int(count)
                model._category_words[name] += int(count)
        model._category_docs.update({k: int(v) for k, v in data["documents"].items()})
        return model
