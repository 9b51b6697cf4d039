"""Normalization across providers: currency conversion (and, as it grows, symbols)."""

from __future__ import annotations

from fin_infra.normalization.fx import FxRates, MissingFxRateError

__all__ = ["FxRates", "MissingFxRateError"]
