"""Scaffold -> migrate -> serve, per flag combination, on SQLite and PostgreSQL.

Each combination runs ``proof_app.py`` in its own process (the scaffolded models of different
combinations share table names, so they cannot live in one process). Processes of one backend
run concurrently; a failure reports its combination and the proof's output.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.integration.databases import temporary_database

PROOF = Path(__file__).with_name("proof_app.py")


def prove_all(combinations: dict[str, tuple[Path, str, list[str]]]) -> None:
    """Run the proof for every combination at once; fail listing each that failed."""
    running = {
        name: subprocess.Popen(
            [sys.executable, "-W", "error", str(PROOF), str(app_dir), url, *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, (app_dir, url, flags) in combinations.items()
    }
    failures = []
    for name, process in running.items():
        output, _ = process.communicate(timeout=300)
        if process.returncode != 0 or not output.rstrip().endswith("proof ok"):
            failures.append(f"--- {name} (exit {process.returncode}):\n{output}")
    assert not failures, "\n".join(failures)


def test_every_tenant_and_soft_delete_combination_on_sqlite(tmp_path: Path) -> None:
    # Models and schemas do not depend on --with-repository (see the unit tests), so these four
    # cover every combination; one also uses custom file names.
    combinations = {
        "plain": [],
        "tenant": ["--tenant"],
        "soft-delete, custom filenames": ["--soft-delete", "--custom-filenames"],
        "tenant, soft-delete": ["--tenant", "--soft-delete"],
    }
    runs = {}
    for index, (name, flags) in enumerate(combinations.items()):
        app_dir = tmp_path / f"app{index}"
        app_dir.mkdir()
        runs[name] = (app_dir, f"sqlite+aiosqlite:///{app_dir / 'app.db'}", flags)
    prove_all(runs)


@pytest.fixture
def two_postgres_databases(tmp_path: Path) -> Iterator[list[str]]:
    with ExitStack() as stack:
        yield [stack.enter_context(temporary_database("postgresql", tmp_path)) for _ in "ab"]


@pytest.mark.postgres
def test_representative_combinations_on_postgresql(
    tmp_path: Path, two_postgres_databases: list[str]
) -> None:
    plain, full = two_postgres_databases
    (tmp_path / "plain").mkdir()
    (tmp_path / "full").mkdir()
    prove_all(
        {
            "plain": (tmp_path / "plain", plain, []),
            "tenant, soft-delete": (tmp_path / "full", full, ["--tenant", "--soft-delete"]),
        }
    )
