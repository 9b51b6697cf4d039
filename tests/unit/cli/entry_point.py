"""Run ``fin-infra`` as a user does: the installed console script, in a subprocess.

``run_without_extras`` runs the same CLI in an interpreter whose imports of the optional extras'
packages fail (as in a plain ``pip install`` with no extras), through a small bootstrap.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FIN_INFRA = Path(sys.executable).with_name("fin-infra")
CLEAN = ("SQL_URL", "DISCOVER_PACKAGES", "FIN_INFRA_APP_DIR", "FIN_INFRA_DEBUG")
# Top-level packages of the db, api, providers, categorization and example extras.
EXTRAS_PACKAGES = (
    "sqlalchemy alembic aiosqlite asyncpg aiomysql pymysql greenlet dotenv fastapi starlette "
    "uvicorn httpx cryptography jwt redis iso18245 plotly personal_finance"
).split()
BOOTSTRAP = textwrap.dedent(
    """
    import sys

    BLOCKED = set(sys.argv.pop(1).split(","))


    class BlockExtras:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None


    sys.meta_path.insert(0, BlockExtras())
    sys.argv[0] = "fin-infra"
    from fin_infra.cli import main

    main()
    """
)


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env.update({"COLUMNS": "200", "NO_COLOR": "1", **(extra or {})})
    return env


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``fin-infra ARGS`` through the installed entry point."""
    if not FIN_INFRA.is_file():
        pytest.skip(f"{FIN_INFRA} not found: install the project (pip install -e .) to test it")
    return subprocess.run(
        [str(FIN_INFRA), *args],
        cwd=cwd,
        env=_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_without_extras(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``fin-infra ARGS`` in an interpreter where every optional extra's package is missing."""
    return subprocess.run(
        [sys.executable, "-c", BOOTSTRAP, ",".join(EXTRAS_PACKAGES), *args],
        cwd=cwd,
        env=_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_error_line(
    result: subprocess.CompletedProcess[str], *, secret: str | None = None
) -> str:
    """The command failed with exactly one ``error:`` line on stderr and no traceback."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    if secret is not None:
        assert secret not in output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("error: "), output
    return lines[0]
