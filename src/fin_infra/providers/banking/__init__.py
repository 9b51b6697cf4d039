"""Banking aggregators behind one provider-neutral interface, :class:`BankingProvider`."""

from __future__ import annotations

from fin_infra.providers.banking.base import (
    BankingProvider,
    LinkToken,
    SyncAccumulator,
    SyncPage,
    TokenExchange,
    TransactionsSyncResult,
)
from fin_infra.providers.banking.registry import (
    available_banking_providers,
    easy_banking,
    register_banking_provider,
)

__all__ = [
    "BankingProvider",
    "LinkToken",
    "SyncAccumulator",
    "SyncPage",
    "TokenExchange",
    "TransactionsSyncResult",
    "available_banking_providers",
    "easy_banking",
    "register_banking_provider",
]
