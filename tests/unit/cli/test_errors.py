"""Every way a database can fail a ``fin-infra db`` command: one line, masked URL, no traceback.

These run the installed ``fin-infra`` entry point in a subprocess (not only CliRunner), so what
is checked is what a user sees, Typer's exception printing included.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fin_infra.cli import app
from fin_infra.cli.errors import describe
from fin_infra.persistence.errors import DatabaseUnavailableError
from fin_infra.persistence.migrations import MigrationSettings, init
from tests.integration.databases import require_server
from tests.unit.cli.entry_point import assert_one_error_line, run

UNREACHABLE = "postgresql+asyncpg://nobody:secret@127.0.0.1:1/none"

# (case, SQL_URL, server needed, what the one line must say)
CASES = [
    (
        "unreachable",
        UNREACHABLE,
        None,
        "cannot connect to the database at postgresql+asyncpg://nobody:***@127.0.0.1:1/none",
    ),
    (
        "unknown host",
        "postgresql+asyncpg://nobody:secret@fin-infra-no-such-host.invalid/none",
        None,
        "cannot connect to the database at postgresql+asyncpg://nobody:***@fin-infra-no-such",
    ),
    (
        "missing postgres database",
        f"postgresql+asyncpg://postgres:secret@127.0.0.1:5432/fi_missing_{uuid.uuid4().hex[:8]}",
        "postgresql",
        "the database does not exist at postgresql+asyncpg://postgres:***@127.0.0.1:5432/fi_m",
    ),
    (
        "postgres unknown role",
        "postgresql+asyncpg://fi_no_such_role:secret@127.0.0.1:5432/test",
        "postgresql",
        "the database server refused the login at postgresql+asyncpg://fi_no_such_role:***@",
    ),
    (
        "mariadb wrong password",
        "mysql+aiomysql://root:secret@127.0.0.1:3306/test",
        "mariadb",
        "the database server refused the login at mysql+aiomysql://root:***@127.0.0.1:3306",
    ),
    (
        "missing mariadb database",
        f"mysql+aiomysql://root@127.0.0.1:3306/fi_missing_{uuid.uuid4().hex[:8]}",
        "mariadb",
        "the database does not exist at mysql+aiomysql://root@127.0.0.1:3306/fi_missing_",
    ),
    ("missing sqlite folder", "sqlite+aiosqlite:///./nope/app.db", None, "/nope does not exist"),
    (
        "unknown driver",
        "oracle://scott:secret@db.example/ledger",
        None,
        "unsupported database driver 'oracle'",
    ),
    ("garbled URL", "postgres:secret", None, "not a database URL"),
]


@pytest.mark.parametrize(
    ("url", "server", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_upgrade_fails_with_one_clear_line(
    url: str, server: str | None, says: str, tmp_path: Path
) -> None:
    if server is not None:
        require_server(server)
    env = {"SQL_URL": url}
    init(MigrationSettings(app_dir=tmp_path))  # as `fin-infra db init` does (in-process: faster)
    line = assert_one_error_line(
        run("db", "upgrade", "head", cwd=tmp_path, env=env), secret="secret"
    )
    assert says in line
    if "secret" in url and "://" in url:
        assert ":***@" in line  # the URL is named, its password masked


def test_every_command_that_reaches_the_database_says_it_in_one_line(tmp_path: Path) -> None:
    """The example of the issue: `fin-infra db init && fin-infra db upgrade head`, and more."""
    env = {"SQL_URL": UNREACHABLE}
    assert run("db", "init", cwd=tmp_path, env=env).returncode == 0
    commands = (["upgrade", "head"], ["current"], ["downgrade", "-1"], ["stamp", "head", "--purge"])
    for command in commands:
        line = assert_one_error_line(run("db", *command, cwd=tmp_path, env=env), secret="secret")
        assert "cannot connect to the database at postgresql+asyncpg://nobody:***@" in line


def test_a_missing_migrations_folder_is_not_created_when_the_database_is_unreachable(
    tmp_path: Path,
) -> None:
    result = run("db", "upgrade", "head", cwd=tmp_path, env={"SQL_URL": UNREACHABLE})
    assert_one_error_line(result, secret="secret")
    assert not (tmp_path / "migrations").exists()


@pytest.mark.parametrize("switch", ["--debug", "FIN_INFRA_DEBUG=1"])
def test_debug_switch_shows_the_traceback_without_local_variables(
    switch: str, tmp_path: Path
) -> None:
    env = {"SQL_URL": UNREACHABLE}
    args = ["db", "upgrade", "head"]
    if switch == "--debug":
        args.insert(0, "--debug")
    else:
        env["FIN_INFRA_DEBUG"] = "1"
    result = run(*args, cwd=tmp_path, env=env)
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "ConnectionRefusedError" in result.stderr
    assert "secret" not in result.stdout + result.stderr  # locals (the URL) are not printed


def test_version() -> None:
    from importlib.metadata import version

    import fin_infra

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"fin-infra {version('fin-infra')}\n"
    assert fin_infra.__version__ == version("fin-infra")


def test_describe_masks_the_password_even_inside_driver_messages() -> None:
    error = DatabaseUnavailableError("login as app:hunter22 failed")
    line = describe(error, "postgresql+asyncpg://app:hunter22@db/ledger")
    assert "hunter22" not in line
    assert "postgresql+asyncpg://app:***@db/ledger" in line


def test_an_unexpected_error_is_one_line_that_points_to_debug() -> None:
    line = describe(RuntimeError("boom\nsecond line"))
    assert line == (
        "unexpected RuntimeError: boom (run with --debug or FIN_INFRA_DEBUG=1 for the traceback)"
    )
