"""The category taxonomy: Plaid's personal finance categories (version 1), primary and detailed.

Every detailed identifier starts with its primary identifier (``FOOD_AND_DRINK_GROCERIES`` sits
under ``FOOD_AND_DRINK``), so the pair is stored on transactions as ``category`` and
``category_detailed`` exactly as Plaid sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from fin_infra.errors import ValidationError

__all__ = ["DETAILED", "PRIMARY", "Category", "category", "is_detailed", "is_primary"]

_TREE: Final[dict[str, tuple[str, ...]]] = {
    "INCOME": (
        "DIVIDENDS",
        "INTEREST_EARNED",
        "RETIREMENT_PENSION",
        "TAX_REFUND",
        "UNEMPLOYMENT",
        "WAGES",
        "OTHER_INCOME",
    ),
    "TRANSFER_IN": (
        "CASH_ADVANCES_AND_LOANS",
        "DEPOSIT",
        "INVESTMENT_AND_RETIREMENT_FUNDS",
        "SAVINGS",
        "ACCOUNT_TRANSFER",
        "OTHER_TRANSFER_IN",
    ),
    "TRANSFER_OUT": (
        "INVESTMENT_AND_RETIREMENT_FUNDS",
        "SAVINGS",
        "WITHDRAWAL",
        "ACCOUNT_TRANSFER",
        "OTHER_TRANSFER_OUT",
    ),
    "LOAN_PAYMENTS": (
        "CAR_PAYMENT",
        "CREDIT_CARD_PAYMENT",
        "PERSONAL_LOAN_PAYMENT",
        "MORTGAGE_PAYMENT",
        "STUDENT_LOAN_PAYMENT",
        "OTHER_PAYMENT",
    ),
    "BANK_FEES": (
        "ATM_FEES",
        "FOREIGN_TRANSACTION_FEES",
        "INSUFFICIENT_FUNDS",
        "INTEREST_CHARGE",
        "OVERDRAFT_FEES",
        "OTHER_BANK_FEES",
    ),
    "ENTERTAINMENT": (
        "CASINOS_AND_GAMBLING",
        "MUSIC_AND_AUDIO",
        "SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS",
        "TV_AND_MOVIES",
        "VIDEO_GAMES",
        "OTHER_ENTERTAINMENT",
    ),
    "FOOD_AND_DRINK": (
        "BEER_WINE_AND_LIQUOR",
        "COFFEE",
        "FAST_FOOD",
        "GROCERIES",
        "RESTAURANT",
        "VENDING_MACHINES",
        "OTHER_FOOD_AND_DRINK",
    ),
    "GENERAL_MERCHANDISE": (
        "BOOKSTORES_AND_NEWSSTANDS",
        "CLOTHING_AND_ACCESSORIES",
        "CONVENIENCE_STORES",
        "DEPARTMENT_STORES",
        "DISCOUNT_STORES",
        "ELECTRONICS",
        "GIFTS_AND_NOVELTIES",
        "OFFICE_SUPPLIES",
        "ONLINE_MARKETPLACES",
        "PET_SUPPLIES",
        "SPORTING_GOODS",
        "SUPERSTORES",
        "TOBACCO_AND_VAPE",
        "OTHER_GENERAL_MERCHANDISE",
    ),
    "HOME_IMPROVEMENT": (
        "FURNITURE",
        "HARDWARE",
        "REPAIR_AND_MAINTENANCE",
        "SECURITY",
        "OTHER_HOME_IMPROVEMENT",
    ),
    "MEDICAL": (
        "DENTAL_CARE",
        "EYE_CARE",
        "NURSING_CARE",
        "PHARMACIES_AND_SUPPLEMENTS",
        "PRIMARY_CARE",
        "VETERINARY_SERVICES",
        "OTHER_MEDICAL",
    ),
    "PERSONAL_CARE": (
        "GYMS_AND_FITNESS_CENTERS",
        "HAIR_AND_BEAUTY",
        "LAUNDRY_AND_DRY_CLEANING",
        "OTHER_PERSONAL_CARE",
    ),
    "GENERAL_SERVICES": (
        "ACCOUNTING_AND_FINANCIAL_PLANNING",
        "AUTOMOTIVE",
        "CHILDCARE",
        "CONSULTING_AND_LEGAL",
        "EDUCATION",
        "INSURANCE",
        "POSTAGE_AND_SHIPPING",
        "STORAGE",
        "OTHER_GENERAL_SERVICES",
    ),
    "GOVERNMENT_AND_NON_PROFIT": (
        "DONATIONS",
        "GOVERNMENT_DEPARTMENTS_AND_AGENCIES",
        "TAX_PAYMENT",
        "OTHER_GOVERNMENT_AND_NON_PROFIT",
    ),
    "TRANSPORTATION": (
        "BIKES_AND_SCOOTERS",
        "GAS",
        "PARKING",
        "PUBLIC_TRANSIT",
        "TAXIS_AND_RIDE_SHARES",
        "TOLLS",
        "OTHER_TRANSPORTATION",
    ),
    "TRAVEL": ("FLIGHTS", "LODGING", "RENTAL_CARS", "OTHER_TRAVEL"),
    "RENT_AND_UTILITIES": (
        "GAS_AND_ELECTRICITY",
        "INTERNET_AND_CABLE",
        "RENT",
        "SEWAGE_AND_WASTE_MANAGEMENT",
        "TELEPHONE",
        "WATER",
        "OTHER_UTILITIES",
    ),
}

PRIMARY: Final[frozenset[str]] = frozenset(_TREE)
"""The primary categories (``FOOD_AND_DRINK``, ``INCOME`` ...)."""

DETAILED: Final[MappingProxyType[str, str]] = MappingProxyType(
    {f"{primary}_{leaf}": primary for primary, leaves in _TREE.items() for leaf in leaves}
)
"""Every detailed category mapped to its primary (``FOOD_AND_DRINK_COFFEE -> FOOD_AND_DRINK``)."""


def is_primary(name: str) -> bool:
    """True if ``name`` is a primary category identifier."""
    return name in PRIMARY


def is_detailed(name: str) -> bool:
    """True if ``name`` is a detailed category identifier."""
    return name in DETAILED


@dataclass(frozen=True, slots=True)
class Category:
    """A detailed category with its primary, e.g. ``FOOD_AND_DRINK`` / ``FOOD_AND_DRINK_COFFEE``."""

    primary: str
    detailed: str

    def __str__(self) -> str:
        return self.detailed


_CATEGORIES: Final[dict[str, Category]] = {d: Category(p, d) for d, p in DETAILED.items()}


def category(detailed: str) -> Category:
    """The :class:`Category` for a detailed identifier; ``ValidationError`` if it is unknown.

    >>> category("FOOD_AND_DRINK_COFFEE").primary
    'FOOD_AND_DRINK'
    """
    try:
        return _CATEGORIES[detailed]
    except KeyError:
        raise ValidationError(
            f"unknown detailed category {detailed!r}; see fin_infra.categorization.DETAILED"
        ) from None
