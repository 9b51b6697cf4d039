"""fin-infra calc against numpy-financial and pyxirr, side by side, in one run.

Run: ``python benchmarks/calc.py`` (needs ``pip install -e '.[bench]'``). Prints the median time
of each case per library and the ratio peer / fin-infra (above 1 means fin-infra is faster).
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import timeit
from collections.abc import Callable

import numpy as np
import numpy_financial as npf
import pyxirr

from fin_infra import calc


def median_seconds(func: Callable[[], object], budget: float = 1.0) -> float:
    """Median of repeated timings, each of enough loops to take about 20 ms."""
    timer = timeit.Timer(func)
    loops, elapsed = timer.autorange()
    per_call = elapsed / loops
    loops = max(1, int(0.02 / per_call))
    repeats = max(3, min(15, int(budget / max(per_call * loops, 1e-9))))
    return statistics.median(t / loops for t in timer.repeat(repeats, loops))


def fmt(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:8.2f} {unit}"
    return f"{seconds / 1e-9:8.0f} ns"


def cash_flows(n: int, rng: np.random.Generator) -> np.ndarray:
    flows = rng.uniform(50, 150, n)
    flows[0] = -flows[1:].sum() * 0.8
    return flows


def dated(n: int, rng: np.random.Generator) -> tuple[list[dt.date], list[float]]:
    start = dt.date(2010, 1, 1)
    days = np.sort(rng.integers(0, 365 * 15, n))
    days[0] = 0
    return [start + dt.timedelta(days=int(d)) for d in days], cash_flows(n, rng).tolist()


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(runs)


def main() -> None:
    rng = np.random.default_rng(2024)
    rows: list[tuple[str, str, float, float]] = []

    for n in (10, 1000):
        flows = cash_flows(n, rng)
        listed = flows.tolist()
        ours = median_seconds(lambda listed=listed: calc.irr(listed))
        npf_time = median_seconds(lambda flows=flows: npf.irr(flows))
        pyxirr_time = median_seconds(lambda listed=listed: pyxirr.irr(listed))
        rows.append((f"IRR, {n} flows", "numpy-financial", npf_time, ours))
        rows.append((f"IRR, {n} flows", "pyxirr", pyxirr_time, ours))

    for n in (100, 10_000):
        dates, amounts = dated(n, rng)
        ours = median_seconds(lambda d=dates, a=amounts: calc.xirr(d, a))
        peer = median_seconds(lambda d=dates, a=amounts: pyxirr.xirr(d, a))
        rows.append((f"XIRR, {n} dated flows", "pyxirr", peer, ours))

    rates = rng.uniform(0.001, 0.02, 100_000)
    ours = median_seconds(lambda: calc.pmt(rates, 360, 250_000.0))
    npf_time = median_seconds(lambda: npf.pmt(rates, 360, 250_000.0))
    pyxirr_time = median_seconds(lambda: pyxirr.pmt(rates, 360, 250_000.0))
    rows.append(("PMT over 100,000 rates", "numpy-financial", npf_time, ours))
    rows.append(("PMT over 100,000 rates", "pyxirr", pyxirr_time, ours))

    series = 10_000
    start = np.datetime64("2015-01-01")
    offsets = np.sort(rng.integers(0, 3650, (series, 100)), axis=1)
    offsets[:, 0] = 0
    date_grid = start + offsets.astype("timedelta64[D]")
    amount_grid = rng.uniform(50, 150, (series, 100))
    amount_grid[:, 0] = -amount_grid[:, 1:].sum(axis=1) * 0.8
    date_lists = [row.tolist() for row in date_grid]
    amount_lists = amount_grid.tolist()

    def pyxirr_loop() -> list[float]:
        return [pyxirr.xirr(d, a) for d, a in zip(date_lists, amount_lists, strict=True)]

    def pyxirr_loop_arrays() -> list[float]:
        return [pyxirr.xirr(d, a) for d, a in zip(date_grid, amount_grid, strict=True)]

    ours_grid = median_seconds(lambda: calc.xirr_many(date_grid, amount_grid), budget=3)
    ours_lists = median_seconds(lambda: calc.xirr_many(date_lists, amount_lists), budget=3)
    loop = median_seconds(pyxirr_loop, budget=3)
    loop_arrays = median_seconds(pyxirr_loop_arrays, budget=3)
    rows.append(("xirr_many, 10,000 x 100 (2-D arrays)", "pyxirr loop", loop_arrays, ours_grid))
    rows.append(("xirr_many, 10,000 x 100 (lists of dates)", "pyxirr loop", loop, ours_lists))
    check = np.max(np.abs(calc.xirr_many(date_grid, amount_grid) - np.array(pyxirr_loop())))

    width = max(len(r[0]) for r in rows)
    header = ("case", "peer", "peer time", "fin-infra", "peer/fin-infra")
    print(f"{header[0]:<{width}}  {header[1]:<16} {header[2]:>11} {header[3]:>11} {header[4]:>15}")
    for case, peer_name, peer_time, our_time in rows:
        ratio = peer_time / our_time
        print(f"{case:<{width}}  {peer_name:<16} {fmt(peer_time)} {fmt(our_time)} {ratio:14.2f}x")
    print(f"\nxirr_many vs pyxirr loop, largest difference in rate: {check:.2e}")
    for module in ("fin_infra", "fin_infra.calc"):
        print(f"import {module}: {import_time(module) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
