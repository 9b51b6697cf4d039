"""Persistence tooling: the application owns its schema; fin-infra provides the parts.

- :class:`ModelBase` and mixins (:class:`UUIDPrimaryKey`, :class:`Timestamps`,
  :class:`TenantScoped`, :class:`SoftDelete`); :class:`MoneyAmount` keeps Decimal exact everywhere.
- :func:`live_unique`: a unique key that soft-deleted rows no longer hold (every backend).
- :func:`discover_and_import_models` registers an application's models.
- :func:`create_engine` / :func:`create_sessionmaker` from one URL (aiosqlite, asyncpg, aiomysql);
  :func:`resolve_database` finds that URL (argument, ``SQL_URL``, ``.env``) for the CLI and the API.
- :func:`check_database`: the start-up check for missing tables and bypassed Row-Level Security.
- :class:`Repository`: create get list update delete restore, tenant-scoped, errors translated.
- :mod:`fin_infra.persistence.migrations` (``fin-infra db``) and :mod:`fin_infra.persistence.rls`.

Needs the ``db`` extra (``pip install ".[db]"`` in a fin-infra checkout).
"""

from __future__ import annotations

from fin_infra.persistence.base import (
    LIVE_KEY,
    ModelBase,
    SoftDelete,
    TenantScoped,
    Timestamps,
    UUIDPrimaryKey,
    live_unique,
    utcnow,
)
from fin_infra.persistence.checks import DatabaseCheck, check_database
from fin_infra.persistence.discovery import discover_and_import_models, parse_packages
from fin_infra.persistence.engine import (
    DEFAULT_URL,
    create_engine,
    create_sessionmaker,
    normalize_url,
)
from fin_infra.persistence.errors import (
    ConstraintViolationError,
    DatabaseUnavailableError,
    MigrationError,
    MissingColumnError,
    MissingTableError,
    SchemaOutOfDateError,
    UniqueViolationError,
    UnknownRevisionError,
    translate_errors,
)
from fin_infra.persistence.repository import MAX_PAGE_SIZE, Page, Repository, escape_like
from fin_infra.persistence.rls import (
    RowLevelSecurityWarning,
    enable_tenant_rls,
    set_current_tenant,
    tenant_policy_sql,
)
from fin_infra.persistence.settings import DatabaseSettings, find_app_dir, resolve_database
from fin_infra.persistence.types import MoneyAmount, UTCDateTime
from fin_infra.persistence.urls import mask_url

__all__ = [
    "DEFAULT_URL",
    "LIVE_KEY",
    "MAX_PAGE_SIZE",
    "ConstraintViolationError",
    "DatabaseCheck",
    "DatabaseSettings",
    "DatabaseUnavailableError",
    "MigrationError",
    "MissingColumnError",
    "MissingTableError",
    "ModelBase",
    "MoneyAmount",
    "Page",
    "Repository",
    "RowLevelSecurityWarning",
    "SchemaOutOfDateError",
    "SoftDelete",
    "TenantScoped",
    "Timestamps",
    "UTCDateTime",
    "UUIDPrimaryKey",
    "UniqueViolationError",
    "UnknownRevisionError",
    "check_database",
    "create_engine",
    "create_sessionmaker",
    "discover_and_import_models",
    "enable_tenant_rls",
    "escape_like",
    "find_app_dir",
    "live_unique",
    "mask_url",
    "normalize_url",
    "parse_packages",
    "resolve_database",
    "set_current_tenant",
    "tenant_policy_sql",
    "translate_errors",
    "utcnow",
]
