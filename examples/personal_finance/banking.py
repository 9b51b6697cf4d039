"""Banking: categorize synced transactions, apply sync results, keep recurring bills current.

:func:`sync_linked_items` is what a webhook or a nightly job calls: for each linked item it
decrypts the access token, asks the provider for what changed since the stored cursor, applies
``added``/``modified``/``removed`` in that order (idempotently: a transaction seen twice is
stored once), stores the new cursor, and re-detects recurring bills when anything changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.categorization import Categorizer
from fin_infra.models import Transaction
from fin_infra.providers.banking.base import BankingProvider
from fin_infra.providers.tokens import TokenCipher
from fin_infra.recurring import detect_recurring

from .models import BankTransaction, LinkedItem, RecurringBill

__all__ = ["SyncSummary", "categorize", "refresh_recurring", "sync_linked_items"]


class SyncSummary(BaseModel):
    """How many transactions one sync added, changed and removed, over how many items."""

    items: int
    added: int
    modified: int
    removed: int


def categorize(txns: Iterable[Transaction]) -> list[tuple[Transaction, str]]:
    """Each transaction with the categorizer's category, or the provider's when it has none."""
    categorizer = Categorizer()
    out: list[tuple[Transaction, str]] = []
    for txn in txns:
        decision = categorizer.categorize(txn)
        if decision.category is None:
            out.append((txn, "provider"))
        else:
            out.append((decision.apply(txn), decision.source.value))
    return out


def refresh_recurring(
    session: AsyncSession, tenant: str, txns: Sequence[Transaction], as_of: dt.date
) -> None:
    """Store the active recurring streams found in ``txns`` (call after clearing old ones)."""
    for stream in detect_recurring(txns, as_of=as_of):
        if not stream.is_active:
            continue
        session.add(
            RecurringBill(
                tenant_id=tenant,
                merchant=stream.merchant,
                merchant_key=stream.merchant_key,
                account_id=stream.account_id,
                frequency=stream.frequency.value,
                category=stream.category,
                average_amount=stream.average_amount,
                next_date=stream.next_date,
                next_amount=stream.next_amount,
                confidence=Decimal(str(round(stream.confidence, 4))),
            )
        )


async def _upsert(session: AsyncSession, tenant: str, txns: Sequence[Transaction]) -> int:
    """Insert new transactions and overwrite known ones; return how many were new."""
    ids = [t.id for t in txns]
    existing = {
        row.provider_transaction_id: row
        for row in await session.scalars(
            select(BankTransaction).where(
                BankTransaction.tenant_id == tenant,
                BankTransaction.provider_transaction_id.in_(ids),
            )
        )
    }
    new = 0
    for txn, source in categorize(t for t in txns if not t.pending):
        fresh = BankTransaction.from_domain(txn, tenant, source)
        row = existing.get(txn.id)
        if row is None:
            session.add(fresh)
            new += 1
            continue
        for column in ("account_id", "date", "amount", "currency", "name", "merchant_name"):
            setattr(row, column, getattr(fresh, column))
        row.category, row.category_detailed = fresh.category, fresh.category_detailed
        row.category_source = fresh.category_source
    return new


async def sync_linked_items(
    session: AsyncSession,
    tenant: str,
    bank: BankingProvider,
    cipher: TokenCipher,
    as_of: dt.date,
) -> SyncSummary:
    """Bring every linked item of ``tenant`` up to date (the caller commits)."""
    items = list(await session.scalars(select(LinkedItem).where(LinkedItem.tenant_id == tenant)))
    added = modified = removed = 0
    for item in items:
        token = cipher.decrypt(item.access_token, context=item.item_id)
        result = bank.transactions_sync(token, item.cursor)
        added += await _upsert(session, tenant, [*result.added, *result.modified])
        modified += len(result.modified)
        if result.removed:
            gone = await session.execute(
                delete(BankTransaction).where(
                    BankTransaction.tenant_id == tenant,
                    BankTransaction.provider_transaction_id.in_(result.removed),
                )
            )
            removed += int(getattr(gone, "rowcount", 0) or 0)
        item.cursor = result.next_cursor
    if added or modified or removed:
        await session.flush()
        await session.execute(delete(RecurringBill).where(RecurringBill.tenant_id == tenant))
        rows = await session.scalars(
            select(BankTransaction).where(BankTransaction.tenant_id == tenant)
        )
        refresh_recurring(session, tenant, [row.to_domain() for row in rows], as_of)
    return SyncSummary(items=len(items), added=added, modified=modified, removed=removed)
