"""User-editable categorization rules: conditions, actions, priorities, JSON round trip.

A :class:`Rule` says *when* (a :class:`Condition`: every field given must hold) and *then* (an
:class:`Action`: set the category, the merchant name, add tags). A :class:`RuleSet` orders rules
by ``priority`` (higher first; equal priorities keep their given order) and applies them in one of
two documented modes:

``"first"`` (default)
    The first matching rule wins alone; later rules are not looked at.
``"all"``
    Every matching rule applies in order: the category and the merchant come from the first rule
    that sets each of them, tags are the union over all matching rules.

Rules are plain data: :meth:`RuleSet.to_dict` / :meth:`RuleSet.from_dict` (and the JSON twins)
let an application store each user's rules and load them back unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal, cast

from fin_infra.categorization.taxonomy import Category, category
from fin_infra.errors import ValidationError
from fin_infra.money import D

__all__ = [
    "Action",
    "Condition",
    "Direction",
    "MatchMode",
    "Rule",
    "RuleError",
    "RuleOutcome",
    "RuleSet",
]

Direction = Literal["in", "out"]
MatchMode = Literal["first", "all"]
_FORMAT_VERSION: Final = 1


class RuleError(ValidationError):
    """A rule (or a stored rule set) is malformed: unknown field, bad regex, unknown category."""


def _compile(pattern: str | None, what: str) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{what} is not a valid regular expression: {pattern!r} ({exc})") from None


@dataclass(frozen=True, slots=True)
class Condition:
    """When a rule applies; every field that is set must hold (an empty condition always holds).

    Text tests ignore case: ``description_*`` look at the raw bank descriptor, ``merchant_*`` at
    the normalized merchant name. ``amount_min``/``amount_max`` bound the *absolute* amount,
    inclusive; ``direction`` is ``"in"`` (money in, amount > 0) or ``"out"`` (amount < 0).
    """

    description_contains: str | None = None
    description_regex: str | None = None
    merchant_contains: str | None = None
    merchant_regex: str | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    account_ids: frozenset[str] = frozenset()
    direction: Direction | None = None
    _description_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _merchant_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_description_re", _compile(self.description_regex, "description_regex"))
        set_(self, "_merchant_re", _compile(self.merchant_regex, "merchant_regex"))
        for name in ("description_contains", "merchant_contains"):
            value = getattr(self, name)
            if value is not None:
                if not isinstance(value, str) or not value.strip():
                    raise RuleError(f"{name} must be a non-empty string")
                set_(self, name, value.upper())
        for name in ("amount_min", "amount_max"):
            value = getattr(self, name)
            if value is not None:
                try:
                    amount = D(value)
                except ValidationError as exc:
                    raise RuleError(f"{name}: {exc}") from None
                if amount < 0:
                    raise RuleError(f"{name} bounds the absolute amount and must not be negative")
                set_(self, name, amount)
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            raise RuleError("amount_min must not exceed amount_max")
        if self.direction not in (None, "in", "out"):
            raise RuleError(f"direction must be 'in' or 'out', not {self.direction!r}")
        set_(self, "account_ids", frozenset(self.account_ids))

    @property
    def has_text_test(self) -> bool:
        """True if the condition looks at the descriptor or the merchant."""
        return any(
            v is not None
            for v in (
                self.description_contains,
                self.description_regex,
                self.merchant_contains,
                self.merchant_regex,
            )
        )

    def text_matches(self, description: str, merchant: str) -> bool:
        """Whether the text tests hold; ``description`` and ``merchant`` must be upper case."""
        if self.description_contains is not None and self.description_contains not in description:
            return False
        if self.merchant_contains is not None and self.merchant_contains not in merchant:
            return False
        if self._description_re is not None and self._description_re.search(description) is None:
            return False
        return self._merchant_re is None or self._merchant_re.search(merchant) is not None

    def context_matches(self, amount: Decimal, account_id: str | None) -> bool:
        """Whether the amount, direction and account tests hold."""
        if self.direction is not None and (amount > 0) != (self.direction == "in"):
            return False
        if amount == 0 and self.direction is not None:
            return False
        magnitude = abs(amount)
        if self.amount_min is not None and magnitude < self.amount_min:
            return False
        if self.amount_max is not None and magnitude > self.amount_max:
            return False
        return not self.account_ids or account_id in self.account_ids

    def to_dict(self) -> dict[str, Any]:
        """The condition as JSON-ready data (amounts as strings), omitting unset fields."""
        out: dict[str, Any] = {}
        for name in (
            "description_contains",
            "description_regex",
            "merchant_contains",
            "merchant_regex",
            "direction",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        for name in ("amount_min", "amount_max"):
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value)
        if self.account_ids:
            out["account_ids"] = sorted(self.account_ids)
        return out


@dataclass(frozen=True, slots=True)
class Action:
    """What a matching rule does: set a detailed ``category``, a ``merchant`` name, add ``tags``."""

    category: str | None = None
    merchant: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.category is not None:
            try:
                category(self.category)
            except ValidationError as exc:
                raise RuleError(str(exc)) from None
        if self.merchant is not None and not self.merchant.strip():
            raise RuleError("merchant must be a non-empty name")
        if isinstance(self.tags, str) or not all(isinstance(t, str) and t for t in self.tags):
            raise RuleError("tags must be a list of non-empty strings")
        object.__setattr__(self, "tags", tuple(dict.fromkeys(self.tags)))
        if self.category is None and self.merchant is None and not self.tags:
            raise RuleError("an action must set a category, a merchant or tags")

    def to_dict(self) -> dict[str, Any]:
        """The action as JSON-ready data, omitting unset fields."""
        out: dict[str, Any] = {}
        if self.category is not None:
            out["category"] = self.category
        if self.merchant is not None:
            out["merchant"] = self.merchant
        if self.tags:
            out["tags"] = list(self.tags)
        return out


def _only(data: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    if not isinstance(data, Mapping):
        raise RuleError(f"{what} must be an object, not {type(data).__name__}")
    unknown = set(data) - allowed
    if unknown:
        raise RuleError(f"unknown {what} field(s): {', '.join(sorted(unknown))}")


_CONDITION_FIELDS: Final = frozenset(
    {
        "description_contains",
        "description_regex",
        "merchant_contains",
        "merchant_regex",
        "amount_min",
        "amount_max",
        "account_ids",
        "direction",
    }
)
_RULE_FIELDS: Final = frozenset({"id", "name", "priority", "enabled", "when", "then"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One user rule: an ``id`` (stable, for explanations), a condition, an action, a priority."""

    id: str
    when: Condition
    then: Action
    priority: int = 0
    name: str = ""
    enabled: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise RuleError("a rule needs a non-empty string id")
        if isinstance(self.priority, bool) or not isinstance(self.priority, int):
            raise RuleError(f"rule {self.id!r}: priority must be an integer")
        if not isinstance(self.enabled, bool):
            raise RuleError(f"rule {self.id!r}: enabled must be true or false")

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-ready data."""
        out: dict[str, Any] = {"id": self.id}
        if self.name:
            out["name"] = self.name
        out["priority"] = self.priority
        if not self.enabled:
            out["enabled"] = False
        out["when"] = self.when.to_dict()
        out["then"] = self.then.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        """Build a rule from :meth:`to_dict` output; ``RuleError`` names what is wrong."""
        _only(data, _RULE_FIELDS, "rule")
        rule_id = data.get("id")
        where = f"rule {rule_id!r}"
        when = data.get("when", {})
        then = data.get("then", {})
        _only(when, _CONDITION_FIELDS, f"{where} condition")
        _only(then, frozenset({"category", "merchant", "tags"}), f"{where} action")
        tags = then.get("tags", ())
        if not isinstance(tags, list | tuple):
            raise RuleError(f"{where}: tags must be a list of strings")
        try:
            condition = Condition(
                **{k: v for k, v in when.items() if k != "account_ids"},
                account_ids=frozenset(when.get("account_ids", ())),
            )
            action = Action(
                category=then.get("category"),
                merchant=then.get("merchant"),
                tags=tuple(tags),
            )
        except RuleError as exc:
            raise RuleError(f"{where}: {exc}") from None
        except TypeError as exc:
            raise RuleError(f"{where}: {exc}") from None
        return cls(
            id=cast(str, rule_id),
            when=condition,
            then=action,
            priority=data.get("priority", 0),
            name=data.get("name", ""),
            enabled=data.get("enabled", True),
        )


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """What the matching rules decided; ``rule_ids`` lists the rules that applied, in order."""

    category: Category | None
    category_rule: str | None
    merchant: str | None
    tags: frozenset[str]
    rule_ids: tuple[str, ...]


class RuleSet:
    """An ordered, immutable collection of rules applied with ``mode`` ``"first"`` or ``"all"``."""

    __slots__ = ("_rules", "mode")

    def __init__(self, rules: Iterable[Rule] = (), *, mode: MatchMode = "first") -> None:
        if mode not in ("first", "all"):
            raise RuleError(f"mode must be 'first' or 'all', not {mode!r}")
        given = list(rules)
        seen: set[str] = set()
        for rule in given:
            if rule.id in seen:
                raise RuleError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        # sorted() is stable, so equal priorities keep the order they were given in.
        self._rules: tuple[Rule, ...] = tuple(sorted(given, key=lambda r: -r.priority))
        self.mode: MatchMode = mode

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule (disabled ones too) in evaluation order, highest priority first."""
        return self._rules

    def __len__(self) -> int:
        return len(self._rules)

    def text_candidates(self, description: str, merchant: str) -> tuple[int, ...]:
        """Indices of rules whose text tests hold (upper-case inputs); cacheable per descriptor."""
        return tuple(
            i
            for i, rule in enumerate(self._rules)
            if rule.enabled
            and (not rule.when.has_text_test or rule.when.text_matches(description, merchant))
        )

    def resolve(
        self, candidates: Sequence[int], amount: Decimal, account_id: str | None
    ) -> RuleOutcome | None:
        """Apply the candidate rules whose amount/account tests also hold, per ``mode``."""
        if not candidates:
            return None
        chosen: Category | None = None
        chosen_by: str | None = None
        merchant: str | None = None
        tags: set[str] = set()
        applied: list[str] = []
        for i in candidates:
            rule = self._rules[i]
            if not rule.when.context_matches(amount, account_id):
                continue
            applied.append(rule.id)
            action = rule.then
            if chosen is None and action.category is not None:
                chosen, chosen_by = category(action.category), rule.id
            if merchant is None and action.merchant is not None:
                merchant = action.merchant
            tags.update(action.tags)
            if self.mode == "first":
                break
        if not applied:
            return None
        return RuleOutcome(chosen, chosen_by, merchant, frozenset(tags), tuple(applied))

    def evaluate(
        self,
        description: str,
        merchant: str,
        amount: Decimal,
        account_id: str | None = None,
    ) -> RuleOutcome | None:
        """Apply the rules to one transaction's fields (case is ignored)."""
        candidates = self.text_candidates(description.upper(), merchant.upper())
        return self.resolve(candidates, amount, account_id)

    def to_dict(self) -> dict[str, Any]:
        """The rule set as JSON-ready data (a version, the mode, the rules in order)."""
        return {
            "version": _FORMAT_VERSION,
            "mode": self.mode,
            "rules": [r.to_dict() for r in self._rules],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Load a rule set saved by :meth:`to_dict`."""
        _only(data, frozenset({"version", "mode", "rules"}), "rule set")
        if data.get("version", _FORMAT_VERSION) != _FORMAT_VERSION:
            raise RuleError(f"unsupported rule set version {data.get('version')!r}")
        rules = data.get("rules", [])
        if not isinstance(rules, list):
            raise RuleError("rules must be a list")
        return cls((Rule.from_dict(r) for r in rules), mode=data.get("mode", "first"))

    def to_json(self) -> str:
        """The rule set as a JSON string."""
        return json.dumps(self.to_dict(), sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> RuleSet:
        """Load a rule set from :meth:`to_json` output."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RuleError(f"rule set is not valid JSON: {exc}") from None
        return cls.from_dict(data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return self.mode == other.mode and self._rules == other._rules

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RuleSet({len(self._rules)} rules, mode={self.mode!r})"
