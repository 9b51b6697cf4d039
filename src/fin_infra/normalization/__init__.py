"""Normalization across providers: currency conversion and symbol spelling."""

from __future__ import annotations

from fin_infra.normalization.fx import FxRates, MissingFxRateError
from fin_infra.normalization.symbols import (
    CryptoPair,
    SymbolError,
    is_crypto_pair,
    normalize_crypto_pair,
    normalize_symbol,
    to_vendor_symbol,
)

__all__ = [
    "CryptoPair",
    "FxRates",
    "MissingFxRateError",
    "SymbolError",
    "is_crypto_pair",
    "normalize_crypto_pair",
    "normalize_symbol",
    "to_vendor_symbol",
]
