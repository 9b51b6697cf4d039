"""Several market-data providers tried in order: the first that answers wins.

A provider that fails (any :class:`~fin_infra.providers.errors.ProviderError`: down, rate
limited, unknown symbol, bad key; or a :class:`~fin_infra.errors.ValidationError` for a request
it cannot serve, such as minute bars from CoinGecko) is skipped and the next one is asked. When
all fail, :class:`AllProvidersFailedError` carries every error. The answering provider is
visible in ``Quote.source``.

A history is never stitched from two vendors: ``bars()`` restarts the whole range on the next
provider, and ``iter_bars()`` falls back only until the first page has been handed out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from fin_infra.errors import ValidationError
from fin_infra.models import Bar, Quote, Security
from fin_infra.providers.errors import ProviderError
from fin_infra.providers.market_data._common import BarsMixin
from fin_infra.providers.market_data.base import BarsQuery, MarketDataProvider, collect_bars

__all__ = ["AllProvidersFailedError", "FallbackMarketData"]

T = TypeVar("T")
_SKIPPABLE = (ProviderError, ValidationError)


class AllProvidersFailedError(ProviderError):
    """Every provider of a :class:`FallbackMarketData` failed; ``errors`` lists why, in order."""

    def __init__(self, what: str, errors: Sequence[Exception]) -> None:
        reasons = "; ".join(f"{type(e).__name__}: {e}" for e in errors)
        retryable = any(getattr(e, "retryable", False) for e in errors)
        super().__init__(
            f"{what}: every provider failed ({reasons})", provider="fallback", retryable=retryable
        )
        self.errors = list(errors)


class FallbackMarketData(BarsMixin):
    """Try ``providers`` in order; implements ``MarketDataProvider``."""

    def __init__(self, providers: Sequence[MarketDataProvider]) -> None:
        if not providers:
            raise ValidationError("FallbackMarketData needs at least one provider")
        self.providers = list(providers)
        self.name = "fallback(" + ",".join(p.name for p in self.providers) + ")"

    def __repr__(self) -> str:
        return f"FallbackMarketData({self.providers!r})"

    def _first(self, what: str, call: Callable[[MarketDataProvider], T]) -> T:
        errors: list[Exception] = []
        for provider in self.providers:
            try:
                return call(provider)
            except _SKIPPABLE as exc:
                errors.append(exc)
        raise AllProvidersFailedError(what, errors)

    def quote(self, symbol: str) -> Quote:
        """The first provider's quote that succeeds."""
        return self._first(f"quote {symbol}", lambda p: p.quote(symbol))

    def _collect(self, query: BarsQuery) -> list[Bar]:
        """The whole range from the first provider that delivers all of it (for ``bars()``)."""
        return self._first(f"bars {query.symbol}", lambda p: collect_bars(p.iter_bars(query)))

    def iter_bars(self, query: BarsQuery) -> Iterator[list[Bar]]:
        """Pages from the first provider that delivers a first page; later failures propagate."""
        errors: list[Exception] = []
        for provider in self.providers:
            pages = provider.iter_bars(query)
            try:
                first = next(pages, None)
            except _SKIPPABLE as exc:
                errors.append(exc)
                continue
            if first is not None:
                yield first
                yield from pages
            return
        raise AllProvidersFailedError(f"bars {query.symbol}", errors)

    def search(self, query: str, *, limit: int = 10) -> list[Security]:
        """The first non-empty result (an empty one may just mean "not this vendor's market")."""
        errors: list[Exception] = []
        for provider in self.providers:
            try:
                found = provider.search(query, limit=limit)
            except _SKIPPABLE as exc:
                errors.append(exc)
                continue
            if found:
                return found
        if errors and len(errors) == len(self.providers):
            raise AllProvidersFailedError(f"search {query!r}", errors)
        return []
