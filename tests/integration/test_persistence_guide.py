"""The persistence guide's "Budget CRUD in 3 Steps", run literally as a new user would.

In a fresh directory, with the venv's ``fin-infra`` on PATH: step 1 scaffolds, step 2 runs the
guide's migration workflow (``export DISCOVER_PACKAGES=app.models``, or a ``.env`` naming a
PostgreSQL database), step 3 is the guide's Python snippet verbatim (only its import line
translated from svc_infra to fin_infra), served in-process by a Python subprocess started in that
directory with the same environment. The API must meet the database the migrations built.

Nothing is bridged: no `fin-infra db init` before the first revision, `downgrade -1` as written,
the step-3 snippet with the guide's own search and order fields.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path
from tests.integration.databases import temporary_database

GUIDE_STEP1 = "fin-infra scaffold budgets --dest-dir app/models/budgets"
GUIDE_EXPORT = "export DISCOVER_PACKAGES=app.models"
GUIDE_REVISION = 'fin-infra db revision -m "add budgets table" --autogenerate'
GUIDE_UPGRADE = "fin-infra db upgrade head"
GUIDE_DOWNGRADE = "fin-infra db downgrade -1"
# Step 3, copied from the guide; only the import line is translated (svc_infra -> fin_infra).
GUIDE_STEP3 = """\
from fastapi import FastAPI
from fin_infra.api import add_sql_resources, SqlResource
from app.models.budgets import Budget

app = FastAPI()

# ONE FUNCTION CALL → Full CRUD API
add_sql_resources(app, [
    SqlResource(
        model=Budget,
        prefix="/budgets",
        search_fields=["name", "description"],
        order_fields=["name", "created_at"],
        soft_delete=False,
    )
])
"""
GUIDE_IMPORT = "from svc_infra.api.fastapi.db.sql import add_sql_resources, SqlResource"
OUR_IMPORT = "from fin_infra.api import add_sql_resources, SqlResource"

# Serves app/main.py in-process (its lifespan runs, then httpx over ASGI) and replays a scenario:
# [label, method, path, json body, headers]; "{id0}", "{id1}"... are the ids of created rows.
DRIVER = r"""
import asyncio, importlib, json, logging, sys
import httpx

logs = []


class Keep(logging.Handler):
    def emit(self, record):
        logs.append([record.levelname, record.getMessage()])


logging.getLogger().addHandler(Keep())
logging.getLogger().setLevel(logging.INFO)
scenario = json.loads(sys.stdin.read())
try:
    app = importlib.import_module("app.main").app
except Exception as error:
    print(json.dumps({"mount_error": [type(error).__name__, str(error)], "logs": logs}))
    sys.exit(0)


async def main():
    results, ids = {}, []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://guide") as client:
            for label, method, path, body, headers in scenario:
                path = path.format(**{f"id{i}": v for i, v in enumerate(ids)})
                response = await client.request(method, path, json=body, headers=headers)
                payload = response.json() if response.content else None
                if method == "POST" and response.status_code == 201:
                    ids.append(payload["id"])
                results[label] = {"status": response.status_code, "body": payload}
    print(json.dumps({"results": results, "logs": logs}))


