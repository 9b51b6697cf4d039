"""End-to-end proof of one flag combination, run in its own process by ``test_scaffold_app``.

A fresh process per combination because the scaffolded models all claim the same table names on
the one ``ModelBase``. Steps, as an application team would run them: scaffold the three domains
into ``APP_DIR/app/models``, ``fin-infra db init`` / ``revision --autogenerate`` / ``upgrade
head`` (and a second autogenerate that must find nothing to do), mount the generated schemas with
``add_sql_resources`` and drive every route over HTTP, then exercise the generated repositories.
Prints ``proof ok`` at the end; any failed check exits non-zero with its traceback.

Usage: ``python proof_app.py APP_DIR URL [--tenant] [--soft-delete] [--custom-filenames]``
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import httpx
from fastapi import FastAPI, Header, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from fin_infra.api import SqlResource, add_sql_resources
from fin_infra.cli import app as cli
from fin_infra.errors import NotFoundError, ValidationError
from fin_infra.persistence import create_engine, create_sessionmaker

DOMAINS = ("budgets", "goals", "net_worth")
TENANTS = {"token-a": "tenant-a", "token-b": "tenant-b"}
A = {"Authorization": "Bearer token-a"}
B = {"Authorization": "Bearer token-b"}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, f"fin-infra {' '.join(args)} failed:\n{result.output}"
    return result.output


def scaffold_and_migrate(app_dir: Path, url: str, flags: list[str], custom: bool) -> None:
    for domain in DOMAINS:
        names = ["--models-filename", "models.py", "--schemas-filename", "schemas.py"]
        names += ["--repository-filename", "repository.py"]
        dest = app_dir / "app" / "models" / domain
        run("scaffold", domain, "--dest-dir", str(dest), *flags, *(names if custom else []))
    db = ["--app-dir", str(app_dir), "--url", url, "--packages", "app.models"]
    run("db", "init", *db)
    run("db", "revision", "-m", "add budgets goals net worth", "--autogenerate", *db)
    (revision,) = (app_dir / "migrations" / "versions").glob("*.py")
    text = revision.read_text()
    for name in ("budgets", "goals", "net_worth_snapshots", "ix_budgets_user_id"):
        assert repr(name) in text, f"{name} missing from the revision:\n{text}"
    assert "ck_net_worth_snapshots_net_worth_balances" in text, text
    run("db", "upgrade", "head", *db)
    run("db", "revision", "-m", "nothing to do", "--autogenerate", *db)
    (noop,) = (app_dir / "migrations" / "versions").glob("*nothing_to_do*.py")
    assert "op." not in noop.read_text().split("def upgrade")[1], noop.read_text()


def current_tenant(authorization: Annotated[str | None, Header()] = None) -> str:
    token = (authorization or "").removeprefix("Bearer ")
    if token not in TENANTS:
        raise HTTPException(status_code=401, detail="unknown token")
    return TENANTS[token]


def never() -> bool:
    """Snapshots are immutable: the update route answers 403."""
    return False


def resource(package: ModuleType, model: str, prefix: str, **options: Any) -> SqlResource:
    """A resource serving the scaffolded model with its scaffolded schemas."""
    return SqlResource(
        model=getattr(package, model),
        prefix=prefix,
        create_schema=getattr(package, f"{model}Create"),
        read_schema=getattr(package, f"{model}Read"),
        update_schema=getattr(package, f"{model}Update", None),
        **options,
    )


def build_api(
    sessions: async_sessionmaker[AsyncSession], pkgs: dict[str, ModuleType], soft: bool
) -> FastAPI:
    budgets, goals, net_worth = (pkgs[d] for d in DOMAINS)
    app = FastAPI()
    add_sql_resources(
        app,
        [
            resource(
                budgets,
                "Budget",
                "/budgets",
                # as the persistence guide's step 3 mounts it
                search_fields=["name", "description"],
                filter_fields=["user_id"],
                order_fields=["name", "created_at", "period_start"],
                soft_delete=soft,
            ),
            resource(
                goals,
                "Goal",
                "/goals",
                search_fields=["name"],
                filter_fields=["user_id", "status"],
                soft_delete=soft,
            ),
            resource(
                net_worth,
                "NetWorthSnapshot",
                "/net-worth",
                search_fields=["user_id"],
                filter_fields=["user_id"],
                order_fields=["snapshot_date"],
                soft_delete=soft,
                permission_rules={"update": never},
            ),
        ],
        tenant_dependency=current_tenant if tenant_on(pkgs) else None,
        session_factory=sessions,
    )
    return app


def tenant_on(pkgs: dict[str, ModuleType]) -> bool:
    return "tenant_id" in pkgs["budgets"].Budget.__table__.columns


BUDGET = {
    "user_id": "u1",
    "name": "Household",
    "description": "Rent, food and the rest",
    "period": "monthly",
    "period_start": "2026-01-01",
    "period_end": "2026-01-31",
    "categories": {"Groceries": "600.00", "Rent": "1850.1234"},
    "currency": "eur",
}
GOAL = {"user_id": "u1", "name": "Rainy day", "goal_type": "emergency_fund", "target_amount": 5000}
SNAPSHOT = {
    "user_id": "u1",
    "snapshot_date": "2026-02-01",
    "total_assets": "125000.10",
    "total_liabilities": "80000.05",
    "net_worth": "45000.05",
    "assets_breakdown": {"cash": "25000.10", "investments": "100000"},
    "liabilities_breakdown": {"mortgage": "80000.05"},
}


async def crud(
    http: httpx.AsyncClient,
    prefix: str,
    body: dict[str, Any],
    change: dict[str, Any] | None,
    search: str,
    *,
    tenant: bool,
    soft: bool,
) -> dict[str, Any]:
    """create/list/search/get/update/delete/restore of one resource; the created row back."""
    created = await http.post(f"{prefix}/", json=body, headers=A)
    assert created.status_code == 201, created.text
    row = created.json()
    path = f"{prefix}/{row['id']}"
    with_id = await http.post(f"{prefix}/", json={**body, "id": str(uuid.uuid4())}, headers=A)
    assert with_id.status_code == 422, "a client must not choose the id"
    assert (await http.post(f"{prefix}/", json=body, headers=A)).status_code == 409

    listed = (await http.get(f"{prefix}/", params={"user_id": "u1"}, headers=A)).json()
    assert [item["id"] for item in listed["items"]] == [row["id"]], listed
    found = (await http.get(f"{prefix}/search", params={"q": search}, headers=A)).json()
    assert [item["id"] for item in found["items"]] == [row["id"]], found
    missing = (await http.get(f"{prefix}/search", params={"q": "no such"}, headers=A)).json()
    assert missing["total"] == 0
    assert (await http.get(path, headers=A)).json() == row

    if tenant:
        assert (await http.get(path, headers=B)).status_code == 404
        assert (await http.get(f"{prefix}/", headers=B)).json()["total"] == 0
        assert (await http.delete(path, headers=B)).status_code == 404
        forged = await http.post(f"{prefix}/", json={**body, "tenant_id": "tenant-b"}, headers=A)
        assert forged.status_code == 422

    if change is None:
        assert (await http.patch(path, json={}, headers=A)).status_code == 403
    else:
        patched = await http.patch(path, json=change, headers=A)
        assert patched.status_code == 200, patched.text
        for key, value in change.items():
            assert patched.json()[key] == value, (key, patched.json())
        assert (await http.get(path, headers=A)).json() == patched.json()

    assert (await http.delete(path, headers=A)).status_code == 204
    assert (await http.get(path, headers=A)).status_code == 404
    if soft:
        everything = await http.get(f"{prefix}/", params={"include_deleted": True}, headers=A)
        assert everything.json()["items"][0]["deleted_at"] is not None
        # The deleted row frees its unique key: the same body is created again, and the
        # deleted row cannot come back while the new one holds the key.
        same_key = {**body, **(change or {})}
        again = await http.post(f"{prefix}/", json=same_key, headers=A)
        assert again.status_code == 201, again.text
        assert (await http.post(f"{prefix}/", json=same_key, headers=A)).status_code == 409
        refused = await http.post(f"{path}/restore", headers=A)
        assert refused.status_code == 409, refused.text
        assert (await http.get(path, headers=A)).status_code == 404
        assert (await http.delete(f"{prefix}/{again.json()['id']}", headers=A)).status_code == 204
        restored = await http.post(f"{path}/restore", headers=A)
        assert restored.status_code == 200, restored.text
        assert restored.json()["deleted_at"] is None
        assert (await http.get(path, headers=A)).status_code == 200
    else:
        assert (await http.post(f"{path}/restore", headers=A)).status_code in (404, 405)
    return dict(row)


async def prove_http(
    sessions: async_sessionmaker[AsyncSession], pkgs: dict[str, ModuleType], soft: bool
) -> None:
    tenant = tenant_on(pkgs)
    api = build_api(sessions, pkgs, soft)
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        budget = await crud(
            http,
            "/budgets",
            BUDGET,
            {"name": "Home", "categories": {"Groceries": "650.5000"}},
            "house",
            tenant=tenant,
            soft=soft,
        )
        assert budget["categories"] == {"Groceries": "600.00", "Rent": "1850.1234"}
        assert budget["description"] == "Rent, food and the rest"
        described = {**BUDGET, "name": "Described", "description": "Holiday savings pot"}
        created = (await http.post("/budgets/", json=described, headers=A)).json()
        found = await http.get("/budgets/search", params={"q": "SAVINGS POT"}, headers=A)
        assert [b["id"] for b in found.json()["items"]] == [created["id"]], found.text
        cleared = await http.patch(
            f"/budgets/{created['id']}", json={"description": None}, headers=A
        )
        assert cleared.json()["description"] is None, cleared.text
        by_name = await http.get("/budgets/", params={"order_by": "name"}, headers=A)
        assert by_name.status_code == 200, by_name.text
        assert budget["currency"] == "EUR"
        goal = await crud(
            http, "/goals", GOAL, {"current_amount": "1250.5000"}, "rainy", tenant=tenant, soft=soft
        )
        assert goal["target_amount"] == "5000.0000"
        assert [m["percent"] for m in goal["milestones"]] == ["25", "50", "75", "100"]
        snapshot = await crud(http, "/net-worth", SNAPSHOT, None, "u1", tenant=tenant, soft=soft)
        assert snapshot["net_worth"] == "45000.0500"
        assert snapshot["assets_breakdown"] == {"cash": "25000.10", "investments": "100000"}

        bad = [
            ("/budgets/", {**BUDGET, "name": "x", "period_end": "2025-12-31"}),
            ("/budgets/", {**BUDGET, "name": "x", "categories": {}}),
            ("/budgets/", {**BUDGET, "name": "x", "categories": {"Rent": "-5"}}),
            ("/goals/", {**GOAL, "name": "x", "target_amount": "0"}),
            ("/goals/", {**GOAL, "name": "x", "milestones": [{"percent": 50}, {"percent": 25}]}),
            ("/net-worth/", {**SNAPSHOT, "snapshot_date": "2026-03-01", "net_worth": "1"}),
        ]
        for prefix, body in bad:
            response = await http.post(prefix, json=body, headers=A)
            assert response.status_code == 422, (prefix, body, response.text)
        # A partial update may not break the period order: the database check refuses it.
        other = await http.post("/budgets/", json={**BUDGET, "name": "Other"}, headers=A)
        path = f"/budgets/{other.json()['id']}"
        wrong = await http.patch(path, json={"period_end": "2025-01-01"}, headers=A)
        assert wrong.status_code == 422, wrong.text
        assert (await http.get(path, headers=A)).json()["period_end"] == "2026-01-31"


async def prove_repositories(
    sessions: async_sessionmaker[AsyncSession], pkgs: dict[str, ModuleType], soft: bool
) -> None:
    tenant = tenant_on(pkgs)
    budgets, goals, net_worth = (pkgs[d] for d in DOMAINS)

    def scoped(repository: type[Any], session: AsyncSession, tenant_id: str = "tenant-r") -> Any:
        return repository(session, tenant_id) if tenant else repository(session)

    async with sessions() as session:
        repo = scoped(budgets.BudgetRepository, session)
        data = budgets.BudgetCreate.model_validate({**BUDGET, "user_id": "repo"})
        budget = await repo.create(data)
        assert budget.category_amounts() == {
            "Groceries": Decimal("600.00"),
            "Rent": Decimal("1850.1234"),
        }
        updated = await repo.update(budget.id, budgets.BudgetUpdate(name="Renamed"))
        assert updated.name == "Renamed"
        assert [b.id for b in await repo.list("repo")] == [budget.id]
        assert (await repo.list("someone else")).total == 0
        await expect_invalid(repo.list("repo", page_size=0))
        if tenant:
            other = scoped(budgets.BudgetRepository, session, "tenant-other")
            assert list(await other.list("repo")) == []
            await expect_missing(other.get(budget.id))
        await repo.delete(budget.id)
        await expect_missing(repo.get(budget.id))
        if soft:
            assert [b.id for b in await repo.list_deleted("repo")] == [budget.id]
            assert [b.id for b in await repo.list("repo", include_deleted=True)] == [budget.id]
            assert (await repo.restore(budget.id)).deleted_at is None
            await repo.delete(budget.id, soft=False)
            await expect_missing(repo.get(budget.id, include_deleted=True))
        else:
            await expect_invalid(repo.list_deleted("repo"))

        goal_repo = scoped(goals.GoalRepository, session)
        goal = await goal_repo.create(goals.GoalCreate.model_validate({**GOAL, "user_id": "repo"}))
        await goal_repo.update(goal.id, goals.GoalUpdate(current_amount=Decimal("2500")))
        assert (await goal_repo.get(goal.id)).progress() == Decimal("0.5")

        snapshots = scoped(net_worth.NetWorthSnapshotRepository, session)
        assert await snapshots.latest("repo") is None
        for day, assets in ((1, "100"), (2, "150.25"), (3, "90")):
            await snapshots.create(
                net_worth.NetWorthSnapshotCreate(
                    user_id="repo",
                    snapshot_date=date(2026, 5, day),
                    total_assets=Decimal(assets),
                    total_liabilities=Decimal("10"),
                    net_worth=Decimal(assets) - 10,
                )
            )
        latest = await snapshots.latest("repo")
        assert latest is not None
        assert latest.snapshot_date == date(2026, 5, 3)
        window = await snapshots.between("repo", date(2026, 5, 1), date(2026, 5, 2))
        assert [s.net_worth for s in window] == [Decimal("90"), Decimal("140.25")]
        await expect_invalid(snapshots.between("repo", date(2026, 5, 2), date(2026, 5, 1)))
        listed = await snapshots.list("repo")
        assert [s.snapshot_date.day for s in listed] == [3, 2, 1]  # latest first
        await expect_invalid(snapshots.update(latest.id, {"currency": "EUR"}))  # immutable
        await session.commit()


async def expect_invalid(call: Any) -> None:
    try:
        await call
    except ValidationError:
        return
    raise AssertionError("expected ValidationError")


async def expect_missing(call: Any) -> None:
    try:
        await call
    except NotFoundError:
        return
    raise AssertionError("expected NotFoundError")


async def prove(url: str, pkgs: dict[str, ModuleType], soft: bool) -> None:
    engine = create_engine(url)
    try:
        sessions = create_sessionmaker(engine)
        await prove_http(sessions, pkgs, soft)
        await prove_repositories(sessions, pkgs, soft)
    finally:
        await engine.dispose()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("app_dir", type=Path)
    parser.add_argument("url")
    parser.add_argument("--tenant", action="store_true")
    parser.add_argument("--soft-delete", action="store_true")
    parser.add_argument("--custom-filenames", action="store_true")
    args = parser.parse_args(argv)
    flags = ["--include-tenant"] * args.tenant + ["--include-soft-delete"] * args.soft_delete
    scaffold_and_migrate(args.app_dir, args.url, flags, args.custom_filenames)
    sys.path.insert(0, str(args.app_dir))
    pkgs = {domain: importlib.import_module(f"app.models.{domain}") for domain in DOMAINS}
    asyncio.run(prove(args.url, pkgs, args.soft_delete))
    print("proof ok")


if __name__ == "__main__":
    main(sys.argv[1:])
