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

__all__ = [
    "BankingProvider",
    "LinkToken",
    "SyncAccumulator",
    "SyncPage",
    "TokenExchange",
    "TransactionsSyncResult",
]
