"""Price-change alerts: which recurring streams now cost (or pay) a different amount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from fin_infra.errors import ValidationError
from fin_infra.money import D
from fin_infra.recurring.detect import PriceChange, RecurringStream

__all__ = ["PriceAlert", "price_change_alerts"]


@dataclass(frozen=True, slots=True)
class PriceAlert:
    """A price change on a stream, ready to show: "Netflix went from 15.49 to 17.99 (+16.1%)"."""

    stream: RecurringStream
    change: PriceChange

    @property
    def message(self) -> str:
        """One human sentence describing the change."""
        c = self.change
        word = "went up" if c.change > 0 else "went down"
        return (
            f"{self.stream.merchant} {word} from {abs(c.old_amount)} to {abs(c.new_amount)} "
            f"{self.stream.currency} ({c.percent:+.1f}%) on {c.date.isoformat()}"
        )


def price_change_alerts(
    streams: Iterable[RecurringStream],
    *,
    since: dt.date | None = None,
    min_percent: Decimal | str | int = 0,
    active_only: bool = True,
) -> list[PriceAlert]:
    """Price changes on ``streams`` on or after ``since`` of at least ``min_percent`` percent.

    Newest first. ``active_only`` skips streams that have stopped.
    """
    threshold = D(min_percent)
    if threshold < 0:
        raise ValidationError("min_percent must not be negative")
    alerts = [
        PriceAlert(stream, change)
        for stream in streams
        if stream.is_active or not active_only
        for change in stream.price_changes
        if (since is None or change.date >= since) and abs(change.percent) >= threshold
    ]
    alerts.sort(key=lambda a: (a.change.date, a.stream.merchant_key), reverse=True)
    return alerts
