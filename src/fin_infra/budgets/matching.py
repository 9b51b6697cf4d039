"""Which transactions count against which budget category: refunds, transfers, pending.

The rules, as users of a budgeting app expect them:

- A transaction counts in the category named by its ``category_detailed`` (tried first) or its
  ``category`` (Plaid's taxonomy, e.g. ``FOOD_AND_DRINK_GROCERIES`` / ``FOOD_AND_DRINK``), after
  translation through ``category_map`` when given (``{"FOOD_AND_DRINK_GROCERIES": "Groceries"}``).
- Money out (negative amount) is spending; money in within a budgeted category (positive amount)
  is a **refund** and reduces that category's spending.
- **Transfers** between one's own accounts (``TRANSFER_IN``, ``TRANSFER_OUT``) and credit card
  payments (``LOAN_PAYMENTS_CREDIT_CARD_PAYMENT``) are not spending: the purchases on the card
  already counted. They count only when ``category_map`` names them explicitly (to budget savings
  transfers, say).
- A pending transaction counts until it posts: once a posted transaction names it in
  ``pending_transaction_id``, only the posted one counts. A transaction seen twice counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fin_infra.models import Transaction

__all__ = ["NOT_SPENDING", "budget_category", "effective_transactions", "is_transfer"]

NOT_SPENDING = frozenset({"TRANSFER_IN", "TRANSFER_OUT", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"})
"""Plaid categories (primary or detailed) that move money between one's own accounts."""


def is_transfer(txn: Transaction) -> bool:
    """True when ``txn`` only moves money between one's own accounts (see :data:`NOT_SPENDING`)."""
    return txn.category in NOT_SPENDING or txn.category_detailed in NOT_SPENDING


def budget_category(
    txn: Transaction, categories: Iterable[str], category_map: Mapping[str, str] | None = None
) -> str | None:
    """The budget category ``txn`` counts in, or None when it counts in none.

    >>> import datetime as dt
    >>> from fin_infra.money import D
    >>> t = Transaction(id="t1", account_id="a", amount=D("-42.10"), date=dt.date(2025, 1, 3),
    ...                 name="Whole Foods", category="FOOD_AND_DRINK",
    ...                 category_detailed="FOOD_AND_DRINK_GROCERIES")
    >>> budget_category(t, ["Groceries"], {"FOOD_AND_DRINK_GROCERIES": "Groceries"})
    'Groceries'
    >>> budget_category(t, ["FOOD_AND_DRINK"])
    'FOOD_AND_DRINK'
    """
    names = set(categories)
    keys = [k for k in (txn.category_detailed, txn.category) if k]
    for key in keys:
        mapped = (category_map or {}).get(key)
        if mapped is not None:
            return mapped if mapped in names else None
    if is_transfer(txn):
        return None
    return next((key for key in keys if key in names), None)


def effective_transactions(transactions: Iterable[Transaction]) -> list[Transaction]:
    """``transactions`` once each, without pending ones that have since posted.

    >>> import datetime as dt
    >>> from fin_infra.money import D
    >>> day = dt.date(2025, 1, 3)
    >>> pending = Transaction(id="p", account_id="a", amount=D(-5), date=day, name="x",
    ...                       pending=True)
    >>> posted = Transaction(id="q", account_id="a", amount=D(-5), date=day, name="x",
    ...                      pending_transaction_id="p")
    >>> [t.id for t in effective_transactions([pending, posted, posted])]
    ['q']
    """
    unique = {t.id: t for t in transactions}
    posted_from = {t.pending_transaction_id for t in unique.values() if not t.pending}
    return [t for t in unique.values() if not (t.pending and t.id in posted_from)]
