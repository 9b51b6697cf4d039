"""The CLI and the top-level package stay light: no database or web framework at import time."""

from __future__ import annotations

import subprocess
import sys


def test_cli_and_package_import_no_db_or_web_framework() -> None:
    code = (
        "import sys, fin_infra, fin_infra.cli; "
        "heavy = {'sqlalchemy', 'alembic', 'fastapi', 'asyncpg', 'aiomysql', 'aiosqlite'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
