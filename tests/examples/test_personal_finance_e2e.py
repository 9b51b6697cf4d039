"""End to end: ``fin-infra demo`` in a subprocess, the API over HTTP, the dashboard in Chromium.

The test starts the real command (uvicorn on a free port, a SQLite file in a temporary
directory), writes through the API, then lets headless Chromium load ``/dashboard`` and run its
JavaScript, and reads the resulting DOM: every chart must be a Plotly figure with its traces and
data points. Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped without it.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EXPECTED_TRACES = {
    "net-worth": 3,
    "budget": 2,
    "goals": 1,
    "bills": 1,
    "allocation": 1,
    "drawdown": 1,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``fin-infra demo`` serving a fresh SQLite database; yields its base URL."""
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("fin-infra")),
        "demo",
        "--port",
        str(port),
        "--database-url",
        f"sqlite:///{tmp_path / 'e2e.db'}",
    ]
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"fin-infra demo exited: {(tmp_path / 'server.log').read_text()}")
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not start: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _dump_dom(url: str, profile: Path) -> str:
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium not installed (apt-get install chromium)"
)
def test_demo_serves_the_api_and_a_dashboard_that_renders(server: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=server, timeout=30) as api:
        assert api.get("/docs").status_code == 200
        created = api.post(
            "/goals/",
            json={"user_id": "sandbox-user", "name": "E2E sailboat", "target_amount": "8000"},
        )
        assert created.status_code == 201, created.text
        (budget,) = api.get("/budgets/").json()["items"]
        progress = api.get(f"/insights/budgets/{budget['id']}/progress")
        assert progress.status_code == 200
        assert api.get("/insights/portfolio").json()["allocation"]
        synced = api.post("/banking/sync")
        assert synced.json() == {"items": 2, "added": 0, "modified": 0, "removed": 0}

    dom = _dump_dom(f"{server}/dashboard", tmp_path / "chromium-profile")

    assert 'data-rendered="true"' in dom, re.findall(r'id="error"[^<]*<', dom)
    for chart, traces in EXPECTED_TRACES.items():
        tag = re.search(rf'<div id="{chart}"[^>]*>', dom)
        assert tag is not None, chart
        assert "js-plotly-plot" in tag.group(0), chart
        assert f'data-traces="{traces}"' in tag.group(0), (chart, tag.group(0))
        points = re.search(r'data-points="(\d+)"', tag.group(0))
        assert points is not None, chart
        assert int(points.group(1)) > 0, chart
    assert dom.count('class="main-svg"') >= 2 * len(EXPECTED_TRACES)
    assert "E2E sailboat" in dom  # the goal written through the API is on the chart