asyncio.run(main())
"""


def budget(name: str, start: str = "2025-01-01", end: str = "2025-02-01") -> dict[str, Any]:
    return {
        "user_id": "u1",
        "name": name,
        "period_start": start,
        "period_end": end,
        "categories": {"food": "400.00"},
    }


class Workspace:
    """A fresh directory where commands run as the guide shows them, with the venv on PATH."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env

    def sh(self, *lines: str) -> subprocess.CompletedProcess[str]:
        """Run ``lines`` in one bash (so ``export`` carries to the next line); stop on error."""
        return subprocess.run(
            ["bash", "-e", "-c", "\n".join(lines)],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def ok(self, *lines: str) -> str:
        done = self.sh(*lines)
        if done.returncode != 0:
            pytest.fail(f"{lines[-1]!r} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def serve(self, snippet: str, scenario: list[list[Any]]) -> dict[str, Any]:
        """Write ``snippet`` as app/main.py and replay ``scenario`` against it in-process."""
        (self.root / "app" / "main.py").write_text(snippet)
        (self.root / "drive_guide.py").write_text(DRIVER)
        done = subprocess.run(
            [sys.executable, "drive_guide.py"],
            cwd=self.root,
            env={**self.env, "DISCOVER_PACKAGES": "app.models", "PYTHONPATH": str(self.root)},
            input=json.dumps(scenario),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"serving app/main.py failed:\n{done.stdout}\n{done.stderr}")
        return dict(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "newapp"
    root.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SQL_URL", "DISCOVER_PACKAGES", "FIN_INFRA_APP_DIR", "PYTHONPATH")
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return Workspace(root, env)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, workspace: Workspace, tmp_path: Path) -> Iterator[str]:
    """ "sqlite": no SQL_URL at all (the default file); "postgresql": SQL_URL in .env."""
    if request.param == "sqlite":
        yield "default"
        return
    with temporary_database("postgresql", tmp_path) as url:
        plain = url.replace("postgresql+asyncpg://", "postgresql://")
        (workspace.root / ".env").write_text(f"SQL_URL={plain}\n")
        yield ".env"


def literal_step2(workspace: Workspace) -> None:
    """Step 2 and the Migration Workflow as written: no `fin-infra db init` first (revision
    creates migrations/), `downgrade -1` as the guide spells it."""
    workspace.ok(GUIDE_EXPORT, GUIDE_REVISION)
    workspace.ok(GUIDE_EXPORT, GUIDE_UPGRADE)
    revision = workspace.ok(GUIDE_EXPORT, "fin-infra db current").strip()
    assert len(revision) == 12, revision
    history = workspace.ok(GUIDE_EXPORT, "fin-infra db history")
    assert f"<base> -> {revision} (head), add budgets table" in history
    workspace.ok(GUIDE_EXPORT, GUIDE_DOWNGRADE)
    assert "not migrated" in workspace.ok(GUIDE_EXPORT, "fin-infra db current")
    workspace.ok(GUIDE_EXPORT, GUIDE_UPGRADE)
    assert workspace.ok(GUIDE_EXPORT, "fin-infra db current").strip() == revision


CRUD = [
    ["create groceries", "POST", "/budgets/", budget("Groceries"), {}],
    ["create rent", "POST", "/budgets/", budget("Rent"), {}],
    ["create fun", "POST", "/budgets/", budget("Fun money"), {}],
    ["bad period", "POST", "/budgets/", budget("Bad", "2025-02-01", "2025-01-01"), {}],
    ["page", "GET", "/budgets/?page=1&page_size=20", None, {}],
    ["small page", "GET", "/budgets/?page=2&page_size=2", None, {}],
    ["q", "GET", "/budgets/?q=groc", None, {}],
    ["ordered", "GET", "/budgets/?order_by=name&order_dir=asc", None, {}],
    ["undeclared filter", "GET", "/budgets/?category=personal", None, {}],
    ["get", "GET", "/budgets/{id0}", None, {}],
    ["patch", "PATCH", "/budgets/{id0}", {"name": "Groceries & household"}, {}],
    ["search", "GET", "/budgets/search?q=rent", None, {}],
    ["delete", "DELETE", "/budgets/{id1}", None, {}],
    ["get deleted", "GET", "/budgets/{id1}", None, {}],
    ["after delete", "GET", "/budgets/", None, {}],
]


def names(result: dict[str, Any]) -> list[str]:
    return [item["name"] for item in result["body"]["items"]]


def assert_crud(results: dict[str, Any]) -> None:
    for label in ("create groceries", "create rent", "create fun"):
        assert results[label]["status"] == 201, results[label]
    assert results["bad period"]["status"] == 422, results["bad period"]  # a check constraint
    page = results["page"]
    assert page["status"] == 200, page
    assert (page["body"]["total"], page["body"]["page"], page["body"]["page_size"]) == (3, 1, 20)
    small = results["small page"]["body"]
    assert (len(small["items"]), small["pages"]) == (1, 2)
    assert names(results["q"]) == ["Groceries"]
    assert names(results["ordered"]) == ["Fun money", "Groceries", "Rent"]
    # Filtering needs filter_fields, which the snippet does not declare: a clear 422, not a 500.
    assert results["undeclared filter"]["status"] == 422
    assert "category" in json.dumps(results["undeclared filter"]["body"])
    got = results["get"]
    assert got["status"] == 200
    assert got["body"]["name"] == "Groceries"
    assert got["body"]["categories"] == {"food": "400.00"}
    assert results["patch"]["status"] == 200
    assert results["patch"]["body"]["name"] == "Groceries & household"
    assert names(results["search"]) == ["Rent"]
    assert results["delete"]["status"] == 204
    assert results["get deleted"]["status"] == 404
    assert sorted(names(results["after delete"])) == ["Fun money", "Groceries & household"]


def assert_same_database(served: dict[str, Any], workspace: Workspace, source: str) -> None:
    """The API used the database the migrations built, and said where it came from."""
    messages = [message for _, message in served["logs"]]
    expected = (
        f"database URL from SQL_URL in {workspace.root.resolve() / '.env'}: postgresql+asyncpg://"
        if source == ".env"
        else f"database URL from default: sqlite+aiosqlite:///{workspace.root.resolve()}/"
    )
    assert any(m.startswith(expected) for m in messages), messages
    assert not [m for level, m in served["logs"] if level == "WARNING"], served["logs"]
    if source == "default":
        assert (workspace.root / "fin_infra.db").is_file()


def test_guide_three_steps(workspace: Workspace, database: str) -> None:
    workspace.ok(GUIDE_STEP1)
    literal_step2(workspace)
    served = workspace.serve(GUIDE_STEP3, CRUD)
    assert "mount_error" not in served, served
    assert_crud(served["results"])
    assert_same_database(served, workspace, database)


def test_guide_three_steps_with_soft_delete(workspace: Workspace) -> None:
    workspace.ok(f"{GUIDE_STEP1} --include-soft-delete")
    literal_step2(workspace)
    snippet = GUIDE_STEP3.replace("soft_delete=False", "soft_delete=True")
    served = workspace.serve(
        snippet,
        [
            ["create", "POST", "/budgets/", budget("Groceries"), {}],
            ["delete", "DELETE", "/budgets/{id0}", None, {}],
            ["get deleted", "GET", "/budgets/{id0}", None, {}],
            ["list", "GET", "/budgets/", None, {}],
            ["list deleted", "GET", "/budgets/?include_deleted=true", None, {}],
            ["restore", "POST", "/budgets/{id0}/restore", None, {}],
            ["get restored", "GET", "/budgets/{id0}", None, {}],
        ],
    )
    results = served["results"]
    assert results["delete"]["status"] == 204
    assert results["get deleted"]["status"] == 404
    assert results["list"]["body"]["total"] == 0
    listed = results["list deleted"]
    assert listed["status"] == 200, listed  # deleted_at reads back aware: not a 500
    assert listed["body"]["items"][0]["deleted_at"].endswith("Z")
    assert results["restore"]["status"] == 200, results["restore"]
    assert results["restore"]["body"]["deleted_at"] is None
    assert results["get restored"]["status"] == 200


TENANT = """

from fastapi import Header


def current_tenant(x_tenant: str = Header()) -> str:
    return x_tenant  # the application's auth would go here
"""


def test_guide_with_include_tenant_needs_a_tenant_dependency(workspace: Workspace) -> None:
    workspace.ok(f"{GUIDE_STEP1} --include-tenant")
    literal_step2(workspace)
    snippet = GUIDE_STEP3
    refused = workspace.serve(snippet, [])
    assert refused["mount_error"][0] == "ResourceConfigError"
    message = refused["mount_error"][1]
    assert "tenant-scoped (tenant_field='tenant_id') but no tenant_dependency" in message
    assert "pass add_sql_resources(..., tenant_dependency=" in message

    with_tenant = snippet.replace("\n])\n", "\n], tenant_dependency=current_tenant)\n")
    with_tenant = with_tenant.replace("\napp = FastAPI()", TENANT + "\napp = FastAPI()")
    a, b = {"X-Tenant": "acme"}, {"X-Tenant": "globex"}
    served = workspace.serve(
        with_tenant,
        [
            ["create", "POST", "/budgets/", budget("Groceries"), a],
            ["mine", "GET", "/budgets/", None, a],
            ["theirs", "GET", "/budgets/", None, b],
            ["their get", "GET", "/budgets/{id0}", None, b],
        ],
    )
    results = served["results"]
    assert results["create"]["status"] == 201, results["create"]
    assert results["create"]["body"]["tenant_id"] == "acme"
    assert results["mine"]["body"]["total"] == 1
    assert results["theirs"]["body"]["total"] == 0
    assert results["their get"]["status"] == 404


@pytest.mark.shared
def test_the_guide_still_says_what_these_tests_run() -> None:
    guide = shared_path("guide", "persistence-guide.md").read_text()
    assert GUIDE_STEP3.replace(OUR_IMPORT, GUIDE_IMPORT) in guide
    assert GUIDE_STEP1 in guide
    assert GUIDE_EXPORT in guide
    for line in (GUIDE_REVISION, GUIDE_UPGRADE, GUIDE_DOWNGRADE, "fin-infra db current"):
        assert line.replace("fin-infra db", "svc-infra") in guide, line
