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
    for args in (["upgrade"], ["history"], ["revision", "-m", "x"], ["current"]):
        output = run(tmp_path, *args, code=1)
        assert output.startswith("error: no migrations in")
        assert "fin-infra db init" in output
        assert len(output.strip().splitlines()) == 1


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    assert "created" in run(tmp_path, "init")
    assert "\nrun_migrations()\n" in (tmp_path / "migrations" / "env.py").read_text()
    assert "not empty" in run(tmp_path, "init", code=1)


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
    assert "CREATE TABLE alembic_version" in output
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
