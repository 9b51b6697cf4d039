"""``fin-infra scaffold``: help, writing, refusing to overwrite, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from fin_infra.cli import app
from fin_infra.scaffold import ScaffoldOptions, render


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["scaffold", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_help_lists_each_domain_with_a_line() -> None:
    code, output = invoke("--help")
    assert code == 0
    for domain, words in (
        ("budgets", "planned spending per category"),
        ("goals", "savings, debt payoff"),
        ("net_worth", "assets, liabilities and net worth"),
    ):
        line = next(line for line in output.splitlines() if f" {domain} " in line)
        assert words in line


def test_options_are_documented() -> None:
    code, output = invoke("budgets", "--help")
    assert code == 0
    for option in (
        "--dest-dir",
        "--include-tenant",
        "--include-soft-delete",
        "--with-repository",
        "--no-with-repository",
        "--models-filename",
        "--schemas-filename",
        "--repository-filename",
        "--overwrite",
    ):
        assert option in output


def test_writes_the_rendered_package(tmp_path: Path) -> None:
    dest = tmp_path / "app" / "models" / "budgets"
    code, output = invoke(
        "budgets", "--dest-dir", str(dest), "--include-tenant", "--include-soft-delete"
    )
    assert code == 0, output
    expected = render("budgets", ScaffoldOptions(include_tenant=True, include_soft_delete=True))
    assert {p.name: p.read_text() for p in dest.iterdir()} == expected
    assert output.splitlines() == [f"wrote {dest / name}" for name in expected]


def test_no_repository_and_custom_names(tmp_path: Path) -> None:
    code, output = invoke(
        "net_worth",
        "--dest-dir",
        str(tmp_path),
        "--no-with-repository",
        "--models-filename",
        "snapshot.py",
        "--schemas-filename",
        "api.py",
    )
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["__init__.py", "api.py", "snapshot.py"]


def test_existing_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "goal_schemas.py").write_text("# mine\n")
    code, output = invoke("goals", "--dest-dir", str(tmp_path))
    assert code == 1
    assert output.strip() == (
        f"error: {tmp_path / 'goal_schemas.py'} already exists "
        "(nothing was written; use --overwrite to replace it)"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["goal_schemas.py"]
    assert (tmp_path / "goal_schemas.py").read_text() == "# mine\n"


def test_overwrite_replaces_existing_files(tmp_path: Path) -> None:
    (tmp_path / "goal_schemas.py").write_text("# mine\n")
    code, output = invoke("goals", "--dest-dir", str(tmp_path), "--overwrite")
    assert code == 0, output
    assert (tmp_path / "goal_schemas.py").read_text() == render("goals")["goal_schemas.py"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files


def test_bad_file_name_is_one_clear_line(tmp_path: Path) -> None:
    code, output = invoke("budgets", "--dest-dir", str(tmp_path), "--models-filename", "a-b.py")
    assert code == 1
    assert output.strip() == (
        "error: --models-filename must name a Python module such as 'models.py': 'a-b.py'"
    )
    assert list(tmp_path.iterdir()) == []


def test_dest_dir_is_required() -> None:
    code, output = invoke("budgets")
    assert code == 2
    assert "--dest-dir" in output


def test_scaffolding_needs_no_database_stack() -> None:
    """``fin-infra scaffold`` works with the base install: no SQLAlchemy, FastAPI or Alembic."""
    probe = (
        "import sys; import fin_infra.cli.scaffold; "
        "print(sorted({'sqlalchemy', 'fastapi', 'alembic'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
