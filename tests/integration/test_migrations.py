"""`fin-infra db` on real databases: the migration round trip and its guarantees."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from fin_infra.cli import app
from fin_infra.persistence import create_engine

APP_PACKAGE = "fi_mig_app"
UNSET: dict[str, str | None] = dict.fromkeys(("SQL_URL", "DISCOVER_PACKAGES", "FIN_INFRA_APP_DIR"))
VERSIONS = "alembic_version_service"  # what `db init` records for an app folder named "service"
MODELS = {
    "__init__.py": '"""Models of the test application."""\n',
    "accounts.py": '''
        """Accounts."""
        from decimal import Decimal

        from sqlalchemy import String
        from sqlalchemy.orm import Mapped, mapped_column

        from fin_infra.persistence import ModelBase, TenantScoped, Timestamps, UUIDPrimaryKey


        class MigAccount(UUIDPrimaryKey, Timestamps, TenantScoped, ModelBase):
            __tablename__ = "mig_accounts"
            name: Mapped[str] = mapped_column(String(80), unique=True)
            balance: Mapped[Decimal]
        ''',
    "nested/__init__.py": "",
    "nested/entries.py": '''
        """Entries, in a subpackage so discovery must walk it."""
        import uuid
        from decimal import Decimal

        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import Mapped, mapped_column

        from fin_infra.persistence import ModelBase, UUIDPrimaryKey


        class MigEntry(UUIDPrimaryKey, ModelBase):
            __tablename__ = "mig_entries"
            account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mig_accounts.id"))
            amount: Mapped[Decimal]
        ''',
}


@pytest.fixture(scope="session")
def app_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory holding the application's model package (importable once per session)."""
    root = tmp_path_factory.mktemp("app_src")
    for name, body in MODELS.items():
        path = root / APP_PACKAGE / "models" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body))
    (root / APP_PACKAGE / "__init__.py").write_text("")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))


def db(app_dir: Path, url: str, *args: str, code: int = 0) -> str:
    """Run ``fin-infra db ARGS`` for the application; check its exit code; return its output."""
    result = CliRunner().invoke(
        app,
        [
            "db",
            *args,
            "--app-dir",
            str(app_dir),
            "--url",
            url,
            "--packages",
            f"{APP_PACKAGE}.models",
        ],
    )
    assert result.exit_code == code, result.output
    return result.output


