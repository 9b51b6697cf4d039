"""Remembering webhooks already accepted, so a captured one cannot be replayed.

A seen-store records the SHA-256 of each verified webhook body for as long as its signature
could still be accepted (the maximum age plus clock skew). :class:`MemorySeenStore` keeps them in
the process (one worker); :class:`RedisSeenStore` shares them between workers and hosts with one
atomic ``SET NX`` per webhook.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from fin_infra.errors import ValidationError

__all__ = ["AsyncSeenStore", "MemorySeenStore", "RedisSeenStore", "SeenStore"]


class SeenStore(Protocol):
    """Where verified webhook digests are remembered (blocking)."""

    def add_if_new(self, digest: str, ttl: float) -> bool:
        """Record ``digest`` for ``ttl`` seconds; False when it was already there."""
        ...

    def discard(self, digest: str) -> None:
        """Forget ``digest`` (the handler failed; let the provider's retry through)."""
        ...


class AsyncSeenStore(Protocol):
    """The asyncio form of :class:`SeenStore`."""

    def add_if_new(self, digest: str, ttl: float) -> Awaitable[bool]: ...

    def discard(self, digest: str) -> Awaitable[None]: ...


class MemorySeenStore:
    """Digests in this process, expired lazily, at most ``max_entries`` (oldest dropped)."""

    def __init__(
        self, *, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_entries < 1:
            raise ValidationError("max_entries must be at least 1")
        self._entries: OrderedDict[str, float] = OrderedDict()
        self._max = max_entries
        self._clock = clock

    def add_if_new(self, digest: str, ttl: float) -> bool:
        now = self._clock()
        while self._entries and next(iter(self._entries.values())) <= now:
            self._entries.popitem(last=False)
        until = self._entries.get(digest)
        if until is not None and until > now:
            return False
        self._entries[digest] = now + ttl
        self._entries.move_to_end(digest)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return True

    def discard(self, digest: str) -> None:
        self._entries.pop(digest, None)

    def __len__(self) -> int:
        return len(self._entries)


class RedisSeenStore:
    """Digests in Redis under ``prefix``, each with Redis's own expiry (``SET NX PX``).

    Pass a ``redis.Redis`` ``client`` the application already has, or a ``url``.
    """

    def __init__(
        self, url: str | None = None, *, prefix: str = "fin-infra:webhook:", client: Any = None
    ) -> None:
        if client is None:
            if not url:
                raise ValidationError("RedisSeenStore needs a url or a client")
            import redis

            client = redis.Redis.from_url(url)
        self.client = client
        self.prefix = prefix

    def add_if_new(self, digest: str, ttl: float) -> bool:
        added = self.client.set(self.prefix + digest, b"1", nx=True, px=max(1, int(ttl * 1000)))
        return bool(added)

    def discard(self, digest: str) -> None:
        self.client.delete(self.prefix + digest)

    def __repr__(self) -> str:
        return f"RedisSeenStore(prefix={self.prefix!r})"
