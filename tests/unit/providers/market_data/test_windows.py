"""Multi-window limits: all windows hold at once; a spent long window refuses rather than waits."""

from __future__ import annotations

import threading

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers import RateLimitError
from fin_infra.providers._windows import Window, WindowedLimiter, shared_limiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_minute_window_schedules_in_order() -> None:
    clock = Clock()
    lim = WindowedLimiter([Window(3, 60)], clock=clock, max_wait=600)
    assert [lim.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert lim.reserve() == 60.0
    assert lim.reserve() == 60.0
    clock.now += 30
    assert lim.reserve() == 30.0  # third slot of the second block
    assert lim.reserve() == 90.0  # queued behind it, after the window slides again


def test_day_window_caps_total_and_refuses_beyond_max_wait() -> None:
    clock = Clock()
    lim = WindowedLimiter([Window(5, 60), Window(8, 86400)], clock=clock, max_wait=600)
    waits = []
    for _ in range(8):
        wait = lim.reserve()
        waits.append(wait)
        clock.now += wait
    assert waits == [0, 0, 0, 0, 0, 60, 0, 0]
    with pytest.raises(RateLimitError) as info:
        lim.reserve()
    assert "8 calls per 86400s" in info.value.message
    assert info.value.retry_after == pytest.approx(86400 - 60)
    clock.now += 86400
    assert lim.reserve() == 0.0  # a refused call took no slot


def test_thread_safe_no_slot_granted_twice() -> None:
    clock = Clock()
    lim = WindowedLimiter([Window(10, 60)], clock=clock, max_wait=10_000)
    waits: list[float] = []

    def worker() -> None:
        for _ in range(20):
            waits.append(lim.reserve())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(waits) == sorted([60.0 * (i // 10) for i in range(80)])


def test_shared_per_credential_and_validated() -> None:
    a = shared_limiter("test-windows", "key-a", [Window(1, 60)])
    assert shared_limiter("test-windows", "key-a", [Window(1, 60)]) is a
    assert shared_limiter("test-windows", "key-b", [Window(1, 60)]) is not a
    with pytest.raises(ValidationError):
        Window(0, 60)
    with pytest.raises(ValidationError):
        WindowedLimiter([])
