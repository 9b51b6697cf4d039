"""Recurring detection: subscriptions, bills and paychecks found in a transaction history.

Transactions are grouped by normalized merchant, direction and currency. Each group is tested as a
whole (a utility bill whose amount varies), then split into amount clusters (a subscription among
one-off purchases at the same merchant). A series is recurring when its dates fit the schedule of
one frequency (see :mod:`fin_infra.recurring.schedule`); each stream then gets its next expected
date and amount, a confidence, and the price changes along the way.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from fin_infra.categorization.merchants import normalize_merchant
from fin_infra.errors import ValidationError
from fin_infra.money import minor_units, quantize
from fin_infra.recurring.schedule import Fit, Frequency, best_fit, next_date

if TYPE_CHECKING:
    from fin_infra.models import Transaction

__all__ = ["PriceChange", "RecurringStream", "detect_recurring"]


@dataclass(frozen=True, slots=True)
class PriceChange:
    """A stream's amount moved from a steady ``old_amount`` to ``new_amount`` on ``date``."""

    date: dt.date
    transaction_id: str
    old_amount: Decimal
    new_amount: Decimal

    @property
    def change(self) -> Decimal:
        """New minus old magnitude: positive when the price went up."""
        return abs(self.new_amount) - abs(self.old_amount)

    @property
    def percent(self) -> Decimal:
        """The change as a percentage of the old magnitude."""
        return self.change / abs(self.old_amount) * 100


@dataclass(frozen=True, slots=True)
class RecurringStream:
    """One recurring series with its next expected occurrence.

    Amounts keep the transaction sign (negative for a bill or subscription, positive for income).
    ``missed_periods`` counts skipped occurrences inside the history; ``is_active`` is false once
    the stream is more than two periods overdue at ``as_of``. ``confidence`` (0 to 1) grows with
    the share of dates on schedule, the number of occurrences, closeness to the schedule and
    steadiness of the amount, and falls with skipped periods. ``category`` is the most common
    detailed category already set on the stream's transactions, if any.
    """

    merchant: str
    merchant_key: str
    account_id: str
    currency: str
    frequency: Frequency
    transaction_ids: tuple[str, ...]
    first_date: dt.date
    last_date: dt.date
    last_amount: Decimal
    average_amount: Decimal
    next_date: dt.date
    next_amount: Decimal
    missed_periods: int
    confidence: float
    is_active: bool
    price_changes: tuple[PriceChange, ...] = ()
    category: str | None = None

    @property
    def is_inflow(self) -> bool:
        """True for income streams (paychecks, interest)."""
        return self.last_amount > 0

    @property
    def occurrences(self) -> int:
        """How many transactions make up the stream."""
        return len(self.transaction_ids)


def _drop_one_offs(series: list[Transaction]) -> list[Transaction]:
    """In a mostly fixed-price stream, drop a lone odd amount between two others (a one-off)."""
    amounts = [t.amount for t in series]
    if len(series) < 3 or Counter(amounts).most_common(1)[0][1] * 2 < len(series):
        return series
    return [
        t
        for i, t in enumerate(series)
        if i in (0, len(series) - 1) or amounts[i - 1] == t.amount or amounts[i + 1] == t.amount
    ]


