"""Prices for valuing lots: explicit values or any source of latest quotes.

There is no market-data provider interface yet; :class:`QuoteSource` is the minimal shape this
package needs (``latest_quote(symbol) -> Quote``), so any provider client with that method works.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

from fin_infra.errors import CurrencyMismatchError
from fin_infra.investments.errors import MissingPriceError
from fin_infra.money import D, Money

if TYPE_CHECKING:
    from fin_infra.models import Quote
    from fin_infra.normalization import FxRates

__all__ = ["PriceBook", "Prices", "QuoteSource"]


@runtime_checkable
class QuoteSource(Protocol):
    """Anything that gives the latest :class:`~fin_infra.models.Quote` for a symbol."""

    def latest_quote(self, symbol: str) -> Quote:
        """The latest quote of ``symbol``."""
        ...


Prices: TypeAlias = Mapping[str, "Decimal | str | int | Money | Quote"] | QuoteSource
"""Explicit prices by symbol (a bare number is in the lot's currency) or a quote source."""


class PriceBook:
    """Looks up each symbol's price once and converts it to the currency asked for.

    >>> book = PriceBook({"VTI": "250.10", "SAP": Money("180", "EUR")})
    >>> book.price("VTI", "USD")
    Decimal('250.10')
    >>> book.price("SAP", "USD")
    Traceback (most recent call last):
    ...
    fin_infra.errors.CurrencyMismatchError: price of SAP is in EUR, not USD; pass fx= rates
    """

    def __init__(self, prices: Prices, fx: FxRates | None = None) -> None:
        self._prices = prices
        self._fx = fx
        self._cache: dict[str, Money | Decimal] = {}

    def _lookup(self, symbol: str) -> Money | Decimal:
        if symbol in self._cache:
            return self._cache[symbol]
        found: Money | Decimal
        if isinstance(self._prices, QuoteSource):
            quote = self._prices.latest_quote(symbol)
            found = Money(quote.price, quote.currency)
        else:
            if symbol not in self._prices:
                raise MissingPriceError(f"no price for {symbol!r}; pass one explicitly")
            value = self._prices[symbol]
            if isinstance(value, Money):
                found = value
            elif isinstance(value, Decimal | str | int):
                found = D(value)
            else:  # a Quote
                found = Money(value.price, value.currency)
        if (found.amount if isinstance(found, Money) else found) < 0:
            raise MissingPriceError(f"negative price for {symbol!r}")
        self._cache[symbol] = found
        return found

    def price(self, symbol: str, currency: str) -> Decimal:
        """The price of one unit of ``symbol`` in ``currency``."""
        found = self._lookup(symbol)
        if isinstance(found, Decimal):
            return found
        if found.currency == currency:
            return found.amount
        if self._fx is None:
            raise CurrencyMismatchError(
                f"price of {symbol} is in {found.currency}, not {currency}; pass fx= rates"
            )
        return self._fx.convert(found, currency).amount
