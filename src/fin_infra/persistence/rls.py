"""PostgreSQL Row-Level Security for tenant isolation enforced by the database itself.

``tenant_policy_sql`` / ``enable_tenant_rls`` (for Alembic migrations) turn on RLS for a table
with one policy: a row is visible and writable only when its tenant column equals the
``app.current_tenant`` setting. ``set_current_tenant`` sets that setting for the current
transaction only (``set_config(..., true)``, parameterised), so a pooled connection never carries
one request's tenant into the next. Then even a query that forgets its tenant filter sees only
the caller's rows, as long as the application connects as a role that does not own the tables (or
the table uses ``FORCE``, which this helper sets) and is not a superuser.
"""

from __future__ import annotations

import re
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.errors import ValidationError

__all__ = [
    "TENANT_SETTING",
    "disable_tenant_rls",
    "enable_tenant_rls",
    "set_current_tenant",
    "tenant_policy_sql",
]

TENANT_SETTING: Final = "app.current_tenant"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    """Quote a plain identifier; anything but letters, digits and underscores is refused."""
    if not _IDENTIFIER.match(name):
        raise ValidationError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


def _qualified(table: str) -> str:
    return ".".join(_ident(part) for part in table.split(".", 1))


def _policy(table: str) -> str:
    return _ident(f"tenant_isolation_{table.rsplit('.', 1)[-1]}"[:63])


def tenant_policy_sql(table: str, tenant_column: str = "tenant_id") -> list[str]:
    """The statements that enable and force RLS on ``table`` with a tenant-isolation policy."""
    qualified = _qualified(table)
    current = f"current_setting('{TENANT_SETTING}', true)"
    column = _ident(tenant_column)
    return [
        f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {_policy(table)} ON {qualified} "
        f"USING ({column} = {current}) WITH CHECK ({column} = {current})",
    ]


def _drop_sql(table: str) -> list[str]:
    qualified = _qualified(table)
    return [
        f"DROP POLICY IF EXISTS {_policy(table)} ON {qualified}",
        f"ALTER TABLE {qualified} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {qualified} DISABLE ROW LEVEL SECURITY",
    ]


def enable_tenant_rls(op: Any, table: str, tenant_column: str = "tenant_id") -> None:
    """In an Alembic ``upgrade()``: ``enable_tenant_rls(op, "budgets")``."""
    for statement in tenant_policy_sql(table, tenant_column):
        op.execute(statement)


def disable_tenant_rls(op: Any, table: str) -> None:
    """In an Alembic ``downgrade()``: the exact inverse of :func:`enable_tenant_rls`."""
    for statement in _drop_sql(table):
        op.execute(statement)


async def set_current_tenant(session: AsyncSession, tenant_id: str) -> None:
    """Set ``app.current_tenant`` for the session's current transaction (opening one if needed)."""
    if not isinstance(tenant_id, str) or not tenant_id:
        raise ValidationError("tenant id must be a non-empty string")
    await session.execute(
        text("SELECT set_config(:name, :tenant, true)"),
        {"name": TENANT_SETTING, "tenant": tenant_id},
    )
