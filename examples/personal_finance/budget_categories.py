"""The user's budget categories: Plaid detailed categories grouped under friendly names.

Budgets name categories the way people think ("Groceries"); transactions carry the taxonomy.
This map (``category_map`` of :func:`fin_infra.budgets.budget_progress`) joins the two; an app
would store one per user and let them edit it.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BUDGET_CATEGORIES"]

BUDGET_CATEGORIES: Final[dict[str, str]] = {
    "FOOD_AND_DRINK_GROCERIES": "Groceries",
    "FOOD_AND_DRINK_RESTAURANT": "Eating out",
    "FOOD_AND_DRINK_FAST_FOOD": "Eating out",
    "FOOD_AND_DRINK_COFFEE": "Coffee",
    "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES": "Shopping",
    "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE": "Shopping",
    "TRANSPORTATION_GAS": "Transport",
    "TRANSPORTATION_PUBLIC_TRANSIT": "Transport",
    "RENT_AND_UTILITIES_RENT": "Housing",
    "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY": "Utilities",
    "RENT_AND_UTILITIES_INTERNET_AND_CABLE": "Utilities",
    "ENTERTAINMENT_TV_AND_MOVIES": "Subscriptions",
    "ENTERTAINMENT_MUSIC_AND_AUDIO": "Subscriptions",
}
"""Detailed category -> budget category name."""
