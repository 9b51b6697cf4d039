"""fin-infra analytics against empyrical(-reloaded) and quantstats on one panel, in one run.

Run: ``python benchmarks/analytics.py`` (needs ``pip install -e '.[bench]'``). The panel is ten
years of daily returns for 1,000 assets (2,520 x 1,000, seeded). Each metric is computed for every
asset by each library in the way its documentation supports: one vectorised call where the peer
takes a 2-D array or a DataFrame, otherwise a loop over columns (marked "loop"; the slowest loops
run on the first ``SAMPLE`` columns and their time is scaled to the whole panel, marked
"scaled"). Prints the best of ``--repeat`` timings, the ratio peer / fin-infra (above 1 means
fin-infra is faster) and the largest difference from fin-infra's answers, or why a comparison is
not like for like.
"""

from __future__ import annotations

import argparse
import importlib
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from fin_infra import analytics as fa

PPY = 252
WINDOW = 252
SAMPLE = 50


@dataclass
class Peer:
    """One peer's way to compute a metric for the whole panel."""

    run: Callable[[], Any]
    loop: bool = False
    note: str = ""  # set when the peer's definition differs, so values are not compared
    sample: int = 0  # a slow loop timed on the first `sample` columns, then scaled up


@dataclass
class Case:
    name: str
    ours: Callable[[], Any]
    peers: dict[str, Peer]


