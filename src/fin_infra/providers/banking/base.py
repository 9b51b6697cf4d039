"""The provider-neutral banking interface and its transaction-sync result types.

Callers program against :class:`BankingProvider`; Plaid and the offline sandbox implement it, and
a second aggregator can be added without touching callers. Transaction sync is cursor based:
the caller stores ``next_cursor`` and passes it back next time (fin-infra stores nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from fin_infra.models import Account, Holding, Security, Transaction

__all__ = [
    "BankingProvider",
    "LinkToken",
    "SyncAccumulator",
    "SyncPage",
    "TokenExchange",
    "TransactionsSyncResult",
]


@dataclass(frozen=True, slots=True)
class SyncPage:
    """One page of transaction changes since ``cursor``.

    ``restarted`` is True on the first page after the provider reported that data changed during
    pagination: discard every page received since the loop's first cursor (this page starts over
    from it). Persist ``next_cursor`` only after the page with ``has_more`` False.
    """

    added: Sequence[Transaction]
    modified: Sequence[Transaction]
    removed: Sequence[str]
    cursor: str | None
    next_cursor: str
    has_more: bool
    restarted: bool = False


@dataclass(frozen=True, slots=True)
class TransactionsSyncResult:
    """The net changes since the starting cursor, and the cursor to store for next time.

    Apply in order: upsert ``added``, upsert ``modified``, delete the ids in ``removed``. No id
    appears in two lists.
    """

    added: list[Transaction]
    modified: list[Transaction]
    removed: list[str]
    next_cursor: str


@dataclass(slots=True)
class SyncAccumulator:
    """Folds pages into one net :class:`TransactionsSyncResult` (restart aware, no duplicates)."""

    _added: dict[str, Transaction] = field(default_factory=dict)
    _modified: dict[str, Transaction] = field(default_factory=dict)
    _removed: dict[str, None] = field(default_factory=dict)
    _cursor: str = ""

    def apply(self, page: SyncPage) -> None:
        """Fold one page in; a restarted page first discards everything folded so far."""
        if page.restarted:
            self._added.clear()
            self._modified.clear()
            self._removed.clear()
        for txn in page.added:
            self._added[txn.id] = txn
            self._removed.pop(txn.id, None)
        for txn in page.modified:
            if txn.id in self._added:
                self._added[txn.id] = txn
            else:
                self._modified[txn.id] = txn
        for txn_id in page.removed:
            if self._added.pop(txn_id, None) is None:
                self._modified.pop(txn_id, None)
                self._removed[txn_id] = None
        self._cursor = page.next_cursor

    @classmethod
    def collect(cls, pages: Iterable[SyncPage]) -> TransactionsSyncResult:
        """Fold every page of ``pages`` into one result."""
        acc = cls()
        for page in pages:
            acc.apply(page)
        return acc.result()

    def result(self) -> TransactionsSyncResult:
        """The net changes folded so far."""
        return TransactionsSyncResult(
            added=list(self._added.values()),
            modified=list(self._modified.values()),
            removed=list(self._removed),
            next_cursor=self._cursor,
        )


@dataclass(frozen=True, slots=True)
class LinkToken:
    """A short-lived token to open the provider's account-linking UI in the browser."""

    link_token: str
    expiration: str

    def __repr__(self) -> str:
        return f"LinkToken(link_token='***', expiration={self.expiration!r})"


@dataclass(frozen=True, slots=True)
class TokenExchange:
    """The long-lived access token for a linked item; store it encrypted (see ``TokenCipher``)."""

    access_token: str
    item_id: str

    def __repr__(self) -> str:
        return f"TokenExchange(access_token='***', item_id={self.item_id!r})"


@runtime_checkable
class BankingProvider(Protocol):
    """What every bank aggregator offers, in provider-neutral types (blocking calls)."""

    name: str

    def create_link_token(self, user_id: str, *, products: Sequence[str] = ...) -> LinkToken:
        """Start linking an institution for the application's user ``user_id``."""
        ...

    def exchange_public_token(self, public_token: str) -> TokenExchange:
        """Trade the one-time public token from the linking UI for a long-lived access token."""
        ...

    def accounts(self, access_token: str) -> list[Account]:
        """The item's accounts with their balances as last cached by the provider."""
        ...

    def balances(self, access_token: str) -> list[Account]:
        """The item's accounts with balances fetched live from the institution."""
        ...

    def holdings(self, access_token: str) -> tuple[list[Holding], list[Security]]:
        """Investment positions and the securities they refer to."""
        ...

    def iter_transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = 500
    ) -> Iterator[SyncPage]:
        """Stream transaction changes since ``cursor`` page by page (bounded memory)."""
        ...

    def transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = 500
    ) -> TransactionsSyncResult:
        """All transaction changes since ``cursor``, netted, with the cursor to store."""
        ...

    def remove_item(self, access_token: str) -> None:
        """Unlink the item; its access token stops working."""
        ...
