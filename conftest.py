"""Root pytest configuration, so it covers tests/ and the doctests in src/ alike.

With ``FIN_INFRA_REQUIRE_ALL=1`` (set by ``.ci/run``) a skipped test is reported as failed: CI must
exercise the real database servers and ``../shared``; a laptop without them skips visibly instead.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

REQUIRE_ALL = os.environ.get("FIN_INFRA_REQUIRE_ALL", "") not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """Under FIN_INFRA_REQUIRE_ALL, turn a skip (but not an expected failure) into a failure."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under FIN_INFRA_REQUIRE_ALL=1 (CI): {reason}"
