"""The US wash-sale rule (IRC section 1091) as a replacement rule for the lot ledger.

A loss on a sale is disallowed when substantially identical securities are bought within 30 days
before or after the sale, in any account of the same owner (so feed one owner's accounts to one
ledger). Sold units are matched with replacement units in the order the replacements were
acquired; the disallowed loss is added to the replacement lot's basis and the sold units' holding
period is tacked on to it (IRS Publication 550, "Wash Sales"). Units of the same purchase as the
sold units are not replacements for them, and a unit replaces at most one sold unit.

What counts as substantially identical is the owner's call: by default only the same
(normalized) symbol; ``identical`` groups more (e.g. two share classes of one fund). Accounts in
``tax_deferred_accounts`` (IRAs) realize no deductible losses, and a replacement bought there
disallows the loss without adding it to any basis (Rev. Rul. 2008-5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fin_infra.errors import ValidationError
from fin_infra.investments import InvestmentTransaction, Ledger, Method, build_ledger
from fin_infra.normalization import SymbolError, normalize_symbol

__all__ = ["WashSaleRule", "wash_sale_ledger"]


def _canonical(symbol: str) -> str:
    try:
        return normalize_symbol(symbol)
    except SymbolError:  # a CUSIP, an internal id...: compare as given
        return symbol


@dataclass(frozen=True, slots=True)
class WashSaleRule:
    """Window and substantially-identical groups of the wash-sale rule.

    >>> rule = WashSaleRule.from_groups([["VFIAX", "VOO"]])
    >>> rule.group("voo") == rule.group("VFIAX"), rule.group("brk-b")
    (True, 'BRK.B')
    """

    window_days: int = 30
    identical: Mapping[str, str] = field(default_factory=dict)
    tax_deferred_accounts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.window_days < 0:
            raise ValidationError("the wash-sale window must not be negative")

    @classmethod
    def from_groups(
        cls,
        groups: Iterable[Iterable[str]],
        window_days: int = 30,
        tax_deferred_accounts: Iterable[str] = (),
    ) -> WashSaleRule:
        """A rule where the symbols of each group are substantially identical to each other."""
        identical: dict[str, str] = {}
        for group in groups:
            members = sorted({_canonical(s) for s in group})
            for member in members:
                if member in identical:
                    raise ValidationError(f"{member} is in two substantially identical groups")
                identical[member] = members[0]
        return cls(window_days, identical, frozenset(tax_deferred_accounts))

    def tax_deferred(self, account_id: str) -> bool:
        """True for the accounts named in ``tax_deferred_accounts`` (IRAs, 401(k)s...)."""
        return account_id in self.tax_deferred_accounts

    def group(self, symbol: str) -> str:
        """The key shared by all symbols substantially identical to ``symbol``."""
        canonical = _canonical(symbol)
        return self.identical.get(canonical, canonical)


def wash_sale_ledger(
    transactions: Iterable[InvestmentTransaction],
    method: Method | str = Method.FIFO,
    rule: WashSaleRule | None = None,
) -> Ledger:
    """Build the ledger with wash sales applied (:class:`WashSaleRule` defaults when no rule)."""
    return build_ledger(transactions, method, replacement_rule=rule or WashSaleRule())
