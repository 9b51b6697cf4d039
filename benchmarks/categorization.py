"""Categorization: throughput on one core and accuracy on a held-out labelled set.

Run: ``python benchmarks/categorization.py`` (``--n`` transactions for the throughput run,
default 1,000,000). The labelled set is synthetic and built apart from the rules; read
``benchmarks/_heldout_descriptors.py`` for how, and why the figure is an estimate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _heldout_descriptors import Example, brand_examples, local_examples
from fin_infra.categorization import Categorizer, WordModel, normalize_merchant
from fin_infra.categorization._directory import MERCHANTS
from fin_infra.models import Transaction


def to_transactions(examples: list[Example]) -> list[Transaction]:
    day = dt.date(2025, 1, 1)
    return [
        Transaction(id=f"t{i}", account_id="chk", amount=e.amount, date=day, name=e.descriptor)
        for i, e in enumerate(examples)
    ]


def accuracy(examples: list[Example], title: str, categorizer: Categorizer | None = None) -> None:
    categorizer = categorizer or Categorizer()
    decisions = categorizer.categorize_many(to_transactions(examples))
    n = len(examples)
    covered = [(e, d) for e, d in zip(examples, decisions, strict=True) if d.category is not None]
    right = sum(1 for e, d in covered if d.category is not None and d.category.detailed == e.label)
    right_primary = sum(
        1 for e, d in covered if d.category is not None and e.label.startswith(d.category.primary)
    )
    print(f"\n{title}: {n:,} transactions")
    print(f"  detailed accuracy      {right / n:7.1%}   (unanswered counts as wrong)")
    print(f"  primary accuracy       {right_primary / n:7.1%}")
    print(f"  coverage               {len(covered) / n:7.1%}   (a category was given)")
    if covered:
        print(f"  precision when given   {right / len(covered):7.1%}")
    sources = Counter(d.source.value for d in decisions)
    print("  decided by             " + ", ".join(f"{k} {v / n:.0%}" for k, v in sources.items()))
    errors = Counter(
        (e.label, d.category.detailed if d.category else "-")
        for e, d in zip(examples, decisions, strict=True)
        if d.category is None or d.category.detailed != e.label
    )
    print("  most common misses (truth -> answer):")
    for (truth, answer), count in errors.most_common(6):
        print(f"    {count:6,}  {truth} -> {answer}")


def learned(seed: int) -> None:
    """The model hook: a WordModel trained on half the merchants, tested on the other half."""
    examples = local_examples(40_000, seed + 7)
    names = sorted({e.merchant for e in examples})
    random.Random(seed).shuffle(names)
    train_names = set(names[: len(names) // 2])
    train = [e for e in examples if e.merchant in train_names]
    test = [e for e in examples if e.merchant not in train_names]
    model = WordModel().fit((e.descriptor, e.label, e.amount) for e in train)
    print(f"\nMerchant-disjoint split: {len(train):,} training, {len(test):,} test transactions")
    accuracy(test, "Test half, keywords only (no model)")
    accuracy(test, "Test half, keywords + WordModel", Categorizer(model=model))


def timed(categorizer: Categorizer, ledger: list[Transaction]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``categorize_many`` pass."""
    wall, cpu = time.perf_counter(), time.process_time()
    categorizer.categorize_many(ledger)
    return time.perf_counter() - wall, time.process_time() - cpu


def report(label: str, n: int, seconds: tuple[float, float]) -> None:
    wall, cpu = seconds
    print(f"  {label:<27}{n / cpu * 60:12,.0f} per CPU-minute  {n / wall * 60:12,.0f} per minute")


def throughput(n: int, seed: int) -> None:
    rnd = random.Random(seed)
    pool = brand_examples(MERCHANTS, 60_000, seed) + local_examples(40_000, seed + 1)
    txns = to_transactions(pool)
    ledger = [rnd.choice(txns) for _ in range(n)]
    unique = len({t.name for t in ledger})
    print(f"\nThroughput: {n:,} transactions, {unique:,} distinct descriptors, one thread")
    print("  (CPU time excludes waiting for a busy machine; wall clock includes it)")
    normalize_merchant.cache_clear()
    categorizer = Categorizer()
    report("first pass (caches empty)", n, timed(categorizer, ledger))
    report("second pass (caches warm)", n, timed(categorizer, ledger))
    fresh = to_transactions(local_examples(100_000, seed + 2))
    for i, t in enumerate(fresh):
        fresh[i] = t.model_copy(update={"name": f"{t.name} {i:07d}"})
    normalize_merchant.cache_clear()
    report("every descriptor new", len(fresh), timed(Categorizer(), fresh))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20251126)
    args = parser.parse_args()

    local = local_examples(20_000, args.seed)
    leaked = {e.merchant for e in local if normalize_merchant(e.merchant).known}
    if leaked:
        raise SystemExit(f"held-out merchants collide with the directory: {sorted(leaked)[:5]}")
    accuracy(local, "Held-out accuracy, unseen local merchants and bank lines (synthetic)")
    accuracy(brand_examples(MERCHANTS, 5_000, args.seed), "Directory brands in varied shapes")
    learned(args.seed)
    throughput(args.n, args.seed)


if __name__ == "__main__":
    main()
