"""Benchmark: normalizing 100,000 Plaid transactions from ``/transactions/sync`` pages.

fin-infra: ``PlaidClient.iter_transactions_sync`` end to end through its HTTP seam (an httpx
MockTransport serving the pages), decoding amounts exactly as ``Decimal`` and converting to
``fin_infra.models.Transaction`` (sign flipped). plaid-python (the official client): its
``ApiClient.deserialize`` turning the same response bodies into ``TransactionsSyncResponse``
models (parsing only; no normalization, floats for amounts).

Both keep every transaction they produce; a third run shows fin-infra streaming page by page.
Each contender runs once, warmed up, in its own process: wall time, and peak memory as the rise
of the process's resident high-water mark during the run (Linux only).

Run: ``.venv/bin/python benchmarks/plaid_normalize.py [--transactions 100000]``
(needs the ``bench`` and ``dev`` extras).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import plaid
from plaid.api_client import ApiClient
from plaid.model.transactions_sync_response import TransactionsSyncResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes

from tests.fakes.plaid_wire import wire_transaction

from fin_infra.providers.banking.plaid import PlaidClient

PAGE = 500
ACCOUNTS = ["acc-checking-000001", "acc-savings-0000002", "acc-credit-00000003"]


def build_pages(n: int) -> list[bytes]:
    """``n`` transactions as ``/transactions/sync`` response bodies of 500 each."""
    pages = []
    start = dt.date(2024, 1, 1)
    for first in range(0, n, PAGE):
        added = [
            wire_transaction(
                f"txn{i:09d}",
                ACCOUNTS[i % 3],
                (i * 7919 % 250_000 - 50_000) / 100,
                start + dt.timedelta(days=i % 365),
                i,
            )
            for i in range(first, min(first + PAGE, n))
        ]
        last = first + PAGE >= n
        body = {
            "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE",
            "accounts": [],
            "added": added,
            "modified": [],
            "removed": [],
            "next_cursor": f"cursor-{first + PAGE}",
            "has_more": not last,
            "request_id": f"req{first}",
        }
        pages.append(json.dumps(body).encode())
    return pages


def fin_infra_client(pages: list[bytes]) -> PlaidClient:
    by_cursor = {"": pages[0], **{f"cursor-{(k + 1) * PAGE}": p for k, p in enumerate(pages[1:])}}

    def serve(request: httpx.Request) -> httpx.Response:
        cursor = json.loads(request.content).get("cursor", "")
        return httpx.Response(200, content=by_cursor[cursor])

    return PlaidClient(
        "bench-client", "bench-secret", transport=httpx.MockTransport(serve), rate_limit=None
    )


def run_fin_infra(pages: list[bytes], keep: bool = True) -> int:
    client = fin_infra_client(pages)
    kept: list[Any] = []
    count = 0
    for page in client.iter_transactions_sync("access-sandbox-bench"):
        count += len(page.added)
        if keep:
            kept.extend(page.added)
    return count


class _Urllib3Like:
    """The minimal response object plaid-python's RESTResponse wraps."""

    def __init__(self, data: bytes) -> None:
        self.status, self.reason, self.data, self.headers = 200, "OK", data, {}


def run_plaid_python(pages: list[bytes]) -> int:
    client = ApiClient(plaid.Configuration(host=plaid.Environment.Sandbox))
    kept: list[Any] = []
    for body in pages:
        response = plaid.rest.RESTResponse(_Urllib3Like(body))
        parsed = client.deserialize(response, (TransactionsSyncResponse,), True)
        kept.extend(parsed.added)
    return len(kept)


RUNS: dict[str, Callable[[list[bytes]], int]] = {
    "fin-infra (client, keep all)": run_fin_infra,
    "fin-infra (client, streaming)": lambda pages: run_fin_infra(pages, keep=False),
    "plaid-python (deserialize, keep all)": run_plaid_python,
}


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def child(name: str, transactions: int) -> None:
    """Run one contender in this fresh process; print seconds and peak memory as JSON.

    Peak memory is the rise of the resident set's high-water mark over the run (Linux
    ``VmHWM``, reset after the input pages are built), so it needs no tracing overhead.
    """
    pages = build_pages(transactions)
    RUNS[name](build_pages(PAGE))  # warm up: imports, lazy model loading
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    before = _status_kib("VmRSS")
    t0 = time.perf_counter()
    count = RUNS[name](pages)
    seconds = time.perf_counter() - t0
    peak = _status_kib("VmHWM") - before
    print(json.dumps({"seconds": seconds, "count": count, "peak_mib": peak / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.transactions)
        return
    print(f"{args.transactions:,} transactions in pages of {PAGE}")
    print(f"python {sys.version.split()[0]}, plaid-python {plaid.__version__}")
    results = {}
    for name in RUNS:
        out = subprocess.run(
            [sys.executable, __file__, "--transactions", str(args.transactions), "--child", name],
            check=True,
            capture_output=True,
            text=True,
        )
        results[name] = json.loads(out.stdout)
        assert results[name]["count"] == args.transactions, results[name]
    width = max(map(len, results))
    print(f"{'':{width}}  {'seconds':>8}  {'txn/s':>9}  {'peak MiB':>8}")
    for name, r in results.items():
        rate = args.transactions / r["seconds"]
        print(f"{name:{width}}  {r['seconds']:8.2f}  {rate:9,.0f}  {r['peak_mib']:8.1f}")
    ours = results["fin-infra (client, keep all)"]
    theirs = results["plaid-python (deserialize, keep all)"]
    print(
        f"ratio: fin-infra is {theirs['seconds'] / ours['seconds']:.1f}x faster "
        f"and uses {theirs['peak_mib'] / ours['peak_mib']:.1f}x less peak memory than plaid-python"
    )


if __name__ == "__main__":
    main()
