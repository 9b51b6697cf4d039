"""End to end: ``fin-infra demo`` in a subprocess, the API over HTTP, the dashboard in Chromium.

The test starts the real command (uvicorn on a free port, a SQLite file in a temporary
directory), writes through the API, then lets headless Chromium load ``/dashboard`` and run its
JavaScript, and reads the resulting DOM: every chart must be a Plotly figure with its traces and
data points. It then loads ``/docs``: Swagger UI must render the API's operations. Chromium can
resolve no host but 127.0.0.1, and its network log must show that every request the pages made
went to 127.0.0.1 (no CDN). Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped
without it.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

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


def _page_requests(net_log: Path, origin: str) -> list[str]:
    """URLs of the requests made for pages of ``origin``, from Chromium's network log.

    The browser's own traffic (update and account checks) is told apart by its network
    isolation key: a page's requests carry the page's site, the browser's do not.
    """
    log = json.loads(net_log.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    site = origin.rsplit(":", 1)[0]  # scheme://host, as the key names it
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] != start or "url" not in params:
            continue
        for_page = site in str(params.get("network_isolation_key", "")).split()
        if for_page or params.get("initiator") == origin:
            urls.append(params["url"])
    return urls


def _dump_dom(url: str, profile: Path) -> tuple[str, list[str]]:
    """The DOM of ``url`` after its scripts ran, and the URLs of every request the page made."""
    net_log = profile.with_suffix(".netlog.json")
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
            # Offline: any host but 127.0.0.1 fails to resolve, as without internet.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--log-net-log={net_log}",
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
    split = urlsplit(url)
    return result.stdout, _page_requests(net_log, f"{split.scheme}://{split.netloc}")


def _assert_local_only(requests: list[str], *expected: str) -> None:
    assert requests, "no request of the page found in the network log"
    hosts = {urlsplit(u).hostname for u in requests if urlsplit(u).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, sorted(requests)
    paths = {urlsplit(u).path for u in requests}
    assert set(expected) <= paths, sorted(paths)


@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium not installed (apt-get install chromium)"
)
def test_demo_serves_the_api_and_a_dashboard_that_renders(server: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=server, timeout=30) as api:
        assert api.get("/docs").status_code == 200
        created = api.post("/goals/", json={"name": "E2E sailboat", "target_amount": "8000"})
        assert created.status_code == 201, created.text
        (budget,) = api.get("/budgets/").json()["items"]
        progress = api.get(f"/insights/budgets/{budget['id']}/progress")
        assert progress.status_code == 200
        assert api.get("/insights/portfolio").json()["allocation"]
        synced = api.post("/banking/sync")
        assert synced.json() == {"items": 2, "added": 0, "modified": 0, "removed": 0}

        operations = {
            (path, method)
            for path, item in api.get("/openapi.json").json()["paths"].items()
            for method in item
        }

    dom, requests = _dump_dom(f"{server}/dashboard", tmp_path / "chromium-profile")
    _assert_local_only(requests, "/dashboard", "/dashboard/plotly.min.js", "/dashboard/data")

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

    docs, requests = _dump_dom(f"{server}/docs", tmp_path / "chromium-docs-profile")
    _assert_local_only(requests, "/docs", "/openapi.json")
    # Swagger UI drew one block per operation, with the operation id in the block's id.
    blocks = re.findall(r'<div class="opblock opblock-(\w+)[^"]*" id="operations-[^"]*"', docs)
    assert len(blocks) == len(operations), (len(blocks), len(operations))
    assert 'id="operations-Goal-create_goals"' in docs
    assert 'id="operations-BankAccount-list_accounts"' in docs
    assert 'id="operations-BankAccount-create_accounts"' not in docs  # read-only: not mounted
