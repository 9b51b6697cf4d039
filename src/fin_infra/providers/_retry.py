"""When to retry a provider call and how long to wait: pure decisions, no I/O, no sleeping.

Retries are bounded (``max_attempts`` tries in all), back off exponentially with jitter so many
clients do not retry in step, and honour a server's ``Retry-After``. Only failures where the same
request may succeed are retried: connection errors, timeouts, 408, 429 and 5xx.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from fin_infra.errors import ValidationError

__all__ = ["RetryPolicy", "is_retryable_status", "parse_retry_after"]


def is_retryable_status(status: int) -> bool:
    """True for statuses where the same request may succeed later: 408, 429 and 5xx."""
    return status in (408, 429) or 500 <= status <= 599


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter.

    The wait before retry ``n`` (1-based) is drawn from
    ``[cap * (1 - jitter), cap]`` where ``cap = min(max_backoff, base_backoff * 2 ** (n - 1))``.
    A server's ``Retry-After`` replaces the computed wait; one longer than ``max_retry_after``
    ends the retries instead (the error then carries ``retry_after`` for the caller to schedule).
    """

    max_attempts: int = 4
    base_backoff: float = 0.5
    max_backoff: float = 20.0
    jitter: float = 0.5
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValidationError("max_attempts must be at least 1")
        if self.base_backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValidationError("backoff durations must not be negative")
        if not 0 <= self.jitter <= 1:
            raise ValidationError("jitter must be between 0 and 1")

    @classmethod
    def never(cls) -> RetryPolicy:
        """A policy that makes exactly one attempt."""
        return cls(max_attempts=1)

    def backoff(self, retry_number: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait before retry ``retry_number`` (1 for the first retry)."""
        cap = min(self.max_backoff, self.base_backoff * 2.0 ** (retry_number - 1))
        return cap * (1 - self.jitter * rand())

    def delay(
        self,
        attempt: int,
        retry_after: float | None,
        rand: Callable[[], float] = random.random,
    ) -> float | None:
        """Seconds to wait after failed ``attempt`` (1-based), or ``None`` to stop retrying."""
        if attempt >= self.max_attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(attempt, rand)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); ``None`` if absent.

    >>> parse_retry_after("2")
    2.0
    >>> now = dt.datetime(2015, 10, 21, 7, 28, tzinfo=dt.UTC)
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now)
    5.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    current = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - current).total_seconds())
