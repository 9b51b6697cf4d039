"""Symbol normalization: share classes and crypto pairs across vendor spellings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.errors import ValidationError
from fin_infra.normalization import (
    CryptoPair,
    SymbolError,
    is_crypto_pair,
    normalize_crypto_pair,
    normalize_symbol,
    to_vendor_symbol,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("BRK.B", "BRK.B"),
        ("BRK-B", "BRK.B"),
        ("brk/b", "BRK.B"),
        ("BRK B", "BRK.B"),
        (" aapl\t", "AAPL"),
        ("RDS-A", "RDS.A"),
        ("BTC-USD", "BTC/USD"),
        ("btc/usd", "BTC/USD"),
        ("XBT/USD", "BTC/USD"),
        ("X:BTCUSD", "BTC/USD"),
        ("ETH_USDT", "ETH/USDT"),
        ("CRYPTO:ETHUSDC", "ETH/USDC"),
    ],
)
def test_normalize_symbol(raw: str, canonical: str) -> None:
    assert normalize_symbol(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "pair"),
    [
        ("BTCUSD", CryptoPair("BTC", "USD")),
        ("ETHUSDT", CryptoPair("ETH", "USDT")),  # the longer quote wins over USD
        ("XDGEUR", CryptoPair("DOGE", "EUR")),
        ("SOL-BTC", CryptoPair("SOL", "BTC")),
    ],
)
def test_crypto_pairs(raw: str, pair: CryptoPair) -> None:
    assert normalize_crypto_pair(raw) == pair
    assert str(pair) == f"{pair.base}/{pair.quote}"


def test_ambiguity_and_errors() -> None:
    assert normalize_symbol("BTCUSD") == "BTCUSD"  # a ticker unless the caller says pair
    assert not is_crypto_pair("BRK-B")
    assert is_crypto_pair("BTC-USD")
    for bad in ("", "   ", "BRK.B.C", "TOO-LONG-NAME", "A$B"):
        with pytest.raises(SymbolError):
            normalize_symbol(bad)
    with pytest.raises(ValidationError, match="crypto pair"):
        normalize_crypto_pair("USD")


@pytest.mark.parametrize(
    ("symbol", "vendor", "spelled"),
    [
        ("BRK.B", "yahoo", "BRK-B"),
        ("BRK-B", "alpaca", "BRK.B"),
        ("BRK.B", "polygon", "BRK.B"),
        ("BTC/USD", "alpaca", "BTC/USD"),
        ("BTC/USD", "yahoo", "BTC-USD"),
        ("BTC/USD", "polygon", "X:BTCUSD"),
        ("BTC/USD", "kraken", "XBT/USD"),
        ("ETH-USDT", "binance", "ETHUSDT"),
        ("eth/usd", "coinbase", "ETH-USD"),
    ],
)
def test_to_vendor_symbol(symbol: str, vendor: str, spelled: str) -> None:
    assert to_vendor_symbol(symbol, vendor) == spelled  # type: ignore[arg-type]


def test_vendor_errors() -> None:
    with pytest.raises(SymbolError, match="crypto pairs only"):
        to_vendor_symbol("AAPL", "coinbase")
    with pytest.raises(SymbolError, match="unknown vendor"):
        to_vendor_symbol("AAPL", "bloomberg")  # type: ignore[arg-type]
    with pytest.raises(SymbolError, match="unknown vendor"):
        to_vendor_symbol("BTC/USD", "bloomberg")  # type: ignore[arg-type]


tickers = st.from_regex(r"[A-Z]{1,5}(\.[A-Z])?", fullmatch=True)
vendors = st.sampled_from(["alpaca", "polygon", "yahoo", "plaid"])


@given(tickers, vendors)
def test_vendor_spelling_round_trips(symbol: str, vendor: str) -> None:
    assert normalize_symbol(to_vendor_symbol(symbol, vendor)) == symbol  # type: ignore[arg-type]
    assert normalize_symbol(normalize_symbol(symbol)) == normalize_symbol(symbol)
