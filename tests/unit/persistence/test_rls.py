"""RLS migration helpers: the exact statements, their inverse, and identifier safety."""

from __future__ import annotations

import pytest

from fin_infra.errors import ValidationError
from fin_infra.persistence.rls import disable_tenant_rls, enable_tenant_rls, tenant_policy_sql


class RecordingOp:
    """Stands in for alembic's ``op``: records what a migration executes."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def execute(self, statement: str) -> None:
        self.statements.append(statement)


def test_enable_then_disable() -> None:
    op = RecordingOp()
    enable_tenant_rls(op, "public.ledger_rows", tenant_column="owner")
    assert op.statements == [
        'ALTER TABLE "public"."ledger_rows" ENABLE ROW LEVEL SECURITY',
        'ALTER TABLE "public"."ledger_rows" FORCE ROW LEVEL SECURITY',
        'CREATE POLICY "tenant_isolation_ledger_rows" ON "public"."ledger_rows" '
        "USING (\"owner\" = current_setting('app.current_tenant', true)) "
        "WITH CHECK (\"owner\" = current_setting('app.current_tenant', true))",
    ]
    op.statements.clear()
    disable_tenant_rls(op, "public.ledger_rows")
    assert op.statements == [
        'DROP POLICY IF EXISTS "tenant_isolation_ledger_rows" ON "public"."ledger_rows"',
        'ALTER TABLE "public"."ledger_rows" NO FORCE ROW LEVEL SECURITY',
        'ALTER TABLE "public"."ledger_rows" DISABLE ROW LEVEL SECURITY',
    ]


@pytest.mark.parametrize(
    ("table", "column"),
    [('budgets"; DROP TABLE x; --', "tenant_id"), ("budgets", "tenant id"), ("", "t")],
)
def test_identifiers_are_never_interpolated_unchecked(table: str, column: str) -> None:
    with pytest.raises(ValidationError, match="identifier"):
        tenant_policy_sql(table, column)
