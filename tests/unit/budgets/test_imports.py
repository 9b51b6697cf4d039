"""The trackers stay light: SQL adapters and routers load only when imported by name."""

from __future__ import annotations

import json
import subprocess
import sys


def test_tracker_packages_load_neither_sqlalchemy_nor_fastapi() -> None:
    code = (
        "import sys, json, fin_infra, fin_infra.budgets, fin_infra.goals, fin_infra.net_worth;"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = set(
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
    )
    heavy = {"sqlalchemy", "fastapi", "fin_infra._tracking.sql", "fin_infra._tracking.api"}
    heavy |= {
        f"fin_infra.{p}.{m}" for p in ("budgets", "goals", "net_worth") for m in ("sql", "api")
    }
    assert not heavy & loaded
