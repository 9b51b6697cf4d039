"""The persistence guide's steps 1 and 2, typed literally into an empty directory (no settings).

`svc-infra X` in the guide is `fin-infra db X`. Run through the installed entry point.
"""

from __future__ import annotations

from pathlib import Path

from fin_infra.cli.packages import guess_model_packages
from tests.unit.cli.entry_point import assert_one_error_line, run


def test_scaffold_then_migrate_as_the_guide_writes_it(tmp_path: Path) -> None:
    def ok(*args: str) -> str:
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    ok("scaffold", "budgets", "--dest-dir", "app/models/budgets", "--include-tenant")
    out = ok("db", "revision", "-m", "add budgets table", "--autogenerate")
    assert "models from app.models.budgets" in out
    assert f"created {tmp_path / 'migrations'}" in out
    (revision,) = (tmp_path / "migrations" / "versions").glob("*_add_budgets_table.py")
    assert "op.create_table('budgets'," in revision.read_text()
    rev = revision.name.split("_")[0]

    assert ok("db", "upgrade", "head").strip() == f"database at {rev}"
    assert ok("db", "current").strip() == rev
    assert "add budgets table" in ok("db", "history")
    assert ok("db", "downgrade", "-1").strip() == "database at base (no revision)"
    assert ok("db", "upgrade", "+1").strip() == f"database at {rev}"
    assert ok("db", "downgrade", rev).strip() == f"database at {rev}"
    assert ok("db", "stamp", "head").strip() == f"database at {rev}"
    line = assert_one_error_line(
        run("db", "merge", "heads", "-m", "merge migrations", cwd=tmp_path)
    )
    assert "nothing to merge" in line
    assert (tmp_path / "fin_infra.db").is_file()


def test_model_packages_are_found_by_reading_not_importing(tmp_path: Path) -> None:
    models = tmp_path / "app" / "models" / "budgets"
    models.mkdir(parents=True)
    (models / "__init__.py").write_text("raise SystemExit('never imported')\n")
    (models / "budget.py").write_text(
        "from fin_infra.persistence import ModelBase, UUIDPrimaryKey\n\n\n"
        "class Budget(\n    UUIDPrimaryKey,\n    ModelBase,\n):\n    __tablename__ = 'b'\n"
    )
    (models / "inner").mkdir()
    (models / "inner" / "more.py").write_text("class More(ModelBase):\n    pass\n")
    for skipped in ("migrations", ".venv", "tests", "__pycache__", "my-tool"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "m.py").write_text("class M(ModelBase):\n    pass\n")
    (tmp_path / "models.py").write_text("class Root(Base, ModelBase): ...\n")
    (tmp_path / "other.py").write_text("from x import ModelBase  # mentioned, not subclassed\n")
    assert guess_model_packages(tmp_path) == ["app.models.budgets", "models"]
