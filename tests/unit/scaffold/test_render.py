"""``render``: golden files, file naming, and how the flags change the output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fin_infra.scaffold import DOMAINS, ScaffoldError, ScaffoldOptions, render

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("FIN_INFRA_UPDATE_GOLDEN") == "1"
VARIANTS = {
    "plain": ScaffoldOptions(),
    "tenant-soft-delete": ScaffoldOptions(include_tenant=True, include_soft_delete=True),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("domain", DOMAINS)
def test_output_matches_golden_files(domain: str, variant: str) -> None:
    """Set FIN_INFRA_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change."""
    files = render(domain, VARIANTS[variant])
    folder = GOLDEN / domain / variant
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / f"{name}.golden").write_text(text)
    expected = {p.name.removesuffix(".golden"): p.read_text() for p in folder.glob("*.golden")}
    assert sorted(files) == sorted(expected)
    for name, text in files.items():
        assert text == expected[name], f"{domain}/{variant}/{name} differs from its golden file"


def test_default_file_names_follow_the_domain() -> None:
    assert sorted(render("budgets")) == [
        "__init__.py",
        "budget.py",
        "budget_repository.py",
        "budget_schemas.py",
    ]
    assert sorted(render("goals")) == [
        "__init__.py",
        "goal.py",
        "goal_repository.py",
        "goal_schemas.py",
    ]
    assert sorted(render("net_worth")) == [
        "__init__.py",
        "net_worth.py",
        "net_worth_repository.py",
        "net_worth_schemas.py",
    ]


def test_init_re_exports_model_schemas_and_repository() -> None:
    init = render("budgets")["__init__.py"]
    for line in (
        "from .budget import Budget",
        "from .budget_repository import BudgetRepository",
        "from .budget_schemas import BudgetCreate, BudgetRead, BudgetUpdate",
    ):
        assert line in init
    snapshot = render("net_worth")["__init__.py"]
    assert "NetWorthSnapshotCreate, NetWorthSnapshotRead\n" in snapshot
    assert "Update" not in snapshot  # snapshots are immutable


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("tenant", [False, True])
@pytest.mark.parametrize("soft", [False, True])
def test_repository_flag_only_adds_the_repository(domain: str, tenant: bool, soft: bool) -> None:
    with_repo = render(domain, ScaffoldOptions(tenant, soft, with_repository=True))
    without = render(domain, ScaffoldOptions(tenant, soft, with_repository=False))
    repository = f"{DOMAINS[domain].stem}_repository.py"
    assert set(with_repo) - set(without) == {repository}
    for name in set(without) - {"__init__.py"}:
        assert with_repo[name] == without[name]
    assert "Repository" not in without["__init__.py"]


def test_flags_shape_model_and_repository() -> None:
    plain = render("budgets")
    full = render("budgets", ScaffoldOptions(include_tenant=True, include_soft_delete=True))
    assert "class Budget(UUIDPrimaryKey, Timestamps, ModelBase):" in plain["budget.py"]
    assert 'UniqueConstraint("user_id", "name", "period_start")' in plain["budget.py"]
    assert "live_unique" not in plain["budget.py"]
    assert "TenantScoped, SoftDelete, ModelBase" in full["budget.py"]
    repository = full["budget_repository.py"]
    assert "def __init__(self, session: AsyncSession, tenant_id: str)" in repository
    assert "restore list_deleted" in repository
    assert "restore" not in plain["budget_repository.py"]
    assert "tenant_id" not in plain["budget_repository.py"]
    assert "deleted_at: datetime | None" in full["budget_schemas.py"]
    assert "deleted_at" not in plain["budget_schemas.py"]


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("tenant", [False, True])
def test_soft_delete_keeps_keys_unique_among_live_rows_only(domain: str, tenant: bool) -> None:
    model = DOMAINS[domain].stem + ".py"
    plain = render(domain, ScaffoldOptions(include_tenant=tenant))[model]
    soft = render(domain, ScaffoldOptions(include_tenant=tenant, include_soft_delete=True))[model]
    key = {"budgets": '"name", "period_start"', "goals": '"name"', "net_worth": '"snapshot_date"'}
    columns = ('"tenant_id", ' if tenant else "") + f'"user_id", {key[domain]}'
    assert f"UniqueConstraint({columns})" in plain
    assert "live_unique" not in plain
    assert f"live_unique({columns})" in soft
    assert "UniqueConstraint" not in soft


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_repository_is_a_thin_subclass_of_the_library_repository(domain: str) -> None:
    spec = DOMAINS[domain]
    full = ScaffoldOptions(include_tenant=True, include_soft_delete=True)
    repository = render(domain, full)[f"{spec.stem}_repository.py"]
    assert f"class {spec.model}Repository(Repository[{spec.model}]):" in repository
    assert "from fin_infra.persistence import Repository" in repository
    assert "select(" not in repository.replace("self.select(", "")
    assert len(repository.splitlines()) <= (60 if spec.snapshots else 40)


@pytest.mark.parametrize("domain", ["budgets", "goals"])
def test_budgets_and_goals_have_an_optional_description(domain: str) -> None:
    files = render(domain)
    spec = DOMAINS[domain]
    model, schemas = files[f"{spec.stem}.py"], files[f"{spec.stem}_schemas.py"]
    assert "description: Mapped[str | None] = mapped_column(String(500), default=None)" in model
    assert schemas.count("description: Description = None") == 2  # Create and Update
    assert "    description: str | None = None\n" in schemas  # Read


def test_the_budget_model_docstring_reads_cleanly() -> None:
    model = render("budgets")["budget.py"]
    assert "amounts are\nand" not in model
    assert "The planned category\namounts and the amounts carried over" in model


def test_snapshots_have_latest_and_between_but_no_update() -> None:
    repository = render("net_worth")["net_worth_repository.py"]
    assert "async def latest(self, user_id: str)" in repository
    assert "async def between(" in repository
    assert "immutable = True" in repository
    assert "immutable" not in render("goals")["goal_repository.py"]


def test_custom_file_names_are_used_in_imports() -> None:
    options = ScaffoldOptions(
        models_filename="models.py", schemas_filename="schemas", repository_filename="repo.py"
    )
    files = render("goals", options)
    assert sorted(files) == ["__init__.py", "models.py", "repo.py", "schemas.py"]
    assert "from .models import Goal\n" in files["repo.py"]
    assert "from .models import default_milestones" in files["schemas.py"]
    assert "from .repo import GoalRepository" in files["__init__.py"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ScaffoldOptions(models_filename="x/y.py"), "--models-filename must be a file name"),
        (ScaffoldOptions(schemas_filename="my-schemas.py"), "--schemas-filename must name"),
        (ScaffoldOptions(repository_filename="class.py"), "--repository-filename must name"),
        (ScaffoldOptions(models_filename="__init__.py"), "--models-filename must name"),
        (ScaffoldOptions(models_filename="a.py", schemas_filename="a.py"), "distinct names"),
    ],
)
def test_bad_file_names_are_refused(options: ScaffoldOptions, message: str) -> None:
    with pytest.raises(ScaffoldError, match=message):
        render("budgets", options)


def test_same_names_are_fine_without_repository() -> None:
    options = ScaffoldOptions(with_repository=False, repository_filename="budget.py")
    assert sorted(render("budgets", options)) == ["__init__.py", "budget.py", "budget_schemas.py"]


def test_unknown_domain_is_refused() -> None:
    with pytest.raises(ScaffoldError, match="unknown domain 'loans'; choose one of: budgets"):
        render("loans")
