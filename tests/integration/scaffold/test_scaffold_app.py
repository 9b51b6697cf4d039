"""Scaffold -> migrate -> serve, per flag combination, on SQLite, PostgreSQL and MariaDB.

Each combination runs ``proof_app.py`` in its own process (the scaffolded models of different
combinations share table names, so they cannot live in one process). Processes of one backend
run concurrently; a failure reports its combination and the proof's output.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.integration.databases import BACKENDS, temporary_database

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


# Models and schemas do not depend on --with-repository (see the unit tests), so these four
# cover every combination; one also uses custom file names.
COMBINATIONS = {
    "plain": [],
    "tenant": ["--tenant"],
    "soft-delete, custom filenames": ["--soft-delete", "--custom-filenames"],
    "tenant, soft-delete": ["--tenant", "--soft-delete"],
}


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_tenant_and_soft_delete_combination(backend: str, tmp_path: Path) -> None:
    """Each combination on each backend: a clean second autogenerate, CRUD, repositories."""
    with ExitStack() as stack:
        runs = {}
        for index, (name, flags) in enumerate(COMBINATIONS.items()):
            app_dir = tmp_path / f"app{index}"
            app_dir.mkdir()
            url = stack.enter_context(temporary_database(backend, app_dir))
            runs[name] = (app_dir, url, flags)
        prove_all(runs)
