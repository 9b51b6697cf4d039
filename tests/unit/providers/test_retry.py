"""RetryPolicy decisions and Retry-After parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers._retry import RetryPolicy, is_retryable_status, parse_retry_after


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (408, True),
        (429, True),
        (500, True),
        (503, True),
        (400, False),
        (401, False),
        (404, False),
        (200, False),
    ],
)
def test_retryable_statuses(status: int, expected: bool) -> None:
    assert is_retryable_status(status) is expected


def test_backoff_grows_exponentially_and_is_capped() -> None:
    policy = RetryPolicy(base_backoff=1.0, max_backoff=5.0, jitter=0.0)
    assert [policy.backoff(n) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_stays_within_its_band() -> None:
    policy = RetryPolicy(base_backoff=2.0, jitter=0.5)
    assert policy.backoff(1, rand=lambda: 0.0) == 2.0
    assert policy.backoff(1, rand=lambda: 1.0) == 1.0


def test_delay_stops_after_max_attempts() -> None:
    policy = RetryPolicy(max_attempts=3, jitter=0.0, base_backoff=1.0)
    assert policy.delay(1, None) == 1.0
    assert policy.delay(2, None) == 2.0
    assert policy.delay(3, None) is None


def test_retry_after_replaces_backoff_and_too_long_gives_up() -> None:
    policy = RetryPolicy(max_retry_after=10.0)
    assert policy.delay(1, 7.0) == 7.0
    assert policy.delay(1, 11.0) is None


def test_never_makes_one_attempt() -> None:
    assert RetryPolicy.never().delay(1, None) is None


@pytest.mark.parametrize("kwargs", [{"max_attempts": 0}, {"jitter": 1.5}, {"base_backoff": -1}])
def test_invalid_policies_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValidationError, match="must"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_parse_retry_after_forms() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after(None) is None
    assert parse_retry_after("  ") is None
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
