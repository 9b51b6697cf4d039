"""Investments: a lot ledger, realized and unrealized gains, and a holdings view.

Feed :func:`build_ledger` the investment transactions of one owner (any accounts, any provider,
converted to :class:`InvestmentTransaction`); read open lots, realized gains (short or long term),
dividends and fees as typed rows that reconcile to the transactions. Price the lots with
:func:`unrealized_gains` and :func:`holdings_view`, from explicit prices or a :class:`QuoteSource`.
"""

from __future__ import annotations

from fin_infra.investments.errors import (
    InsufficientQuantityError,
    LedgerError,
    MissingPriceError,
    UnknownLotError,
)
from fin_infra.investments.gains import UnrealizedGain, unrealized_gains
from fin_infra.investments.holdings import UNCLASSIFIED, HoldingRow, HoldingsView, holdings_view
from fin_infra.investments.ledger import Ledger, Reconciliation
from fin_infra.investments.matching import Method, ReplacementRule
from fin_infra.investments.prices import PriceBook, Prices, QuoteSource
from fin_infra.investments.replay import build_ledger
from fin_infra.investments.rows import (
    Income,
    IncomeKind,
    Lot,
    RealizedGain,
    Term,
    WashSale,
    holding_term,
)
from fin_infra.investments.transactions import Action, InvestmentTransaction

__all__ = [
    "UNCLASSIFIED",
    "Action",
    "HoldingRow",
    "HoldingsView",
    "Income",
    "IncomeKind",
    "InsufficientQuantityError",
    "InvestmentTransaction",
    "Ledger",
    "LedgerError",
    "Lot",
    "Method",
    "MissingPriceError",
    "PriceBook",
    "Prices",
    "QuoteSource",
    "RealizedGain",
    "Reconciliation",
    "ReplacementRule",
    "Term",
    "UnknownLotError",
    "UnrealizedGain",
    "WashSale",
    "build_ledger",
    "holding_term",
    "holdings_view",
    "unrealized_gains",
]
