"""Ticker symbols across vendors: one canonical spelling for share classes and crypto pairs.

Vendors spell the same instrument differently: Berkshire Hathaway class B is ``BRK.B`` at Alpaca
and Polygon, ``BRK-B`` at Yahoo, ``BRK/B`` or ``BRK B`` elsewhere; bitcoin in dollars is
``BTC/USD``, ``BTC-USD``, ``BTCUSD``, ``XBTUSD`` or ``X:BTCUSD``. fin-infra's canonical forms are
``BRK.B`` (upper case, a dot before the share class) and ``BTC/USD`` (base, slash, quote).

>>> normalize_symbol("brk-b")
'BRK.B'
>>> normalize_crypto_pair("XBTUSD")
CryptoPair(base='BTC', quote='USD')
>>> to_vendor_symbol("BRK.B", "yahoo"), to_vendor_symbol("BTC/USD", "polygon")
('BRK-B', 'X:BTCUSD')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from fin_infra.errors import ValidationError

__all__ = [
    "CRYPTO_QUOTES",
    "CryptoPair",
    "SymbolError",
    "Vendor",
    "is_crypto_pair",
    "normalize_crypto_pair",
    "normalize_symbol",
    "to_vendor_symbol",
]

Vendor = Literal["alpaca", "polygon", "yahoo", "plaid", "coinbase", "kraken", "binance"]
"""Vendors whose spelling :func:`to_vendor_symbol` knows."""

CRYPTO_QUOTES: Final[tuple[str, ...]] = (
    "USDT",
    "USDC",
    "BUSD",
    "DAI",
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CAD",
    "AUD",
    "CHF",
    "BTC",
    "ETH",
)
"""Quote currencies recognised at the end of an unseparated pair such as ``ETHUSDT`` (longest
first, so ``USDT`` wins over ``USD``)."""

# Vendor aliases for the same coin (Kraken writes bitcoin XBT and dogecoin XDG).
_COIN_ALIASES: Final[dict[str, str]] = {"XBT": "BTC", "XDG": "DOGE"}
_EQUITY = re.compile(r"^([A-Z0-9]{1,10})(?:[.\-/ ]([A-Z]{1,2}))?$")
_PAIR = re.compile(r"^([A-Z0-9]{2,10})[/\-_:]([A-Z0-9]{2,10})$")
_PAIR_PREFIX: Final[tuple[str, ...]] = ("X:", "CRYPTO:")


class SymbolError(ValidationError):
    """A symbol could not be read as a ticker or a crypto pair."""


@dataclass(frozen=True, slots=True)
class CryptoPair:
    """A crypto trading pair: ``base`` priced in ``quote`` (``BTC/USD``: bitcoin in dollars)."""

    base: str
    quote: str

    def __str__(self) -> str:
        return f"{self.base}/{self.quote}"


def _coin(code: str) -> str:
    return _COIN_ALIASES.get(code, code)


def _clean(raw: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise SymbolError(f"not a symbol: {raw!r}")
    return raw.strip().upper()


@lru_cache(maxsize=4096)
def normalize_crypto_pair(raw: str) -> CryptoPair:
    """Read a crypto pair in any common spelling (``btc-usd``, ``X:BTCUSD``, ``XBT/USD``...).

    An unseparated pair is split at a known quote currency (:data:`CRYPTO_QUOTES`); Kraken's
    ``XBT`` and ``XDG`` become ``BTC`` and ``DOGE``. Raises :class:`SymbolError` otherwise.
    """
    text = _clean(raw)
    for prefix in _PAIR_PREFIX:
        text = text.removeprefix(prefix)
    match = _PAIR.match(text)
    if match:
        return CryptoPair(_coin(match[1]), _coin(match[2]))
    if text.isalnum():
        for quote in CRYPTO_QUOTES:
            base = text.removesuffix(quote)
            if base != text and len(base) >= 2:
                return CryptoPair(_coin(base), quote)
    raise SymbolError(f"not a crypto pair: {raw!r}")


def is_crypto_pair(raw: str) -> bool:
    """True when ``raw`` is explicitly written as a pair (a separator or a vendor prefix).

    An unseparated string such as ``BTCUSD`` is ambiguous with a ticker, so it is not a pair here;
    call :func:`normalize_crypto_pair` when the caller knows it is one.
    """
    text = raw.strip().upper()
    if text.startswith(_PAIR_PREFIX):
        return True
    match = _PAIR.match(text)
    # "BRK-B" has a one-letter suffix: a share class, not a quote currency.
    return match is not None and len(match[2]) >= 3


@lru_cache(maxsize=65536)
def normalize_symbol(raw: str) -> str:
    """The canonical spelling of a ticker (``BRK.B``) or a crypto pair (``BTC/USD``).

    Upper-cases, trims, writes a share class after a dot whatever the vendor's separator
    (``BRK-B``, ``BRK/B``, ``BRK B``) and writes explicit crypto pairs as ``BASE/QUOTE``.

    >>> [normalize_symbol(s) for s in (" aapl ", "BRK/B", "BF B", "eth-usdt", "X:BTCUSD")]
    ['AAPL', 'BRK.B', 'BF.B', 'ETH/USDT', 'BTC/USD']
    """
    text = _clean(raw)
    if is_crypto_pair(text):
        return str(normalize_crypto_pair(text))
    match = _EQUITY.match(text)
    if not match:
        raise SymbolError(f"not a ticker symbol: {raw!r}")
    return f"{match[1]}.{match[2]}" if match[2] else match[1]


def to_vendor_symbol(symbol: str, vendor: Vendor) -> str:
    """Spell a canonical symbol (or any spelling :func:`normalize_symbol` reads) for ``vendor``.

    >>> to_vendor_symbol("ETH/USD", "coinbase"), to_vendor_symbol("BTC/USD", "kraken")
    ('ETH-USD', 'XBT/USD')
    """
    canonical = normalize_symbol(symbol)
    if "/" in canonical:
        pair = normalize_crypto_pair(canonical)
        if vendor in ("alpaca", "plaid"):
            return str(pair)
        if vendor in ("yahoo", "coinbase"):
            return f"{pair.base}-{pair.quote}"
        if vendor == "polygon":
            return f"X:{pair.base}{pair.quote}"
        if vendor == "kraken":
            base = {v: k for k, v in _COIN_ALIASES.items()}.get(pair.base, pair.base)
            return f"{base}/{pair.quote}"
        if vendor == "binance":
            return f"{pair.base}{pair.quote}"
        raise SymbolError(f"unknown vendor {vendor!r}")
    if vendor in ("alpaca", "polygon", "plaid"):
        return canonical
    if vendor == "yahoo":
        return canonical.replace(".", "-")
    if vendor in ("coinbase", "kraken", "binance"):
        raise SymbolError(f"{vendor} lists crypto pairs only, not {canonical!r}")
    raise SymbolError(f"unknown vendor {vendor!r}")
