"""Recurring detection: precision and recall on synthetic ledgers with planted streams and decoys.

Run: ``python benchmarks/recurring.py`` (``--ledgers`` how many, default 400).

Each ledger covers 38 months of one household and mixes:

* planted streams: monthly subscriptions (some with a price change), monthly bills with varying
  amounts, biweekly paychecks, weekly services, quarterly and yearly premiums; every occurrence is
  jittered by a few days, 5% of occurrences are skipped, streams start and stop at random;
* decoys that must not be reported: irregular shopping at the same merchants (groceries, fuel,
  coffee several times a week), one-off purchases at subscription merchants, a haircut every four
  to nine weeks, and series with only two occurrences.

A detected stream counts as a true positive when it shares at least half of its transactions with
a planted stream (Jaccard >= 0.5); each planted stream matches at most once.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal

from fin_infra.models import Transaction
from fin_infra.recurring import Frequency, detect_recurring, price_change_alerts

START = dt.date(2022, 1, 1)
MONTHS = 38
END = dt.date(2025, 3, 1)
STEP_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}
JITTER = {
    Frequency.WEEKLY: 1,
    Frequency.BIWEEKLY: 1,
    Frequency.MONTHLY: 3,
    Frequency.QUARTERLY: 3,
    Frequency.YEARLY: 4,
}
SUBSCRIPTIONS = [
    ("NETFLIX.COM 866-579-7172 CA", "15.49"),
    ("SPOTIFY USA*{id}", "10.99"),
    ("HULU 877-8244858 CA", "7.99"),
    ("PLANET FITNESS CLUB #{n}", "24.99"),
    ("ADOBE *CREATIVE CLD 408-536-6000 CA", "54.99"),
    ("DROPBOX*{id} DROPBOX.COM CA", "11.99"),
    ("APPLE.COM/BILL 866-712-7753 CA", "2.99"),
    ("PELOTON* MEMBERSHIP", "44.00"),
    ("NYTIMES*NYTIMES.COM", "17.00"),
    ("PATREON* MEMBERSHIP", "5.00"),
]
BILLS = [
    ("PG&E WEB ONLINE PAYMENT", "140"),
    ("COMCAST CABLE COMM 800-266-2278", "89"),
    ("VERIZON WIRELESS PAYMENTS", "75"),
    ("CITY OF OAKLAND WATER", "60"),
]
QUARTERLY = [("EBMUD WATER QUARTERLY", "180"), ("ALARM.COM MONITORING", "95")]
YEARLY = [("GEICO AUTO INS PREM", "1240"), ("AMAZON PRIME*{id}", "139"), ("NAMECHEAP.COM", "15")]
WEEKLY = [("SQ *MARIA CLEANING SVC", "120"), ("TST* FARM BOX DELIVERY", "38")]
PAY = [("ACME CORP PAYROLL PPD ID:{id}", "2450"), ("GLOBEX INC DIR DEP {id}", "3100")]
SHOPS = ["WHOLEFDS MKT {n} OAKLAND CA", "SHELL OIL {n} OAKLAND CA", "TRADER JOE S #{n}"]


@dataclass
class Ledger:
    """One household's transactions and the truth about them."""

    transactions: list[Transaction] = field(default_factory=list)
    planted: list[set[str]] = field(default_factory=list)
    changes: list[tuple[str, dt.date]] = field(default_factory=list)
    next_dates: list[dt.date] = field(default_factory=list)
    frequencies: list[Frequency] = field(default_factory=list)


def month_add(day: dt.date, months: int, anchor: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(anchor, calendar.monthrange(year, month)[1]))


def nominal(first: dt.date, frequency: Frequency, i: int) -> dt.date:
    step = STEP_MONTHS.get(frequency)
    if step is None:
        return first + dt.timedelta(days=int(frequency.days) * i)
    return month_add(first, step * i, first.day)