async def _tables_and_version(url: str, table: str) -> tuple[set[str], list[str]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            tables = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
            version: list[str] = []
            if table in tables:
                rows = await connection.execute(text(f"SELECT version_num FROM {table}"))
                version = sorted(r[0] for r in rows)
            return tables, version
    finally:
        await engine.dispose()


def state(url: str, table: str = VERSIONS) -> tuple[set[str], list[str]]:
    return asyncio.run(_tables_and_version(url, table))


async def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


def test_round_trip_keeps_foreign_tables_and_version_table(
    db_url: str, app_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_dir = tmp_path / "service"
    app_dir.mkdir()
    monkeypatch.chdir(tmp_path)  # not the app dir: the commands must not depend on the cwd
    asyncio.run(_execute(db_url, "CREATE TABLE legacy_ledger (id INTEGER PRIMARY KEY)"))

    db(app_dir, db_url, "init")
    db(app_dir, db_url, "revision", "-m", "create accounts", "--autogenerate")
    (first,) = (app_dir / "migrations" / "versions").glob("*.py")
    body = first.read_text()
    assert "mig_accounts" in body
    assert "mig_entries" in body
    assert "legacy_ledger" not in body
    assert "alembic_version" not in body
    assert "fi_test_" not in body  # models of other packages in the process are not ours

    db(app_dir, db_url, "upgrade", "head")
    tables, version = state(db_url)
    assert {"mig_accounts", "mig_entries", "legacy_ledger", VERSIONS} <= tables
    assert version == [first.name.split("_")[0]]
    assert version[0] in db(app_dir, db_url, "current")

    # A second autogenerate against the migrated database finds nothing to do.
    db(app_dir, db_url, "revision", "-m", "noop", "--autogenerate")
    noop = next(p for p in (app_dir / "migrations" / "versions").glob("*noop*.py"))
    assert "op.create_table" not in noop.read_text()
    assert "op.drop_" not in noop.read_text()
    assert "op.alter_column" not in noop.read_text()
    db(app_dir, db_url, "upgrade", "+1")

    db(app_dir, db_url, "downgrade", "base")
    tables, version = state(db_url)
    assert "mig_accounts" not in tables
    assert "mig_entries" not in tables
    assert {"legacy_ledger", VERSIONS} <= tables
    assert version == []

    db(app_dir, db_url, "upgrade", "head")
    tables, version = state(db_url)
    assert {"mig_accounts", "mig_entries"} <= tables
    assert len(version) == 1
    assert "create accounts" in db(app_dir, db_url, "history")


def test_unknown_database_revision_is_refused_and_left_untouched(
    db_url: str, app_root: Path, tmp_path: Path
) -> None:
    app_dir = tmp_path / "service"
    db(app_dir, db_url, "init")
    db(app_dir, db_url, "revision", "-m", "create accounts", "--autogenerate")
    db(app_dir, db_url, "upgrade", "head")
    asyncio.run(_execute(db_url, f"UPDATE {VERSIONS} SET version_num = 'feedfacecafe'"))
    before = state(db_url)

    for args in (["upgrade", "head"], ["downgrade", "base"], ["current"], ["stamp", "head"]):
        output = db(app_dir, db_url, *args, code=1)
        assert "feedfacecafe" in output
        assert "nothing was changed" in output
        assert f"`fin-infra db stamp head --purge` (it rewrites only {VERSIONS!r}" in output
        assert "Traceback" not in output
        assert state(db_url) == before

    db(app_dir, db_url, "stamp", "head", "--purge")
    assert state(db_url)[1] != ["feedfacecafe"]


def _plain_app(app_dir: Path, url: str, env_py: str | None = None) -> str:
    """An application with one empty revision (no models of its own), migrated to head."""
    db(app_dir, url, "init")
    if env_py is not None:
        (app_dir / "migrations" / "env.py").write_text(env_py)
    return db(app_dir, url, "revision", "-m", "app b").split("versions/")[1].split("_")[0]


def test_stamp_purge_of_one_app_leaves_another_apps_version_row(
    db_url: str, app_root: Path, tmp_path: Path
) -> None:
    """Two applications in one database: B's `stamp --purge` must not touch A's revision."""
    app_a, app_b = tmp_path / "app_a", tmp_path / "app_b"
    db(app_a, db_url, "init")
    db(app_a, db_url, "revision", "-m", "create accounts", "--autogenerate")
    db(app_a, db_url, "upgrade", "head")
    a_state = state(db_url, "alembic_version_app_a")[1]
    assert len(a_state) == 1

    b_head = _plain_app(app_b, db_url)
    db(app_b, db_url, "upgrade", "head")  # A's revision is not in B's way
    assert state(db_url, "alembic_version_app_b")[1] == [b_head]
    asyncio.run(_execute(db_url, "UPDATE alembic_version_app_b SET version_num = 'feedfacecafe'"))
    assert "feedfacecafe" in db(app_b, db_url, "upgrade", "head", code=1)

    db(app_b, db_url, "stamp", "head", "--purge")
    assert state(db_url, "alembic_version_app_b")[1] == [b_head]
    assert state(db_url, "alembic_version_app_a")[1] == a_state
    assert a_state[0] in db(app_a, db_url, "current")


def test_purge_never_deletes_unknown_rows_of_the_shared_default_table(
    db_url: str, app_root: Path, tmp_path: Path
) -> None:
    """Two apps whose env.py names no version table share `alembic_version`: B may not purge A."""
    legacy_env = (
        "from fin_infra.persistence.alembic_env import run_migrations\n\nrun_migrations()\n"
    )
    app_a, app_b = tmp_path / "app_a", tmp_path / "app_b"
    db(app_a, db_url, "init")
    (app_a / "migrations" / "env.py").write_text(legacy_env)
    db(app_a, db_url, "revision", "-m", "create accounts", "--autogenerate")
    db(app_a, db_url, "upgrade", "head")
    a_state = state(db_url, "alembic_version")[1]
    assert len(a_state) == 1

    b_head = _plain_app(app_b, db_url, legacy_env)
    refused = db(app_b, db_url, "upgrade", "head", code=1)
    assert "may belong to another application" in refused
    assert 'run_migrations(version_table="alembic_version_app_b")' in refused
    purge = db(app_b, db_url, "stamp", "head", "--purge", code=1)
    assert "`stamp --purge` will not delete it" in purge
    assert "nothing was changed" in purge
    assert state(db_url, "alembic_version")[1] == a_state

    # Following the message: B gets its own version table, and both apps work.
    (app_b / "migrations" / "env.py").write_text(
        legacy_env.replace(
            "run_migrations()", 'run_migrations(version_table="alembic_version_app_b")'
        )
    )
    db(app_b, db_url, "upgrade", "head")
    db(app_b, db_url, "stamp", "head", "--purge")
    assert state(db_url, "alembic_version_app_b")[1] == [b_head]
    assert state(db_url, "alembic_version")[1] == a_state
    assert a_state[0] in db(app_a, db_url, "current")


def test_env_file_supplies_url_and_packages(app_root: Path, tmp_path: Path) -> None:
    app_dir = tmp_path / "service"
    app_dir.mkdir()
    (app_dir / ".env").write_text(
        f"SQL_URL=sqlite+aiosqlite:///./app.db\nDISCOVER_PACKAGES={APP_PACKAGE}.models\n"
    )
    runner = CliRunner(env=UNSET)
    for args in (["init"], ["revision", "-m", "one", "--autogenerate"], ["upgrade", "head"]):
        result = runner.invoke(app, ["db", *args, "--app-dir", str(app_dir)])
        assert result.exit_code == 0, result.output
    # The relative SQLite path is resolved against the app dir, not the working directory.
    assert (app_dir / "app.db").is_file()
    assert {"mig_accounts", "mig_entries"} <= state(f"sqlite+aiosqlite:///{app_dir / 'app.db'}")[0]


def test_commands_find_the_app_dir_from_a_subdirectory(
    app_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_dir = tmp_path / "service"
    deep = app_dir / "src" / "handlers"
    deep.mkdir(parents=True)
    (app_dir / ".env").write_text(
        f"SQL_URL=sqlite:///./found.db\nDISCOVER_PACKAGES={APP_PACKAGE}.models\n"
    )
    runner = CliRunner(env=UNSET)
    monkeypatch.chdir(app_dir)
    assert runner.invoke(app, ["db", "init"]).exit_code == 0
    monkeypatch.chdir(deep)  # no --app-dir: found by walking up to migrations/env.py
    for args in (["revision", "-m", "one", "--autogenerate"], ["upgrade", "head"]):
        result = runner.invoke(app, ["db", *args])
        assert result.exit_code == 0, result.output
    assert {"mig_accounts", "mig_entries"} <= state(f"sqlite:///{app_dir / 'found.db'}")[0]
    assert not (deep / "migrations").exists()
