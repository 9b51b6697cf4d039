"""Model discovery imports whole packages; settings come from the environment or a .env file."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fin_infra.errors import ValidationError
from fin_infra.persistence import (
    DEFAULT_URL,
    DatabaseSettings,
    discover_and_import_models,
    parse_packages,
)


@pytest.fixture
def package_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    name = f"disc_{uuid.uuid4().hex[:8]}"
    pkg = tmp_path / name
    (pkg / "models" / "deep").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "models" / "__init__.py").write_text("")
    (pkg / "models" / "a.py").write_text("LOADED = True\n")
    (pkg / "models" / "deep" / "__init__.py").write_text("")
    (pkg / "models" / "deep" / "b.py").write_text("LOADED = True\n")
    (pkg / "other.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path, name
    sys.path.remove(str(tmp_path))
    for module in [m for m in sys.modules if m.startswith(name)]:
        del sys.modules[module]


def test_imports_every_module_of_every_package(package_root: tuple[Path, str]) -> None:
    _, name = package_root
    imported = discover_and_import_models(f" {name}.models , {name}.other, {name}.models")
    assert imported == [
        f"{name}.models",
        f"{name}.models.a",
        f"{name}.models.deep",
        f"{name}.models.deep.b",
        f"{name}.other",
    ]
    assert sys.modules[f"{name}.models.deep.b"].LOADED is True


def test_missing_package_is_a_clear_error(package_root: tuple[Path, str]) -> None:
    _, name = package_root
    with pytest.raises(ValidationError, match="cannot import model package"):
        discover_and_import_models(f"{name}.nope")


def test_broken_application_module_keeps_its_own_error(package_root: tuple[Path, str]) -> None:
    root, name = package_root
    (root / name / "models" / "broken.py").write_text("import not_a_real_dependency_xyz\n")
    with pytest.raises(ModuleNotFoundError, match="not_a_real_dependency_xyz"):
        discover_and_import_models(f"{name}.models")


def test_parse_packages() -> None:
    assert parse_packages("a.b, ,c,a.b") == ["a.b", "c"]
    assert parse_packages(["x", " y "]) == ["x", "y"]
    assert parse_packages("") == []


def test_settings_environment_wins_over_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SQL_URL=postgresql://file/db\nDISCOVER_PACKAGES=app.models,lib.models\n")
    from_file = DatabaseSettings.load(env_file, environ={})
    assert from_file == DatabaseSettings("postgresql://file/db", ["app.models", "lib.models"])
    both = DatabaseSettings.load(env_file, environ={"SQL_URL": "sqlite:///env.db"})
    assert both.url == "sqlite:///env.db"
    assert both.discover_packages == ["app.models", "lib.models"]
    assert DatabaseSettings.load(tmp_path / "missing.env", environ={}).url == DEFAULT_URL