class Builder:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.ledger = Ledger()
        self.count = 0

    def add(self, name: str, amount: Decimal, day: dt.date) -> str:
        self.count += 1
        tid = f"t{self.count}"
        self.ledger.transactions.append(
            Transaction(id=tid, account_id="chk", amount=amount, date=day, name=name)
        )
        return tid

    def fill(self, template: str) -> str:
        return template.format(id=f"{self.rnd.randrange(16**8):08X}", n=self.rnd.randint(100, 9999))

    def stream(self, template: str, base: str, frequency: Frequency, kind: str) -> None:
        rnd = self.rnd
        span = (END - START).days
        first = START + dt.timedelta(days=rnd.randint(0, span // 3))
        stop = (
            END if rnd.random() < 0.8 else first + dt.timedelta(days=rnd.randint(span // 3, span))
        )
        amount = Decimal(base)
        change_at = rnd.randint(3, 10) if kind == "subscription" and rnd.random() < 0.4 else None
        ids: set[str] = set()
        recorded = False
        i = 0
        while True:
            day = nominal(first, frequency, i)
            if day > stop or day > END:
                break
            if i == change_at:
                amount = (amount * Decimal(rnd.choice(["1.1", "1.15", "1.2", "0.9"]))).quantize(
                    Decimal("0.01")
                )
            value = amount
            if kind == "bill":
                value = (amount * Decimal(rnd.randint(80, 125)) / 100).quantize(Decimal("0.01"))
            if rnd.random() >= 0.05 or i == 0:
                jitter = JITTER[frequency]
                when = day + dt.timedelta(days=rnd.randint(-jitter, jitter))
                if when <= END:
                    sign = 1 if kind == "pay" else -1
                    tid = self.add(self.fill(template), value * sign, when)
                    ids.add(tid)
                    if change_at is not None and i >= change_at and not recorded:
                        # The first occurrence billed at the new price (the change date may
                        # itself have been skipped).
                        self.ledger.changes.append((tid, when))
                        recorded = True
            i += 1
        if len(ids) >= 3:
            self.ledger.planted.append(ids)
            self.ledger.frequencies.append(frequency)
            self.ledger.next_dates.append(nominal(first, frequency, i))
        # Streams with fewer than three occurrences are decoys: not detectable, not planted.

    def decoys(self) -> None:
        rnd = self.rnd
        span = (END - START).days
        for shop in SHOPS:
            for _ in range(rnd.randint(40, 160)):
                day = START + dt.timedelta(days=rnd.randint(0, span))
                amount = Decimal(rnd.randint(800, 25000)).scaleb(-2)
                self.add(self.fill(shop), -amount, day)
        day = START
        while day < END:  # coffee two to four times a week, at random
            day += dt.timedelta(days=rnd.choice([1, 2, 2, 3, 4]))
            self.add(
                f"STARBUCKS STORE {rnd.randint(100, 999)}",
                -Decimal(rnd.choice(["4.95", "5.45", "6.10"])),
                day,
            )
        day = START
        while day < END:  # a haircut every four to nine weeks
            day += dt.timedelta(days=rnd.randint(28, 63))
            self.add("GREAT CLIPS #1234", -Decimal("32.00"), day)
        for _ in range(rnd.randint(5, 30)):  # one-off purchases at subscription merchants
            day = START + dt.timedelta(days=rnd.randint(0, span))
            self.add(
                f"AMAZON.COM*{rnd.randrange(16**8):08X}",
                -Decimal(rnd.randint(500, 9000)).scaleb(-2),
                day,
            )
            self.add(
                "APPLE.COM/BILL 866-712-7753 CA",
                -Decimal(rnd.choice(["0.99", "4.99", "9.99"])),
                day + dt.timedelta(days=rnd.randint(0, 20)),
            )
        first = START + dt.timedelta(days=rnd.randint(0, span - 60))
        for k in range(2):  # two occurrences only
            self.add("SUNRISE YOGA STUDIO", -Decimal("20.00"), first + dt.timedelta(days=30 * k))


def make_ledger(rnd: random.Random) -> Ledger:
    b = Builder(rnd)
    for template, base in rnd.sample(SUBSCRIPTIONS, rnd.randint(2, 5)):
        b.stream(template, base, Frequency.MONTHLY, "subscription")
    for template, base in rnd.sample(BILLS, rnd.randint(1, 3)):
        b.stream(template, base, Frequency.MONTHLY, "bill")
    template, base = rnd.choice(PAY)
    b.stream(template, base, Frequency.BIWEEKLY, "pay")
    if rnd.random() < 0.5:
        template, base = rnd.choice(WEEKLY)
        b.stream(template, base, Frequency.WEEKLY, "subscription")
    if rnd.random() < 0.6:
        template, base = rnd.choice(QUARTERLY)
        b.stream(template, base, Frequency.QUARTERLY, "bill")
    if rnd.random() < 0.7:
        template, base = rnd.choice(YEARLY)
        b.stream(template, base, Frequency.YEARLY, "subscription")
    b.decoys()
    return b.ledger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ledgers", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20251126)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    ledgers = [make_ledger(rnd) for _ in range(args.ledgers)]
    total_txns = sum(len(lg.transactions) for lg in ledgers)

    tp = detected = planted = 0
    right_frequency = 0
    date_errors: list[int] = []
    by_frequency: dict[Frequency, list[int]] = {f: [0, 0] for f in Frequency}
    alert_tp = alerts_total = changes_total = 0
    elapsed = 0.0
    for lg in ledgers:
        start = time.perf_counter()
        streams = detect_recurring(lg.transactions, as_of=END)
        elapsed += time.perf_counter() - start
        detected += len(streams)
        planted += len(lg.planted)
        used: set[int] = set()
        for s in streams:
            ids = set(s.transaction_ids)
            best, score = None, 0.0
            for j, truth in enumerate(lg.planted):
                if j in used:
                    continue
                jaccard = len(ids & truth) / len(ids | truth)
                if jaccard > score:
                    best, score = j, jaccard
            if best is not None and score >= 0.5:
                used.add(best)
                tp += 1
                right_frequency += s.frequency is lg.frequencies[best]
                if s.is_active and lg.next_dates[best] > END:
                    date_errors.append(abs((s.next_date - lg.next_dates[best]).days))
        for j, f in enumerate(lg.frequencies):
            by_frequency[f][0] += 1
            by_frequency[f][1] += j in used
        alerts = price_change_alerts(streams, active_only=False)
        alerts_total += len(alerts)
        changes_total += len(lg.changes)
        truth_changes = {tid for tid, _ in lg.changes}
        alert_tp += sum(1 for a in alerts if a.change.transaction_id in truth_changes)

    print(f"{args.ledgers} ledgers, {total_txns:,} transactions, {planted:,} planted streams")
    print(f"  precision              {tp / detected:7.1%}   ({tp:,} of {detected:,} detected)")
    print(f"  recall                 {tp / planted:7.1%}   ({tp:,} of {planted:,} planted)")
    for f, (n, found) in by_frequency.items():
        if n:
            print(f"    {f.value:<10} recall  {found / n:7.1%}   ({found:,} of {n:,})")
    print(f"  frequency correct      {right_frequency / max(tp, 1):7.1%}   of true positives")
    if date_errors:
        within = sum(e <= 3 for e in date_errors) / len(date_errors)
        print(
            f"  next date error        median {statistics.median(date_errors)} days, "
            f"{within:.1%} within 3 days"
        )
    print(
        f"  price-change alerts    precision {alert_tp / max(alerts_total, 1):.1%}, "
        f"recall {alert_tp / max(changes_total, 1):.1%} ({changes_total:,} planted changes)"
    )
    print(f"  speed                  {total_txns / elapsed:,.0f} transactions/second")


if __name__ == "__main__":
    main()
