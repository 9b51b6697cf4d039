"""A plain install (no extras): every command works or says which extra to install, brackets intact.

Most tests block the extras' packages in a subprocess (fast). One test builds a real fresh venv with
only the base dependencies (about half a minute with a warm pip cache).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fin_infra._extras import missing_extra_hint
from tests.unit.cli.entry_point import assert_one_error_line, run_without_extras

ROOT = Path(__file__).resolve().parents[3]
BASE_DEPENDENCIES = ("numpy", "pydantic", "scipy", "typer", "rich")

NEEDS_EXTRA = [
    (["db", "init"], "db"),
    (["db", "upgrade", "head"], "db"),
    (["db", "downgrade", "-1"], "db"),
    (["db", "current"], "db"),
    (["db", "revision", "-m", "add budgets table", "--autogenerate"], "db"),
    (["quote", "AAPL"], "providers"),
    (["history", "AAPL", "--start", "2024-01-01"], "providers"),
    (["banking", "institutions"], "providers"),
    (["banking", "sandbox"], "providers"),
]


def test_the_hint_installs_from_the_checkout_with_brackets() -> None:
    hint = missing_extra_hint("db")
    assert hint.startswith('pip install ".[db]"')
    assert "fin-infra checkout" in hint


@pytest.mark.parametrize(("args", "extra"), NEEDS_EXTRA, ids=[" ".join(a) for a, _ in NEEDS_EXTRA])
def test_commands_needing_an_extra_name_it(args: list[str], extra: str, tmp_path: Path) -> None:
    line = assert_one_error_line(run_without_extras(*args, cwd=tmp_path))
    assert f"needs the optional {extra!r} extra" in line
    assert f'pip install ".[{extra}]"' in line  # the brackets survive


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["db", "--help"],
        ["db", "downgrade", "--help"],
        ["demo", "--help"],
    ],
    ids=" ".join,
)
def test_help_and_version_work(args: list[str], tmp_path: Path) -> None:
    result = run_without_extras(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_scaffold_and_the_printed_example_work(tmp_path: Path) -> None:
    result = run_without_extras(
        "scaffold", "budgets", "--dest-dir", "app/models/budgets", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "app" / "models" / "budgets" / "budget.py").is_file()
    example = run_without_extras("demo", "--print-example", cwd=tmp_path)
    assert example.returncode == 0, example.stderr
    assert "monthly payment" in example.stdout


def test_serving_the_demo_fails_without_a_traceback(tmp_path: Path) -> None:
    result = run_without_extras("demo", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "example" in result.stdout + result.stderr


def test_a_fresh_venv_with_only_the_base_dependencies(tmp_path: Path) -> None:
    """The real thing: `pip install --no-deps` of this checkout plus the five base dependencies."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
    ]
    for args in (["--no-deps", str(ROOT)], list(BASE_DEPENDENCIES)):
        installed = subprocess.run(
            [*pip, *args], capture_output=True, text=True, timeout=300, check=False
        )
        if installed.returncode != 0:
            pytest.skip(f"cannot install into a fresh venv here: {installed.stderr[-500:]}")
    fin_infra = str(venv / "bin" / "fin-infra")
    version = subprocess.run(
        [fin_infra, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("fin-infra ")
    upgrade = subprocess.run(
        [fin_infra, "db", "upgrade", "head"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = assert_one_error_line(upgrade)
    assert 'pip install ".[db]"' in line


def test_market_error_lines_keep_their_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    from fin_infra.cli.market import _fail
    from fin_infra.errors import ValidationError

    exit_ = _fail(ValidationError(f"needs the providers extra: {missing_extra_hint('providers')}"))
    assert exit_.exit_code == 2
    assert 'pip install ".[providers]"' in capsys.readouterr().err
