"""resolve_database: one answer to "which database?" for `fin-infra db` and add_sql_resources."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from fin_infra.persistence import DEFAULT_URL, find_app_dir, mask_url, resolve_database


@pytest.fixture
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An application directory (migrations/env.py, .env) with the cwd in a subfolder of it."""
    root = tmp_path / "service"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "env.py").write_text("")
    (root / ".env").write_text("SQL_URL=sqlite:///./from_env_file.db\nDISCOVER_PACKAGES=app.m\n")
    (root / "src" / "deep").mkdir(parents=True)
    monkeypatch.chdir(root / "src" / "deep")
    monkeypatch.delenv("FIN_INFRA_APP_DIR", raising=False)
    monkeypatch.delenv("SQL_URL", raising=False)
    monkeypatch.delenv("DISCOVER_PACKAGES", raising=False)
    return root.resolve()


def test_env_file_is_found_like_the_cli_and_sqlite_is_anchored_at_the_app_dir(
    app_dir: Path,
) -> None:
    resolved = resolve_database()
    assert resolved.url == f"sqlite+aiosqlite:///{app_dir / 'from_env_file.db'}"
    assert resolved.source == f"SQL_URL in {app_dir / '.env'}"
    assert resolved.app_dir == app_dir
    assert resolved.discover_packages == ["app.m"]
    assert find_app_dir() == app_dir


def test_precedence_argument_then_environment_then_env_file_then_default(
    app_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SQL_URL", "postgresql://u:secret@db.example/app")
    from_env = resolve_database()
    assert from_env.url == "postgresql+asyncpg://u:secret@db.example/app"
    assert from_env.source == "SQL_URL environment variable"
    explicit = resolve_database(url="mysql://root@h/x")
    assert (explicit.url, explicit.source) == ("mysql+aiomysql://root@h/x", "argument")
    monkeypatch.setenv("SQL_URL", "")  # empty counts as unset: the .env file still applies
    assert resolve_database().source.endswith(".env")
    (app_dir / ".env").unlink()
    default = resolve_database()
    assert default.source == "default"
    assert default.url == f"sqlite+aiosqlite:///{app_dir / 'fin_infra.db'}"
    assert DEFAULT_URL.endswith("./fin_infra.db")


def test_fin_infra_app_dir_wins_over_the_search(
    app_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / ".env").write_text("SQL_URL=sqlite:///other.db\n")
    monkeypatch.setenv("FIN_INFRA_APP_DIR", str(other))
    assert resolve_database().url == f"sqlite+aiosqlite:///{other.resolve() / 'other.db'}"
    assert resolve_database(app_dir).url.endswith("/from_env_file.db")  # explicit wins


def test_source_is_logged_at_info_with_the_password_masked(
    app_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SQL_URL", "postgresql://app:s3cr3t@db.example:5432/app")
    with caplog.at_level(logging.INFO, logger="fin_infra.persistence"):
        resolve_database()
    assert caplog.messages == [
        "database URL from SQL_URL environment variable: "
        "postgresql+asyncpg://app:***@db.example:5432/app"
    ]
    assert "s3cr3t" not in caplog.text


def test_mask_url() -> None:
    assert mask_url("postgresql://a:b@h/d") == "postgresql://a:***@h/d"
    assert mask_url("sqlite:///x.db") == "sqlite:///x.db"
    assert mask_url("postgres:hunter2") == "postgres:***"  # unparsable: only the scheme is kept
