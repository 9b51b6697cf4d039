"""Package hygiene: curated, sorted ``__all__``; ``import fin_infra`` does not load httpx."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = [
    "fin_infra.providers",
    "fin_infra.providers.banking",
    "fin_infra.providers.banking.plaid",
    "fin_infra.providers.banking.sandbox",
]


def isort_style(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical."""
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__, key=isort_style)
    for attr in module.__all__:
        assert getattr(module, attr) is not None


def test_importing_fin_infra_does_not_load_the_http_stack() -> None:
    code = (
        "import sys, fin_infra; "
        "print(sorted(m for m in ('httpx', 'jwt', 'cryptography') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
