"""PostgreSQL Row-Level Security for tenant isolation enforced by the database itself.

``tenant_policy_sql`` / ``enable_tenant_rls`` (for Alembic migrations) turn on RLS for a table
with one policy: a row is visible and writable only when its tenant column equals the
``app.current_tenant`` setting. ``set_current_tenant`` sets that setting for the current
transaction only (``set_config(..., true)``, parameterised), so a pooled connection never carries
one request's tenant into the next. Then even a query that forgets its tenant filter sees only
the caller's rows, as long as the application connects as a role that does not own the tables (or
the table uses ``FORCE``, which this helper sets) and is not a superuser.

PostgreSQL silently skips every policy for a superuser, a ``BYPASSRLS`` role, and the table's owner
when the table is not ``FORCE``d. :func:`rls_bypass_reasons` asks the database which of these holds
for the current connection; ``add_sql_resources(..., rls=True)`` runs it at start-up and raises a
:class:`RowLevelSecurityWarning` naming the role, the table and the fix.
"""

from __future__ import annotations

import re
from typing import Any, Final

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.errors import ValidationError

__all__ = [
    "TENANT_SETTING",
    "RowLevelSecurityWarning",
    "disable_tenant_rls",
    "enable_tenant_rls",
    "rls_bypass_reasons",
    "set_current_tenant",
    "tenant_policy_sql",
]

TENANT_SETTING: Final = "app.current_tenant"
RLS_FIX: Final = (
    "connect as a role that does not own the table and has neither SUPERUSER nor BYPASSRLS, "
    "and apply enable_tenant_rls(op, <table>) in a migration (ENABLE + FORCE ROW LEVEL SECURITY "
    "and the tenant policy), or run: ALTER TABLE <table> FORCE ROW LEVEL SECURITY"
)


class RowLevelSecurityWarning(UserWarning):
    """``rls=True`` but PostgreSQL will not enforce the tenant policy for this connection."""


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


_ROLE_SQL = text(
    "SELECT current_user, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user"
)
_TABLE_SQL = text(
    "SELECT c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner), "
    "pg_has_role(current_user, c.relowner, 'USAGE') "
    "FROM pg_class c WHERE c.oid = to_regclass(:name)"
)


def rls_bypass_reasons(connection: Connection, table: Table) -> tuple[str, list[str]]:
    """``(role, reasons)``: why PostgreSQL would not apply ``table``'s RLS policies to this
    connection's role (empty when it would, or when the table does not exist).

    Run it with ``await async_connection.run_sync(rls_bypass_reasons, table)``.
    """
    role, superuser, bypass = connection.execute(_ROLE_SQL).one()
    name = connection.dialect.identifier_preparer.format_table(table)
    found = connection.execute(_TABLE_SQL, {"name": name}).one_or_none()
    reasons: list[str] = []
    if superuser:
        reasons.append(f"role {role!r} is a superuser")
    if bypass:
        reasons.append(f"role {role!r} has BYPASSRLS")
    if found is not None:
        enabled, forced, owner, owns = found
        if not enabled:
            reasons.append(f"row-level security is not enabled on table {table.name!r}")
        elif owns and not forced:
            reasons.append(
                f"role {role!r} owns table {table.name!r} (owner {owner!r}) and the table "
                "is not FORCE ROW LEVEL SECURITY"
            )
    return str(role), reasons
