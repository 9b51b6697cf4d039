"""Realized gains over 1,000,000 investment transactions, timed per matching method.

Run: ``python benchmarks/investments.py [N] [fifo,lifo,hifo,average,fifo+wash]`` (default
1,000,000 and every case). Generates a deterministic
history of buys and sells (about 55% buys, 100 a day) over 500 symbols in 4 accounts, then
replays it with each method, and with the wash-sale rule, printing seconds and transactions per
second. Building the transactions (validation included) is timed separately.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal

from fin_infra.investments import Action, InvestmentTransaction, Method, build_ledger
from fin_infra.tax import WashSaleRule


def history(n: int, seed: int = 7) -> list[InvestmentTransaction]:
    """``n`` valid transactions: sells never exceed what the account holds."""
    rng = random.Random(seed)
    symbols = [f"S{i:03d}" for i in range(500)]
    accounts = ["taxable", "joint", "ira", "roth"]
    held: dict[tuple[str, str], int] = {}
    start = dt.date(2015, 1, 2)
    out: list[InvestmentTransaction] = []
    for i in range(n):
        account, symbol = rng.choice(accounts), rng.choice(symbols)
        on = start + dt.timedelta(days=i // 100)
        price = Decimal(rng.randint(1000, 50000)).scaleb(-2)
        have = held.get((account, symbol), 0)
        if have and rng.random() < 0.45:
            qty = rng.randint(1, have)
            held[(account, symbol)] = have - qty
            action = Action.SELL
        else:
            qty = rng.randint(1, 100)
            held[(account, symbol)] = have + qty
            action = Action.BUY
        out.append(
            InvestmentTransaction(
                id=f"t{i}",
                date=on,
                action=action,
                symbol=symbol,
                account_id=account,
                quantity=Decimal(qty) / 4,  # fractional shares
                price=price,
                fees=Decimal("0.35"),
            )
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    began = time.perf_counter()
    txs = history(n)
    print(f"built {n:,} transactions in {time.perf_counter() - began:.2f} s")
    cases = {
        "fifo": (Method.FIFO, None),
        "lifo": (Method.LIFO, None),
        "hifo": (Method.HIFO, None),
        "average": (Method.AVERAGE, None),
        "fifo+wash": (Method.FIFO, WashSaleRule()),
    }
    chosen = sys.argv[2].split(",") if len(sys.argv) > 2 else list(cases)
    for label in chosen:
        method, rule = cases[label]
        began = time.perf_counter()
        ledger = build_ledger(txs, method, replacement_rule=rule)
        seconds = time.perf_counter() - began
        assert ledger.reconcile().difference == 0
        print(
            f"{label:18} {seconds:7.2f} s  {n / seconds:>10,.0f} tx/s  "
            f"{len(ledger.realized):,} realized rows, gain {ledger.realized_gain():,.2f}, "
            f"{len(ledger.wash_sales):,} wash sales"
        )


if __name__ == "__main__":
    main()
