"""A small TTL cache in front of any market-data provider: in memory, or Redis given a URL.

Quotes, bar ranges and searches are cached as JSON (amounts as strings, so exact) under keys
that name the provider, the symbol and every query parameter. The library stores nothing by
itself: the cache lives in the application's process or in the application's Redis.
``redis`` is imported only when a :class:`RedisCache` is built.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, Protocol, runtime_checkable

from pydantic import TypeAdapter

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers.market_data._common import BarsMixin
from fin_infra.providers.market_data.base import BarsQuery, MarketDataProvider

__all__ = ["CachedMarketData", "MemoryCache", "RedisCache", "TTLCache", "make_cache"]

_BARS = TypeAdapter(list[Bar])
_SECURITIES = TypeAdapter(list[Security])


@runtime_checkable
class TTLCache(Protocol):
    """Bytes under string keys, each expiring ``ttl`` seconds after it was set."""

    def get(self, key: str) -> bytes | None:
        """The value, or ``None`` when absent or expired."""
        ...

    def set(self, key: str, value: bytes, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds."""
        ...


class MemoryCache:
    """An in-process LRU cache with per-entry expiry (thread-safe).

    >>> now = [0.0]
    >>> c = MemoryCache(clock=lambda: now[0])
    >>> c.set("k", b"v", ttl=10); c.get("k")
    b'v'
    >>> now[0] = 10.0; c.get("k") is None
    True
    """

    def __init__(self, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic):
        if max_entries < 1:
            raise ValidationError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        """The value, or ``None`` when absent or expired."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return entry[1]

    def set(self, key: str, value: bytes, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds, evicting the least recently used beyond the cap."""
        with self._lock:
            self._data[key] = (self._clock() + ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class RedisCache:
    """A TTL cache in Redis (``redis://host:port/db``), keys under ``prefix``.

    Needs the ``redis`` package (in the ``providers`` extra). Pass ``client`` to reuse a
    connection the application already has.
    """

    def __init__(
        self, url: str | None = None, *, prefix: str = "fin-infra:md:", client: Any = None
    ):
        if client is None:
            if not url:
                raise ValidationError("RedisCache needs a url or a client")
            import redis

            client = redis.Redis.from_url(url)
        self.client = client
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        """The value, or ``None`` when absent or expired."""
        value = self.client.get(self.prefix + key)
        return None if value is None else bytes(value)

    def set(self, key: str, value: bytes, ttl: float) -> None:
        """Store ``value`` with Redis's own expiry (millisecond precision)."""
        self.client.set(self.prefix + key, value, px=max(1, int(ttl * 1000)))

    def __repr__(self) -> str:
        return f"RedisCache(prefix={self.prefix!r})"


def make_cache(url: str | None = None, *, prefix: str = "fin-infra:md:") -> TTLCache:
    """A :class:`RedisCache` for ``url``, or a :class:`MemoryCache` when there is none."""
    return RedisCache(url, prefix=prefix) if url else MemoryCache()


def _iso(value: dt.datetime) -> str:
    return value.isoformat()


class CachedMarketData(BarsMixin):
    """``provider`` behind a TTL cache; implements ``MarketDataProvider``.

    Quotes live ``quote_ttl`` seconds (15 by default: a quote is a moving target), bar ranges
    ``bars_ttl`` (5 minutes; ranges reaching into today keep changing) and searches
    ``search_ttl`` (a day).
    """

    def __init__(
        self,
        provider: MarketDataProvider,
        cache: TTLCache | None = None,
        *,
        quote_ttl: float = 15.0,
        bars_ttl: float = 300.0,
        search_ttl: float = 86_400.0,
    ) -> None:
        self.provider = provider
        self.cache: TTLCache = cache if cache is not None else MemoryCache()
        self.name = provider.name
        self.quote_ttl, self.bars_ttl, self.search_ttl = quote_ttl, bars_ttl, search_ttl

    def __repr__(self) -> str:
        return f"CachedMarketData({self.provider!r})"

    def quote(self, symbol: str) -> Quote:
        """The cached quote, or the provider's (then cached)."""
        key = f"quote:{self.name}:{symbol.strip().upper()}"
        hit = self.cache.get(key)
        if hit is not None:
            return Quote.model_validate_json(hit)
        quote = self.provider.quote(symbol)
        self.cache.set(key, quote.model_dump_json().encode(), self.quote_ttl)
        return quote

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:
        """The cached range as one page, or the provider's pages (cached once complete)."""
        key = (
            f"bars:{self.name}:{query.symbol}:{query.interval.value}:{int(query.adjusted)}:"
            f"{_iso(query.start)}:{_iso(query.end)}"
        )
        hit = self.cache.get(key)
        if hit is not None:
            yield _BARS.validate_json(hit)
            return
        seen: list[Bar] = []
        for page in self.provider.iter_bars(query):
            seen.extend(page)
            yield page
        self.cache.set(key, _BARS.dump_json(seen), self.bars_ttl)

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """Cached search results."""
        key = f"search:{self.name}:{limit}:{query.strip().lower()}"
        hit = self.cache.get(key)
        if hit is not None:
            return _SECURITIES.validate_json(hit)
        found = self.provider.search(query, limit=limit)
        self.cache.set(key, _SECURITIES.dump_json(found), self.search_ttl)
        return found
