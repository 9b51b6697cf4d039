"""The public surface: curated sorted __all__, light imports, typed package."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import fin_infra

PUBLIC_MODULES = [
    "fin_infra",
    "fin_infra.calc",
    "fin_infra.errors",
    "fin_infra.money",
    "fin_infra.models",
]
HEAVY = ["fastapi", "sqlalchemy", "httpx", "alembic", "starlette", "scipy", "pydantic", "typer"]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    # isort style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions.
    assert exported == sorted(
        exported, key=lambda n: (not (n.isupper() and len(n) > 1), not n[0].isupper(), n)
    )
    for attr in exported:
        assert getattr(module, attr) is not None


def test_lazy_model_names_resolve() -> None:
    assert fin_infra.Transaction.__name__ == "Transaction"
    with pytest.raises(AttributeError):
        _ = fin_infra.NoSuchThing  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", ["fin_infra", "fin_infra.calc"])
def test_import_loads_no_framework(module: str) -> None:
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    heavy = [m for m in loaded if m.split(".")[0] in HEAVY]
    assert heavy == [], f"import {module} pulled in {sorted({m.split('.')[0] for m in heavy})}"
    if module == "fin_infra":
        assert "numpy" not in loaded


def test_py_typed_ships() -> None:
    assert (Path(fin_infra.__file__).parent / "py.typed").exists()


def test_every_error_is_a_fin_infra_error() -> None:
    from fin_infra import errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.FinInfraError)
    assert issubclass(errors.NoSolutionError, errors.CalculationError)
    assert issubclass(errors.ConvergenceError, ValueError)
