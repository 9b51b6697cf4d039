"""The package surface: a curated, sorted ``__all__`` and imports that stay light."""

from __future__ import annotations

import subprocess
import sys

from fin_infra import analytics


def test_all_is_sorted_and_complete() -> None:
    assert analytics.__all__ == sorted(analytics.__all__)
    for name in analytics.__all__:
        assert getattr(analytics, name).__module__.startswith("fin_infra.analytics")


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_import_fin_infra_does_not_load_analytics() -> None:
    assert "fin_infra.analytics" not in _modules_after("import fin_infra")


def test_analytics_loads_no_framework() -> None:
    loaded = {m.split(".")[0] for m in _modules_after("import fin_infra.analytics")}
    assert loaded.isdisjoint({"pandas", "scipy", "pydantic"})
    assert "fin_infra.calc" not in loaded  # the XIRR solver loads only for money_weighted_return
