"""Client-side rate limiting: a token bucket per provider and credential.

A burst of calls waits for tokens instead of tripping the provider's 429s. Buckets are shared in
the process by ``(provider, credential)`` so every client built with the same key draws from the
same budget. Reservation is pure arithmetic (:meth:`TokenBucket.reserve` returns how long to
wait); the sync and async HTTP clients do the sleeping.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fin_infra.errors import ValidationError

__all__ = ["RateLimit", "TokenBucket", "shared_bucket"]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``rate`` requests per second on average, bursts of up to ``burst`` at once."""

    rate: float
    burst: int = 1

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.burst < 1:
            raise ValidationError("rate must be positive and burst at least 1")


class TokenBucket:
    """A thread-safe token bucket; each call reserves one token and learns how long to wait.

    Reservations may drive the balance negative: callers queue up in order, each told to wait
    until its own token has accrued, so a burst is smoothed to ``rate`` without busy loops.
    """

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._tokens = float(limit.burst)
        self._updated = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one token; return the seconds to wait before using it (0.0 when available)."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._updated)
            self._tokens = min(float(self.limit.burst), self._tokens + elapsed * self.limit.rate)
            self._updated = now
            self._tokens -= 1.0
            if self._tokens >= 0:
                return 0.0
            return -self._tokens / self.limit.rate


_BUCKETS: dict[tuple[str, str, RateLimit], TokenBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def shared_bucket(provider: str, credential: str, limit: RateLimit) -> TokenBucket:
    """The process-wide bucket for ``provider`` and ``credential`` (stored only as a hash)."""
    fingerprint = hashlib.sha256(credential.encode()).hexdigest()[:16]
    key = (provider, fingerprint, limit)
    with _BUCKETS_LOCK:
        bucket = _BUCKETS.get(key)
        if bucket is None:
            bucket = _BUCKETS[key] = TokenBucket(limit)
        return bucket
