"""Suite-wide configuration: the CI flag that turns skips into failures, and ../shared lookup."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

REQUIRE_ALL = os.environ.get("FIN_INFRA_REQUIRE_ALL", "") not in ("", "0", "false", "no")
SHARED = Path(os.environ.get("FIN_INFRA_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, skipping the test (visibly) when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared (vectors, specs) is not beside this checkout")
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """With FIN_INFRA_REQUIRE_ALL set (as .ci/run does), a skipped test is a failed test."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under FIN_INFRA_REQUIRE_ALL=1 (CI): {reason}"


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder (vectors, specs); skips visibly when it is absent."""
    return shared_path()
