"""What every blocking market-data client shares: the HTTP client's lifetime and ``bars()``.

A vendor client supplies ``quote``, ``iter_bars`` and ``search`` (built on its I/O-free core);
:class:`SyncClientBase` adds ``bars()`` on top of ``iter_bars`` and closes the connection pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Security
from fin_infra.providers._http import HttpClient
from fin_infra.providers._resource import SyncResource
from fin_infra.providers.market_data.base import BarsQuery, Interval, collect_bars

__all__ = ["BarsMixin", "SyncClientBase", "check_limit", "rank_matches"]


def check_limit(limit: int) -> int:
    """``limit`` for a search, or ValidationError when it is not positive."""
    if limit < 1:
        raise ValidationError("limit must be at least 1")
    return limit


class BarsMixin:
    """``bars()`` as every page of ``iter_bars()`` joined."""

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def bars(
        self,
        symbol: str,
        start: dt.date | dt.datetime,
        end: dt.date | dt.datetime | None = None,
        *,
        interval: Interval | str = Interval.DAY,
        adjusted: bool = True,
    ) -> list[Bar]:
        """Every bar of ``symbol`` between ``start`` and ``end`` (inclusive), oldest first."""
        query = BarsQuery.of(symbol, start, end, interval=interval, adjusted=adjusted)
        return collect_bars(self.iter_bars(query))


class SyncClientBase(BarsMixin, SyncResource):
    """Connection-pool lifetime and ``bars()`` for the blocking vendor clients."""

    name: str
    _http: HttpClient

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


def rank_matches(query: str, found: Iterable[Security], limit: int) -> list[Security]:
    """``found`` filtered to those matching ``query``: exact symbol, symbol prefix, then name.

    >>> from fin_infra.models import Security
    >>> s = [Security(id="1", symbol="AAPB"), Security(id="2", symbol="AAPL", name="Apple")]
    >>> [m.symbol for m in rank_matches("aapl", s, 5)]
    ['AAPL']
    >>> [m.symbol for m in rank_matches("app", s, 5)]
    ['AAPL']
    """
    needle = query.strip().lower()
    scored: list[tuple[int, int, Security]] = []
    for i, sec in enumerate(found):
        symbol, name = (sec.symbol or "").lower(), (sec.name or "").lower()
        if symbol == needle:
            rank = 0
        elif symbol.startswith(needle):
            rank = 1
        elif needle in name:
            rank = 2
        else:
            continue
        scored.append((rank, i, sec))
    scored.sort(key=lambda item: item[:2])
    return [sec for _, _, sec in scored[:limit]]
