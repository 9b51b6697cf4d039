"""Every flag combination renders code that passes ruff (lint and format) and mypy --strict.

All combinations are written side by side (one package per combination) and checked with one
ruff and one mypy invocation. Ruff runs isolated from this repository's settings, at its default
line length, with a broad rule set: the code must suit whatever project it lands in.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from fin_infra.scaffold import DOMAINS, ScaffoldOptions, render, write_files

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
RULES = "E,F,W,I,B,UP,N,SIM,RUF,C4,RET,PT,TID,PIE,PERF,FURB,ASYNC,DTZ,ARG"
CUSTOM = ScaffoldOptions(
    include_tenant=True,
    models_filename="models.py",
    schemas_filename="schemas.py",
    repository_filename="repository.py",
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    combinations = {
        f"t{int(tenant)}_s{int(soft)}_r{int(repository)}": ScaffoldOptions(tenant, soft, repository)
        for tenant, soft, repository in itertools.product([False, True], repeat=3)
    }
    combinations["custom_filenames"] = CUSTOM
    for name, options in combinations.items():
        package = root / f"combo_{name}"
        write_files({"__init__.py": ""}, package)
        for domain in DOMAINS:
            write_files(render(domain, options), package / domain)
    return root


def check(*command: str, cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"


def test_generated_files_cover_every_combination(generated: Path) -> None:
    packages = sorted(p.name for p in generated.iterdir())
    assert len(packages) == 9
    assert len(list(generated.rglob("*.py"))) == 9 + 8 * 3 * 3 + 4 * 3 * 1 + 3 * 4


def test_ruff_lint_and_format(generated: Path) -> None:
    ruff = str(BIN / "ruff")
    check(ruff, "check", "--isolated", "--no-cache", "--select", RULES, ".", cwd=generated)
    check(ruff, "format", "--isolated", "--no-cache", "--check", ".", cwd=generated)


def test_mypy_strict(generated: Path) -> None:
    # A cache beside this repository's own keeps reruns fast; it is keyed by these module names.
    cache = REPO / ".mypy_cache" / "scaffold-generated"
    mypy = str(BIN / "mypy")
    check(mypy, "--strict", "--cache-dir", str(cache), "--no-error-summary", ".", cwd=generated)
