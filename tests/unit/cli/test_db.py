"""`fin-infra db` on SQLite: every command, and errors as one clear line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from fin_infra.cli import app


def run(app_dir: Path, *args: str, code: int = 0) -> str:
    url = f"sqlite:///{app_dir / 'cli.db'}"
    result = CliRunner().invoke(
        app, ["db", *args, "--app-dir", str(app_dir), "--url", url, "--packages", ""]
    )
    assert result.exit_code == code, result.output
    return result.output


def revision_id(output: str) -> str:
    match = re.search(r"versions/(\w+?)_", output)
    assert match, output
    return match.group(1)


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    for args in (["history"], ["current"], ["downgrade", "-1"], ["stamp", "head"]):
        output = run(tmp_path, *args, code=1)
        assert output.startswith("error: no migrations in")
        assert "fin-infra db init" in output
        assert len(output.strip().splitlines()) == 1
    assert not (tmp_path / "migrations").exists()


def test_revision_and_upgrade_create_missing_migrations_like_init(tmp_path: Path) -> None:
    for args in (["revision", "-m", "add budgets table"], ["upgrade", "head"]):
        app_dir = tmp_path / args[0]
        app_dir.mkdir()
        output = run(app_dir, *args)
        assert output.splitlines()[0] == (
            f"created {app_dir / 'migrations'} (no migrations folder yet: did what "
            "`fin-infra db init` does)"
        )
        assert (app_dir / "migrations" / "env.py").is_file()
        assert (app_dir / "migrations" / "script.py.mako").is_file()
        assert "created" not in run(app_dir, *args)  # only the first time
    assert len(list((tmp_path / "revision" / "migrations" / "versions").glob("*.py"))) == 2


def test_init_records_the_apps_own_version_table(tmp_path: Path) -> None:
    app_dir = tmp_path / "Budget-API"
    app_dir.mkdir()
    assert "(version table: alembic_version_budget_api)" in run(app_dir, "init")
    env = (app_dir / "migrations" / "env.py").read_text()
    assert '\nrun_migrations(version_table="alembic_version_budget_api")\n' in env
    run(app_dir, "revision", "-m", "first")
    run(app_dir, "upgrade", "head")
    assert "CREATE TABLE alembic_version_budget_api" in run(app_dir, "upgrade", "head", "--sql")

    other = tmp_path / "other"
    other.mkdir()
    assert "(version table: ledger_versions)" in run(
        other, "init", "--version-table", "ledger_versions"
    )
    output = run(tmp_path / "third", "init", "--version-table", "bad name; drop", code=1)
    assert "is not a plain table name" in output


def test_linear_history_stamp_and_merge_heads(tmp_path: Path) -> None:
    run(tmp_path, "init")
    first = revision_id(run(tmp_path, "revision", "-m", "first"))
    second = revision_id(run(tmp_path, "revision", "-m", "second"))
    assert "(no revision" in run(tmp_path, "current")
    run(tmp_path, "upgrade", "+1")
    assert run(tmp_path, "current").strip() == first
    run(tmp_path, "upgrade")
    assert run(tmp_path, "current").strip() == second
    run(tmp_path, "downgrade")
    assert run(tmp_path, "current").strip() == first
    run(tmp_path, "stamp", "base")
    assert "(no revision" in run(tmp_path, "current")

    # A third revision branching from the first one makes two heads; merge joins them.
    third_path = next(
        (tmp_path / "migrations" / "versions").glob(
            f"{revision_id(run(tmp_path, 'revision', '-m', 'third'))}_*.py"
        )
    )
    third_path.write_text(third_path.read_text().replace(repr(second), repr(first)))
    # Same size, maybe the same second: a cached .pyc would still be taken as fresh. Drop it.
    shutil.rmtree(third_path.parent / "__pycache__", ignore_errors=True)
    assert "Multiple head" in run(tmp_path, "upgrade", "head", code=1)
    merged = revision_id(run(tmp_path, "merge", "heads", "-m", "join"))
    run(tmp_path, "upgrade", "head")
    assert run(tmp_path, "current").strip() == merged
    history = run(tmp_path, "history")
    for message in ("first", "second", "third", "join"):
        assert message in history


def test_bad_url_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["db", "current", "--app-dir", str(tmp_path), "--url", "oracle://x/y"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: unsupported database driver 'oracle'")


def test_sql_mode_prints_without_touching_the_database(tmp_path: Path) -> None:
    run(tmp_path, "init")
    run(tmp_path, "revision", "-m", "first")
    output = run(tmp_path, "upgrade", "head", "--sql")
    assert f"CREATE TABLE alembic_version_{tmp_path.name.lower()}" in output
    assert not (tmp_path / "cli.db").exists()


def test_autogenerate_needs_model_packages(tmp_path: Path) -> None:
    run(tmp_path, "init")
    output = run(tmp_path, "revision", "-m", "x", "--autogenerate", code=1)
    assert output.startswith("error: no model packages to compare")
    result = CliRunner().invoke(
        app,
        [
            "db",
            "revision",
            "-m",
            "x",
            "--autogenerate",
            "--app-dir",
            str(tmp_path),
            "--url",
            f"sqlite:///{tmp_path / 'cli.db'}",
            "--packages",
            "fin_infra.money",
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: no ModelBase tables found in fin_infra.money")
    assert not list((tmp_path / "migrations" / "versions").glob("*.py"))


def test_targets_work_as_written_relative_absolute_base_heads(tmp_path: Path) -> None:
    """README: `downgrade -1|REV|base`; guide: `downgrade -1`, `downgrade abc123`, `upgrade +1`."""
    run(tmp_path, "init")
    first, second, third = (
        revision_id(run(tmp_path, "revision", "-m", name)) for name in ("one", "two", "three")
    )

    def at() -> str:
        return run(tmp_path, "current").strip()

    run(tmp_path, "upgrade", "+1")
    assert at() == first
    run(tmp_path, "upgrade", "+2")
    assert at() == third
    run(tmp_path, "downgrade", "-1")
    assert at() == second
    run(tmp_path, "downgrade", "-1")
    assert at() == first
    run(tmp_path, "upgrade", "heads")
    run(tmp_path, "downgrade", "-2")
    assert at() == first
    run(tmp_path, "upgrade", third)
    assert at() == third
    run(tmp_path, "downgrade", second)
    assert at() == second
    run(tmp_path, "downgrade", "base")
    assert "(no revision" in run(tmp_path, "current")
    run(tmp_path, "upgrade", "head")
    run(tmp_path, "stamp", "head")
    assert at() == third

    # Still errors, as one line: too many steps, a misspelt option; --help still works.
    output = run(tmp_path, "downgrade", "-5", code=1)
    assert output.startswith("error: ")
    assert len(output.strip().splitlines()) == 1
    assert "no such option: --sqll" in run(tmp_path, "downgrade", "--sqll", code=2)
    for command in ("upgrade", "downgrade"):
        result = CliRunner().invoke(app, ["db", command, "--help"])
        assert result.exit_code == 0, result.output
        assert "TARGET" in result.output.upper()
