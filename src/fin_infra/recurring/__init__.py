"""Recurring transactions: subscriptions, bills and income streams, what comes next, price changes.

:func:`detect_recurring` finds weekly, biweekly, monthly, quarterly and yearly streams in a
history (tolerating a few days of jitter, drifting amounts and skipped periods) and gives each a
next expected date and amount and a confidence. :func:`price_change_alerts` lists the price
changes worth telling a user about.

Not imported by ``import fin_infra``: import this package when you need it.
"""

from __future__ import annotations

from fin_infra.recurring.alerts import PriceAlert, price_change_alerts
from fin_infra.recurring.detect import PriceChange, RecurringStream, detect_recurring
from fin_infra.recurring.schedule import Frequency

__all__ = [
    "Frequency",
    "PriceAlert",
    "PriceChange",
    "RecurringStream",
    "detect_recurring",
    "price_change_alerts",
]
