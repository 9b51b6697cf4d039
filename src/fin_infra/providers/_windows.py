"""Multi-window client-side rate limits ("5 a minute *and* 25 a day"), on top of the HTTP seam.

The seam's token bucket smooths one rate; vendors such as Alpha Vantage and CoinGecko also cap
calls per day or month. A :class:`WindowedLimiter` keeps a sliding log of granted calls per
window and answers how long the next call must wait so that *every* window stays within its
limit. A wait longer than ``max_wait`` (the daily quota is spent) is not slept: it raises
:class:`~fin_infra.providers.errors.RateLimitError` at once with ``retry_after`` set, so a
fallback can move on to another provider. :class:`WindowedHttpClient` draws from a limiter
before every logical request. Limiters are shared in the process per provider and credential;
separate processes each keep their own count.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import httpx

from fin_infra.errors import ValidationError
from fin_infra.providers._http import (
    DEFAULT_TIMEOUT,
    ApiRequest,
    AsyncHttpClient,
    HttpClient,
    ProviderProfile,
)
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.errors import RateLimitError

__all__ = [
    "AsyncWindowedHttpClient",
    "Window",
    "WindowedHttpClient",
    "WindowedLimiter",
    "shared_limiter",
]


@dataclass(frozen=True, slots=True)
class Window:
    """At most ``limit`` calls in any ``seconds``-long sliding window."""

    limit: int
    seconds: float

    def __post_init__(self) -> None:
        if self.limit < 1 or self.seconds <= 0:
            raise ValidationError("a window needs a positive limit and duration")


class WindowedLimiter:
    """Grants calls in order so that no window's limit is exceeded (thread-safe).

    >>> now = [0.0]
    >>> lim = WindowedLimiter([Window(2, 60), Window(3, 86400)], clock=lambda: now[0])
    >>> lim.reserve(), lim.reserve(), lim.reserve()   # third waits for the minute window
    (0.0, 0.0, 60.0)
    >>> now[0] = 120.0
    >>> try:
    ...     lim.reserve()
    ... except RateLimitError as exc:
    ...     print(exc.message, exc.retry_after)
    quota of 3 calls per 86400s is spent; next slot in 86280s 86280.0
    """

    def __init__(
        self,
        windows: Sequence[Window],
        *,
        provider: str = "windowed",
        max_wait: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not windows:
            raise ValidationError("a limiter needs at least one window")
        self.windows = tuple(windows)
        self.provider = provider
        self.max_wait = max_wait
        self._clock = clock
        self._grants: list[deque[float]] = [deque() for _ in self.windows]
        self._last = float("-inf")
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take a slot; return the seconds to wait before using it, or raise RateLimitError."""
        with self._lock:
            now = self._clock()
            at = max(now, self._last)
            for window, grants in zip(self.windows, self._grants, strict=True):
                while grants and grants[0] <= now - window.seconds:
                    grants.popleft()
                if len(grants) >= window.limit:
                    at = max(at, grants[-window.limit] + window.seconds)
            wait = at - now
            if wait > self.max_wait:
                window = max(
                    (
                        w
                        for w, g in zip(self.windows, self._grants, strict=True)
                        if len(g) >= w.limit
                    ),
                    key=lambda w: w.seconds,
                )
                raise RateLimitError(
                    f"quota of {window.limit} calls per {window.seconds:g}s is spent; "
                    f"next slot in {wait:.0f}s",
                    provider=self.provider,
                    retry_after=wait,
                )
            for grants in self._grants:
                grants.append(at)
            self._last = at
            return wait


_LIMITERS: dict[tuple[str, str, tuple[Window, ...]], WindowedLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(
    provider: str, credential: str, windows: Sequence[Window], max_wait: float = 60.0
) -> WindowedLimiter:
    """The process-wide limiter for ``provider`` and ``credential`` (kept only as a hash)."""
    fingerprint = hashlib.sha256(credential.encode()).hexdigest()[:16]
    key = (provider, fingerprint, tuple(windows))
    with _LIMITERS_LOCK:
        limiter = _LIMITERS.get(key)
        if limiter is None:
            limiter = _LIMITERS[key] = WindowedLimiter(
                windows, provider=provider, max_wait=max_wait
            )
        return limiter


def _limiter_for(
    profile: ProviderProfile,
    limiter: WindowedLimiter | None,
    windows: Sequence[Window],
    credential: str,
    max_wait: float,
) -> WindowedLimiter | None:
    if limiter is None and windows:
        return shared_limiter(profile.name, credential, windows, max_wait)
    return limiter


class WindowedHttpClient(HttpClient):
    """An :class:`HttpClient` that reserves a slot from ``limiter`` before each request.

    Without a ``limiter``, ``windows`` make (or reuse) the process-wide one of the profile's
    provider and ``credential``; with neither, requests are not windowed.

    Retries the seam makes after a 429/5xx are not counted again: they are rare, and vendors
    that answer quota errors with HTTP 200 (Alpha Vantage) never trigger one.
    """

    def __init__(
        self,
        profile: ProviderProfile,
        limiter: WindowedLimiter | None = None,
        *,
        windows: Sequence[Window] = (),
        credential: str = "",
        max_wait: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(
            profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
        )
        self.limiter = _limiter_for(profile, limiter, windows, credential, max_wait)
        self._wait = sleep

    def send(self, request: ApiRequest) -> httpx.Response:
        """Wait for every window, then send through the seam."""
        if self.limiter is not None:
            wait = self.limiter.reserve()
            if wait > 0:
                self._wait(wait)
        return super().send(request)


class AsyncWindowedHttpClient(AsyncHttpClient):
    """The asyncio twin of :class:`WindowedHttpClient` (same limiter, awaited waits)."""

    def __init__(
        self,
        profile: ProviderProfile,
        limiter: WindowedLimiter | None = None,
        *,
        windows: Sequence[Window] = (),
        credential: str = "",
        max_wait: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(
            profile, transport=transport, timeout=timeout, retry=retry, sleep=sleep, rand=rand
        )
        self.limiter = _limiter_for(profile, limiter, windows, credential, max_wait)
        self._wait = sleep

    async def send(self, request: ApiRequest) -> httpx.Response:
        """Wait for every window, then send through the seam."""
        if self.limiter is not None:
            wait = self.limiter.reserve()
            if wait > 0:
                await self._wait(wait)
        return await super().send(request)
