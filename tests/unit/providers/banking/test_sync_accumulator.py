"""SyncAccumulator: folding sync pages nets changes exactly, restarts discard the aborted loop."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra.models import Transaction
from fin_infra.providers.banking import SyncAccumulator, SyncPage, TransactionsSyncResult


def txn(txn_id: str, cents: int) -> Transaction:
    return Transaction(
        id=txn_id, account_id="a", amount=Decimal(cents) / 100, date=dt.date(2024, 1, 1), name="x"
    )


def replay(
    initial: dict[str, int], ops: list[tuple[str, int]]
) -> tuple[dict[str, int], list[tuple[str, Transaction | str]]]:
    """Apply ``ops`` (choice, amount) to the server state; return it and the change log."""
    state, log, serial = dict(initial), [], 0
    for choice, cents in ops:
        ids = sorted(state)
        if choice == "add" or not ids:
            serial += 1
            new = f"n{serial}"
            state[new] = cents
            log.append(("added", txn(new, cents)))
        elif choice == "modify":
            target = ids[cents % len(ids)]
            state[target] = cents
            log.append(("modified", txn(target, cents)))
        else:
            target = ids[cents % len(ids)]
            del state[target]
            log.append(("removed", target))
    return state, log


def pages_of(log: list[tuple[str, Transaction | str]], size: int) -> list[SyncPage]:
    pages = []
    for start in range(0, max(len(log), 1), size):
        chunk = log[start : start + size]
        pages.append(
            SyncPage(
                added=[t for k, t in chunk if k == "added" and isinstance(t, Transaction)],
                modified=[t for k, t in chunk if k == "modified" and isinstance(t, Transaction)],
                removed=[t for k, t in chunk if k == "removed" and isinstance(t, str)],
                cursor=str(start),
                next_cursor=str(start + len(chunk)),
                has_more=start + size < len(log),
            )
        )
    return pages


def applied(initial: dict[str, int], result: TransactionsSyncResult) -> dict[str, int]:
    store = dict(initial)
    for t in [*result.added, *result.modified]:
        store[t.id] = int(t.amount * 100)
    for txn_id in result.removed:
        del store[txn_id]  # removing an id the caller never had would be a bug
    return store


ops_strategy = st.lists(
    st.tuples(st.sampled_from(["add", "modify", "remove"]), st.integers(-10_000, 10_000)),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(
    initial=st.dictionaries(st.sampled_from([f"o{i}" for i in range(8)]), st.integers(-999, 999)),
    ops=ops_strategy,
    size=st.integers(1, 7),
)
def test_netted_result_reproduces_the_server_state(
    initial: dict[str, int], ops: list[tuple[str, int]], size: int
) -> None:
    final, log = replay(initial, ops)
    result = SyncAccumulator.collect(pages_of(log, size))
    ids = [t.id for t in result.added] + [t.id for t in result.modified] + result.removed
    assert len(ids) == len(set(ids))
    assert applied(initial, result) == final
    assert set(result.removed) <= set(initial)
    assert {t.id for t in result.added}.isdisjoint(initial)


@settings(max_examples=60, deadline=None)
@given(ops=ops_strategy, size=st.integers(1, 5), aborted=st.integers(0, 5))
def test_restart_discards_the_aborted_loop(
    ops: list[tuple[str, int]], size: int, aborted: int
) -> None:
    initial = {"o1": 100, "o2": 200}
    final, log = replay(initial, ops)
    # Some pages of a loop that was aborted (the data changed under it), then the whole loop
    # again from the first cursor, its first page marked ``restarted``.
    _, other_log = replay(initial, [*ops[: len(ops) // 2], ("add", 1), ("remove", 0)])
    aborted_pages = pages_of(other_log, size)[:aborted]
    fresh = pages_of(log, size)
    fresh[0] = dataclasses.replace(fresh[0], restarted=True)
    result = SyncAccumulator.collect([*aborted_pages, *fresh])
    assert applied(initial, result) == final
