"""fin-infra: the financial backbone for fintech applications.

The top level re-exports the everyday names. It stays light: importing ``fin_infra`` loads no web,
database or numeric framework; heavier names (the domain models) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fin_infra.errors import (
    CalculationError,
    ConflictError,
    ConvergenceError,
    CurrencyMismatchError,
    FinInfraError,
    NoSolutionError,
    NotFoundError,
    PersistenceError,
    ProviderError,
    ValidationError,
)
from fin_infra.money import D, Money

if TYPE_CHECKING:
    from fin_infra.models import (
        Account,
        Bar,
        Holding,
        NetWorthSnapshot,
        Quote,
        Security,
        Transaction,
    )

__version__ = "0.1.0"

__all__ = [
    "Account",
    "Bar",
    "CalculationError",
    "ConflictError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "D",
    "FinInfraError",
    "Holding",
    "Money",
    "NetWorthSnapshot",
    "NoSolutionError",
    "NotFoundError",
    "PersistenceError",
    "ProviderError",
    "Quote",
    "Security",
    "Transaction",
    "ValidationError",
]

_LAZY_MODELS = frozenset(
    {"Account", "Bar", "Holding", "NetWorthSnapshot", "Quote", "Security", "Transaction"}
)


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODELS:
        from fin_infra import models

        return getattr(models, name)
    raise AttributeError(f"module 'fin_infra' has no attribute {name!r}")
