"""The public surface: sorted __all__, light imports, typed package; what the wheels hold."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import fin_infra

ROOT = Path(__file__).resolve().parents[2]
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


def _build_wheel(project: Path, out: Path) -> list[str]:
    """Build ``project``'s wheel as a user would (pip, offline) and return its file names."""
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip, "--no-index", "--wheel-dir", str(out), str(project)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_library_wheel_holds_only_fin_infra(tmp_path: Path) -> None:
    names = _build_wheel(ROOT, tmp_path)
    tops = {name.split("/")[0] for name in names}
    assert tops == {"fin_infra", "fin_infra-0.1.0.dist-info"}
    assert "fin_infra/py.typed" in names
    assert "fin_infra-0.1.0.dist-info/licenses/LICENSE" in names


def test_the_example_wheel_holds_the_app_its_migrations_and_static_files(tmp_path: Path) -> None:
    names = _build_wheel(ROOT / "examples", tmp_path)
    assert {name.split("/")[0] for name in names} == {
        "personal_finance",
        "fin_infra_example-0.1.0.dist-info",
    }
    assert "personal_finance/app.py" in names
    assert "personal_finance/static/dashboard.html" in names
    assert "personal_finance/migrations/env.py" in names
    assert "personal_finance/migrations/script.py.mako" in names
    shipped = {n for n in names if n.startswith("personal_finance/migrations/versions/")}
    on_disk = {
        f"personal_finance/migrations/versions/{p.name}"
        for p in (ROOT / "examples/personal_finance/migrations/versions").glob("*.py")
    }
    assert shipped == on_disk != set()
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_example_pins_the_library_version_it_ships_with() -> None:
    library = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    example = tomllib.loads((ROOT / "examples/pyproject.toml").read_text())["project"]
    assert example["version"] == library["version"]
    (pin,) = [d for d in example["dependencies"] if d.startswith("fin-infra[")]
    assert pin.endswith(f"]=={library['version']}")  # met by the checkout, never the registry
    assert "example" not in library["optional-dependencies"]


def test_license_file_matches_the_declared_license() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n\nCopyright (c) 2026 fin-infra maintainers\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def test_changelog_has_an_unreleased_section_and_the_current_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    headings = [
        line for line in (ROOT / "CHANGELOG.md").read_text().splitlines() if line.startswith("## ")
    ]
    assert headings[0] == "## [Unreleased]"
    assert any(h.startswith(f"## [{version}] - ") for h in headings), headings
