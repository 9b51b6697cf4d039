"""Alembic environment of this application, driven by `fin-infra db ...` (fin-infra tooling)."""

from fin_infra.persistence.alembic_env import run_migrations

run_migrations()
