"""The public surface of investments, tax and symbols: curated sorted __all__, no eager import."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

MODULES = ["fin_infra.investments", "fin_infra.tax", "fin_infra.normalization"]


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(
        exported, key=lambda n: (not (n.isupper() and len(n) > 1), not n[0].isupper(), n)
    )
    assert all(getattr(module, attr) is not None for attr in exported)


def test_import_fin_infra_does_not_load_these_packages() -> None:
    code = "import sys, json, fin_infra; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    loaded = json.loads(out.stdout)
    assert not [m for m in loaded if m.startswith(("fin_infra.investments", "fin_infra.tax"))]


def test_investments_loads_no_framework() -> None:
    code = "import sys, json, fin_infra.investments; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    heavy = {m.split(".")[0] for m in json.loads(out.stdout)} & {"pydantic", "numpy", "scipy"}
    assert heavy == set()