def _price_changes(series: Sequence[Transaction]) -> tuple[PriceChange, ...]:
    """Steady amount -> new amount that holds (or is the latest): a price change, not noise.

    Streams whose amount moves most of the time (a metered bill) have no price changes.
    """
    amounts = [t.amount for t in series]
    moves = sum(1 for a, b in pairwise(amounts) if a != b)
    if moves > max(2, len(amounts) // 4):
        return ()
    changes = []
    for i in range(2, len(series)):
        before, previous, current = series[i - 2].amount, series[i - 1].amount, series[i].amount
        lasting = i == len(series) - 1 or series[i + 1].amount == current
        if before == previous != current and lasting:
            changes.append(PriceChange(series[i].date, series[i].id, previous, current))
    return tuple(changes)


def _next_amount(amounts: Sequence[Decimal], currency: str) -> Decimal:
    if len(amounts) >= 2 and amounts[-1] == amounts[-2]:
        return amounts[-1]
    recent = amounts[-3:]
    try:
        places = minor_units(currency)
    except ValidationError:
        places = 2
    return quantize(sum(recent, Decimal(0)) / len(recent), places)


def _confidence(fit: Fit, amounts: Sequence[Decimal]) -> float:
    regularity = fit.fitted / len(fit.kept)
    support = math.sqrt(min(1.0, fit.fitted / 6))
    precision = 1.0 - min(1.0, fit.residual / (fit.frequency.tolerance * 2))
    magnitudes = [float(abs(a)) for a in amounts]
    mean = statistics.fmean(magnitudes)
    spread = statistics.pstdev(magnitudes) / mean if mean else 0.0
    steadiness = 1.0 - min(0.5, spread)
    skips = 1.0 - min(0.5, fit.missed / len(fit.kept))
    return round(regularity * support * (0.5 + 0.5 * precision) * steadiness * skips, 4)


def _amount_clusters(series: list[Transaction], ratio: Decimal) -> list[list[Transaction]]:
    ordered = sorted(series, key=lambda t: abs(t.amount))
    clusters: list[list[Transaction]] = [[ordered[0]]]
    for txn in ordered[1:]:
        previous = abs(clusters[-1][-1].amount)
        if abs(txn.amount) <= previous * ratio:
            clusters[-1].append(txn)
        else:
            clusters.append([txn])
    return [sorted(c, key=lambda t: (t.date, t.id)) for c in clusters]


def _dedupe_days(series: list[Transaction]) -> list[Transaction]:
    """Keep one transaction per date (the first), so a same-day duplicate is not a period."""
    seen: set[dt.date] = set()
    out = []
    for txn in series:
        if txn.date not in seen:
            seen.add(txn.date)
            out.append(txn)
    return out


def detect_recurring(
    transactions: Iterable[Transaction],
    *,
    as_of: dt.date | None = None,
    min_occurrences: int = 3,
    min_fit: float = 0.75,
    min_confidence: float = 0.5,
    include_pending: bool = False,
) -> list[RecurringStream]:
    """Find recurring streams in ``transactions``, most confident first.

    ``as_of`` (default: the latest transaction date) decides whether a stream is still active.
    A series needs ``min_occurrences`` transactions and at least ``min_fit`` of its dates must lie
    on the stream's schedule; streams below ``min_confidence`` are dropped.
    """
    if min_occurrences < 2:
        raise ValidationError("min_occurrences must be at least 2")
    if not 0.0 < min_fit <= 1.0:
        raise ValidationError("min_fit must be within (0, 1]")
    groups: dict[tuple[str, str, bool], list[Transaction]] = defaultdict(list)
    latest: dt.date | None = None
    for txn in transactions:
        if (txn.pending and not include_pending) or txn.amount == 0:
            continue
        key = normalize_merchant(txn.merchant_name or txn.name).key
        groups[(key, txn.currency, txn.amount > 0)].append(txn)
        latest = txn.date if latest is None or txn.date > latest else latest
    if latest is None:
        return []
    today = as_of or latest
    streams: list[RecurringStream] = []
    for group in groups.values():
        group.sort(key=lambda t: (t.date, t.id))
        streams.extend(_streams_in(group, today, min_occurrences, min_fit, min_confidence))
    streams.sort(key=lambda s: (-s.confidence, s.merchant_key, s.first_date))
    return streams


def _streams_in(
    group: list[Transaction],
    today: dt.date,
    min_occurrences: int,
    min_fit: float,
    min_confidence: float,
) -> list[RecurringStream]:
    if len(group) < min_occurrences:
        return []
    whole = _stream(_dedupe_days(group), today, min_occurrences, min_fit, min_confidence)
    if whole is not None:
        return [whole]
    found: list[tuple[RecurringStream, list[Transaction]]] = []
    pool = group
    # Fixed prices first (a subscription among one-off purchases at the same merchant), then
    # drifting amounts, which need one more occurrence: random purchases fall into loose amount
    # clusters by chance far more often than into exactly equal ones.
    for ratio, needed in ((Decimal(1), min_occurrences), (Decimal("1.25"), min_occurrences + 1)):
        remaining = []
        for cluster in _amount_clusters(pool, ratio):
            series = _dedupe_days(cluster)
            stream = _stream(series, today, needed, min_fit, min_confidence)
            if stream is None:
                remaining.extend(cluster)
            else:
                ids = set(stream.transaction_ids)
                found.append((stream, [t for t in series if t.id in ids]))
        if len(remaining) < min_occurrences:
            break
        pool = sorted(remaining, key=lambda t: (t.date, t.id))
    return _join_price_changes(found, today, min_occurrences, min_fit, min_confidence)


def _join_price_changes(
    found: list[tuple[RecurringStream, list[Transaction]]],
    today: dt.date,
    min_occurrences: int,
    min_fit: float,
    min_confidence: float,
) -> list[RecurringStream]:
    """Join a stream that ends where another of the same frequency begins: a price change."""
    found.sort(key=lambda pair: pair[0].first_date)
    joined: list[tuple[RecurringStream, list[Transaction]]] = []
    for stream, series in found:
        if joined:
            before, before_series = joined[-1]
            gap = (stream.first_date - before.last_date).days
            period = before.frequency.days
            if before.frequency is stream.frequency and 0 < gap <= 2 * period:
                merged = sorted(before_series + series, key=lambda t: (t.date, t.id))
                combined = _stream(merged, today, min_occurrences, min_fit, min_confidence)
                if combined is not None and combined.frequency is stream.frequency:
                    joined[-1] = (combined, merged)
                    continue
        joined.append((stream, series))
    return [stream for stream, _ in joined]


def _stream(
    series: list[Transaction],
    today: dt.date,
    min_occurrences: int,
    min_fit: float,
    min_confidence: float,
) -> RecurringStream | None:
    if len(series) < min_occurrences:
        return None
    fit = best_fit([t.date for t in series], min_fit)
    if fit is None or len(fit.kept) < min_occurrences:
        return None
    forecast = next_date([series[i].date for i in fit.kept], fit)
    series = _drop_one_offs([series[i] for i in fit.on_schedule])
    if len(series) < min_occurrences:
        return None
    dates = [t.date for t in series]
    amounts = [t.amount for t in series]
    confidence = _confidence(fit, amounts)
    if confidence < min_confidence:
        return None
    last = series[-1]
    currency = last.currency
    overdue = (today - last.date).days
    merchant = normalize_merchant(last.merchant_name or last.name)
    account = Counter(t.account_id for t in series).most_common(1)[0][0]
    average = sum(amounts, Decimal(0)) / len(amounts)
    return RecurringStream(
        merchant=merchant.name,
        merchant_key=merchant.key,
        account_id=account,
        currency=currency,
        frequency=fit.frequency,
        transaction_ids=tuple(t.id for t in series),
        first_date=dates[0],
        last_date=dates[-1],
        last_amount=last.amount,
        average_amount=quantize(average, 4),
        next_date=forecast,
        next_amount=_next_amount(amounts, currency),
        missed_periods=fit.missed,
        confidence=confidence,
        is_active=overdue <= 2 * fit.frequency.days + fit.frequency.tolerance,
        price_changes=_price_changes(series),
        category=_most_common_category(series),
    )


def _most_common_category(series: Sequence[Transaction]) -> str | None:
    counts = Counter(t.category_detailed for t in series if t.category_detailed)
    return counts.most_common(1)[0][0] if counts else None
