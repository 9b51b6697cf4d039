"""Package hygiene of market data and brokerage: curated sorted ``__all__``, lazy vendors."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

PACKAGES = [
    "fin_infra.providers.brokerage",
    "fin_infra.providers.brokerage.alpaca",
    "fin_infra.providers.market_data",
    "fin_infra.providers.market_data.alpaca",
    "fin_infra.providers.market_data.alphavantage",
    "fin_infra.providers.market_data.coingecko",
    "fin_infra.providers.market_data.polygon",
    "fin_infra.providers.market_data.sandbox",
]


def isort_style(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_documented_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    assert module.__all__ == sorted(module.__all__, key=isort_style)
    for attr in module.__all__:
        assert getattr(module, attr) is not None


def test_market_data_loads_no_vendor_and_no_redis_until_used() -> None:
    code = (
        "import sys, json, fin_infra.providers.market_data as md; "
        "md.easy_market_data('sandbox'); print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "redis" not in loaded
    for vendor in ("alpaca", "polygon", "alphavantage", "coingecko"):
        assert f"fin_infra.providers.market_data.{vendor}" not in loaded
    assert "fin_infra.providers.brokerage" not in loaded
