"""Token bucket arithmetic and the shared per-credential registry."""

from __future__ import annotations

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers._ratelimit import RateLimit, TokenBucket, shared_bucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_is_free_then_calls_queue_at_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(rate=2.0, burst=3), clock=clock)
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    # Each further reservation waits for its own token: 0.5 s apart at 2 per second.
    assert [bucket.reserve() for _ in range(3)] == [0.5, 1.0, 1.5]


def test_tokens_refill_with_time_up_to_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(RateLimit(rate=1.0, burst=2), clock=clock)
    bucket.reserve()
    bucket.reserve()
    clock.now += 100.0
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 1.0]


def test_shared_bucket_is_per_provider_and_credential() -> None:
    limit = RateLimit(rate=5.0, burst=5)
    a = shared_bucket("acme", "key-1-abcdef", limit)
    assert shared_bucket("acme", "key-1-abcdef", limit) is a
    assert shared_bucket("acme", "key-2-abcdef", limit) is not a
    assert shared_bucket("other", "key-1-abcdef", limit) is not a


@pytest.mark.parametrize(("rate", "burst"), [(0.0, 1), (-1.0, 1), (1.0, 0)])
def test_invalid_limits_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ValidationError, match="rate must"):
        RateLimit(rate=rate, burst=burst)
