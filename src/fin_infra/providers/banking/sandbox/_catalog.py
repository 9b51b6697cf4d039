"""The sandbox's fictional institutions, account templates and spending patterns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from fin_infra.models import AccountType, SecurityType

__all__ = ["HOLDINGS", "INSTITUTIONS", "AccountTemplate", "Institution", "Pattern"]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A recurring kind of transaction: every ``every_days`` days, in a cents range.

    Positive cents are money in. ``jitter_days`` spreads the dates a little.
    """

    name: str
    merchant: str | None
    category: str
    detailed: str
    every_days: int
    min_cents: int
    max_cents: int
    jitter_days: int = 0


@dataclass(frozen=True, slots=True)
class AccountTemplate:
    """An account the institution gives every linked user, and what flows through it."""

    name: str
    type: AccountType
    subtype: str
    opening_cents: int
    patterns: tuple[Pattern, ...]
    limit_cents: int | None = None


@dataclass(frozen=True, slots=True)
class Institution:
    """A fictional institution."""

    id: str
    name: str
    accounts: tuple[AccountTemplate, ...]


_CHECKING = AccountTemplate(
    "Everyday Checking",
    AccountType.DEPOSITORY,
    "checking",
    245_000,
    (
        Pattern("ACME CORP PAYROLL", "Acme Corp", "INCOME", "INCOME_WAGES", 14, 215_000, 215_000),
        Pattern(
            "PARKVIEW APTS RENT",
            None,
            "RENT_AND_UTILITIES",
            "RENT_AND_UTILITIES_RENT",
            30,
            -165_000,
            -165_000,
        ),
        Pattern(
            "CITY POWER & LIGHT",
            "City Power",
            "RENT_AND_UTILITIES",
            "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY",
            30,
            -14_000,
            -6_000,
            2,
        ),
        Pattern(
            "WHOLE FOODS MARKET",
            "Whole Foods",
            "FOOD_AND_DRINK",
            "FOOD_AND_DRINK_GROCERIES",
            7,
            -18_000,
            -4_500,
            2,
        ),
        Pattern(
            "STARBUCKS STORE 1458",
            "Starbucks",
            "FOOD_AND_DRINK",
            "FOOD_AND_DRINK_COFFEE",
            2,
            -725,
            -450,
            1,
        ),
        Pattern(
            "TRANSFER TO SAVINGS",
            None,
            "TRANSFER_OUT",
            "TRANSFER_OUT_SAVINGS",
            30,
            -30_000,
            -30_000,
        ),
    ),
)
_SAVINGS = AccountTemplate(
    "High-Yield Savings",
    AccountType.DEPOSITORY,
    "savings",
    1_200_000,
    (
        Pattern(
            "TRANSFER FROM CHECKING",
            None,
            "TRANSFER_IN",
            "TRANSFER_IN_SAVINGS",
            30,
            30_000,
            30_000,
        ),
        Pattern("INTEREST PAYMENT", None, "INCOME", "INCOME_INTEREST_EARNED", 30, 3_000, 4_500),
    ),
)
_CARD = AccountTemplate(
    "Rewards Card",
    AccountType.CREDIT,
    "credit card",
    0,
    (
        Pattern(
            "SHELL OIL 5743",
            "Shell",
            "TRANSPORTATION",
            "TRANSPORTATION_GAS",
            9,
            -6_500,
            -3_000,
            3,
        ),
        Pattern(
            "NETFLIX.COM",
            "Netflix",
            "ENTERTAINMENT",
            "ENTERTAINMENT_TV_AND_MOVIES",
            30,
            -1_549,
            -1_549,
        ),
        Pattern(
            "AMAZON MKTPL",
            "Amazon",
            "GENERAL_MERCHANDISE",
            "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES",
            5,
            -12_000,
            -1_200,
            3,
        ),
        Pattern(
            "CHIPOTLE 2231",
            "Chipotle",
            "FOOD_AND_DRINK",
            "FOOD_AND_DRINK_FAST_FOOD",
            6,
            -2_400,
            -1_100,
            3,
        ),
    ),
    limit_cents=800_000,
)
_AUTO_LOAN = AccountTemplate(
    "Auto Loan",
    AccountType.LOAN,
    "auto",
    -1_850_000,
    (
        Pattern(
            "AUTO LOAN PAYMENT",
            None,
            "LOAN_PAYMENTS",
            "LOAN_PAYMENTS_CAR_PAYMENT",
            30,
            38_520,
            38_520,
        ),
    ),
)
_BROKERAGE = AccountTemplate(
    "Individual Brokerage",
    AccountType.INVESTMENT,
    "brokerage",
    2_500_000,
    (
        Pattern(
            "MONTHLY CONTRIBUTION", None, "TRANSFER_IN", "TRANSFER_IN_DEPOSIT", 30, 50_000, 50_000
        ),
        Pattern("DIVIDEND VTI", None, "INCOME", "INCOME_DIVIDENDS", 91, 2_500, 4_000),
    ),
)

INSTITUTIONS: Final[dict[str, Institution]] = {
    i.id: i
    for i in (
        Institution("ins_fi_platypus", "First Platypus Bank", (_CHECKING, _SAVINGS, _CARD)),
        Institution("ins_fi_tartan", "Tartan Credit Union", (_CHECKING, _AUTO_LOAN)),
        Institution("ins_fi_gingham", "Gingham Brokerage", (_BROKERAGE,)),
    )
}
"""The linkable institutions, by id."""

HOLDINGS: Final = (
    # symbol, name, type, quantity, price, cost basis (all exact strings)
    ("VTI", "Vanguard Total Stock Market ETF", SecurityType.ETF, "42.5", "251.30", "8925.00"),
    ("AAPL", "Apple Inc.", SecurityType.EQUITY, "10", "189.50", "1450.00"),
    ("BND", "Vanguard Total Bond Market ETF", SecurityType.ETF, "30", "72.40", "2250.00"),
    ("USD", "U.S. Dollar", SecurityType.CASH, "1012.55", "1", "1012.55"),
)
"""Positions every investment account in the sandbox holds."""