def best_of(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Fastest of ``repeat`` timed calls (one call when a single run exceeds 5 s) and a result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
        if times[-1] > 5:
            break
    return min(times), result


def human(seconds: float) -> str:
    return f"{seconds * 1e3:9.1f} ms" if seconds < 10 else f"{seconds:9.1f} s "


def load(module: str) -> tuple[Any, str]:
    """Import a peer, returning (module or None, version or the reason it is unavailable)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mod = importlib.import_module(module)
    except Exception as exc:  # a peer that fails to import is reported, not fatal
        return None, f"unavailable: {type(exc).__name__}: {exc}"
    return mod, str(getattr(mod, "__version__", "?"))


def columns(
    func: Callable[[Any], Any], panel: Any, limit: int | None = None
) -> Callable[[], np.ndarray]:
    """A per-column loop for peers that take one series (DataFrame or array columns)."""
    count = panel.shape[1] if limit is None else min(limit, panel.shape[1])
    if hasattr(panel, "iloc"):
        return lambda: np.array([func(panel.iloc[:, j]) for j in range(count)], dtype=float).T
    return lambda: np.array([func(panel[:, j]) for j in range(count)], dtype=float).T


def sampled(func: Callable[[Any], Any], data: Any, note: str = "") -> Peer:
    """A slow per-column peer, timed on the first SAMPLE columns and scaled to the panel."""
    return Peer(columns(func, data, SAMPLE), loop=True, sample=SAMPLE, note=note)


def cases(panel: np.ndarray, bench: np.ndarray, ep: Any, qs: Any) -> list[Case]:
    frame = series = None
    if qs is not None:
        import pandas as pd

        index = pd.bdate_range("2015-01-01", periods=panel.shape[0])
        frame = pd.DataFrame(panel, index=index)
        series = pd.Series(bench, index=index)
    tiled = np.tile(bench[:, np.newaxis], (1, panel.shape[1]))

    def peers(empyrical: Peer | None = None, quantstats: Peer | None = None) -> dict[str, Peer]:
        found = {}
        if ep is not None and empyrical is not None:
            found["empyrical"] = empyrical
        if qs is not None and quantstats is not None:
            found["quantstats"] = quantstats
        return found

    return [
        Case(
            "cumulative return",
            lambda: fa.cum_return(panel),
            peers(
                Peer(lambda: ep.cum_returns_final(panel)),
                Peer(lambda: qs.stats.comp(frame)),
            ),
        ),
        Case(
            "CAGR",
            lambda: fa.cagr(panel, PPY),
            peers(Peer(lambda: ep.annual_return(panel)), Peer(lambda: qs.stats.cagr(frame))),
        ),
        Case(
            "annual volatility",
            lambda: fa.annual_volatility(panel, PPY),
            peers(
                Peer(lambda: ep.annual_volatility(panel)),
                Peer(lambda: qs.stats.volatility(frame)),
            ),
        ),
        Case(
            "Sharpe",
            lambda: fa.sharpe_ratio(panel, 0.0001, PPY),
            peers(
                Peer(lambda: ep.sharpe_ratio(panel, risk_free=0.0001)),
                Peer(
                    lambda: qs.stats.sharpe(frame, rf=0.0252),
                    note="rf given annually, de-annualised by simple division",
                ),
            ),
        ),
        Case(
            "Sortino",
            lambda: fa.sortino_ratio(panel, 0.0, PPY),
            peers(Peer(lambda: ep.sortino_ratio(panel)), Peer(lambda: qs.stats.sortino(frame))),
        ),
        Case(
            "max drawdown",
            lambda: fa.max_drawdown(panel),
            peers(Peer(lambda: ep.max_drawdown(panel)), Peer(lambda: qs.stats.max_drawdown(frame))),
        ),
        Case(
            "Calmar",
            lambda: fa.calmar_ratio(panel, PPY),
            peers(
                Peer(columns(ep.calmar_ratio, panel), loop=True),
                Peer(lambda: qs.stats.calmar(frame)),
            ),
        ),
        Case(
            "beta",
            lambda: fa.beta(panel, bench),
            peers(
                Peer(lambda: ep.beta(panel, bench)),
                sampled(lambda col: qs.stats.greeks(col, series)["beta"], frame),
            ),
        ),
        Case(
            "alpha",
            lambda: fa.alpha(panel, bench, 0.0, PPY),
            peers(
                Peer(lambda: ep.alpha(panel, tiled)),
                sampled(
                    lambda col: qs.stats.greeks(col, series)["alpha"],
                    frame,
                    note="annualises alpha by x252, not by compounding",
                ),
            ),
        ),
        Case(
            "VaR 95% historical",
            lambda: fa.value_at_risk(panel, 0.95),
            peers(Peer(columns(lambda c: ep.value_at_risk(c, 0.05), panel), loop=True)),
        ),
        Case(
            "VaR 95% parametric",
            lambda: fa.value_at_risk(panel, 0.95, "parametric"),
            peers(quantstats=Peer(lambda: qs.stats.value_at_risk(frame, confidence=0.95))),
        ),
        Case(
            "expected shortfall 95%",
            lambda: fa.expected_shortfall(panel, 0.95),
            peers(
                Peer(columns(lambda c: ep.conditional_value_at_risk(c, 0.05), panel), loop=True),
                Peer(
                    lambda: qs.stats.cvar(frame, confidence=0.95),
                    note="mean below the parametric VaR",
                ),
            ),
        ),
        Case(
            f"rolling volatility ({WINDOW}d)",
            lambda: fa.rolling_volatility(panel, WINDOW, PPY),
            peers(
                sampled(lambda c: ep.roll_annual_volatility(c, window=WINDOW), panel),
                Peer(
                    lambda: qs.stats.rolling_volatility(frame, rolling_period=WINDOW).iloc[
                        WINDOW - 1 :
                    ]
                ),
            ),
        ),
        Case(
            f"rolling Sharpe ({WINDOW}d)",
            lambda: fa.rolling_sharpe_ratio(panel, WINDOW, 0.0, PPY),
            peers(
                sampled(lambda c: ep.roll_sharpe_ratio(c, window=WINDOW), panel),
                Peer(
                    lambda: qs.stats.rolling_sharpe(frame, rolling_period=WINDOW).iloc[WINDOW - 1 :]
                ),
            ),
        ),
        Case(
            f"rolling max drawdown ({WINDOW}d)",
            lambda: fa.rolling_max_drawdown(panel, WINDOW),
            peers(sampled(lambda c: ep.roll_max_drawdown(c, window=WINDOW), panel)),
        ),
    ]


def difference(ours: Any, theirs: Any, sample: int) -> str:
    a = np.asarray(ours, dtype=float)
    b = np.asarray(theirs, dtype=float)
    if sample:
        a = a[..., :sample]
    if a.shape != b.shape:
        b = b.reshape(a.shape) if b.size == a.size else b
    if a.shape != b.shape:
        return f"shape {b.shape} vs {a.shape}"
    return f"max |diff| {np.nanmax(np.abs(a - b)):.1e}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periods", type=int, default=2520)
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rng = np.random.default_rng(20240101)
    market = rng.normal(0.0003, 0.01, args.periods)
    loadings = rng.uniform(0.3, 1.5, args.assets)
    panel = market[:, np.newaxis] * loadings + rng.normal(
        0.0002, 0.012, (args.periods, args.assets)
    )

    ep, ep_version = load("empyrical")
    qs, qs_version = load("quantstats")
    print(f"panel: {args.periods} periods x {args.assets} assets; best of {args.repeat}")
    print(f"numpy {np.__version__}; empyrical {ep_version}; quantstats {qs_version}")
    print("ratio = peer time / fin-infra time (above 1: fin-infra is faster)\n")

    totals: dict[str, float] = {"fin-infra": 0.0}
    header = f"{'metric':30} {'fin-infra':>12}   peer"
    print(header)
    print("-" * len(header) + "-" * 60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # peers' deprecation noise, not our business here
        for case in cases(panel, market, ep, qs):
            ours_time, ours = best_of(case.ours, args.repeat)
            totals["fin-infra"] += ours_time
            print(f"{case.name:30} {human(ours_time)}")
            for name, peer in case.peers.items():
                try:
                    peer_time, theirs = best_of(peer.run, args.repeat)
                except Exception as exc:  # report a peer that breaks, keep benchmarking
                    print(f"{'':30} {'':12}   {name:10} failed: {type(exc).__name__}: {exc}")
                    continue
                if peer.sample:
                    peer_time *= args.assets / min(peer.sample, args.assets)
                totals[name] = totals.get(name, 0.0) + peer_time
                how = "loop, scaled" if peer.sample else "loop" if peer.loop else "vectorised"
                check = (
                    f"definition differs: {peer.note}"
                    if peer.note
                    else difference(ours, theirs, peer.sample)
                )
                print(
                    f"{'':30} {'':12}   {name:10} {human(peer_time)} ({how:12}) "
                    f"{peer_time / ours_time:8.1f}x   {check}"
                )
    print("\ntotal time over the metrics each library computed:")
    for name, seconds in totals.items():
        print(f"  {name:10} {human(seconds)}")


if __name__ == "__main__":
    main()
