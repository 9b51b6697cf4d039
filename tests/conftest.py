"""Shared test helpers: where ../shared is, and the fixture that finds it (skipping visibly)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("FIN_INFRA_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, skipping the test (visibly) when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared (vectors, specs) is not beside this checkout")
    return path


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder (vectors, specs); skips visibly when it is absent."""
    return shared_path()
