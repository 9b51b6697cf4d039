"""Hypothesis properties: ledgers always reconcile; methods agree once everything is sold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra.investments import Action, InvestmentTransaction, Method, build_ledger
from fin_infra.tax import WashSaleRule

START = dt.date(2022, 1, 3)
ACCOUNTS = ("taxable", "joint")
SYMBOLS = ("AAA", "BBB")

quantities = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(500), places=4)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(2000), places=2)
fees = st.sampled_from([Decimal(0), Decimal("0.99"), Decimal("4.95")])


class Step(NamedTuple):
    """One random event: what, where, how much, and when (days after the previous one)."""

    kind: str
    account: str
    symbol: str
    qty: Decimal
    price: Decimal
    fee: Decimal
    gap: int
    fraction: float


step = st.builds(
    Step,
    st.sampled_from(["buy", "buy", "sell", "sell", "split", "move"]),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(SYMBOLS),
    quantities,
    prices,
    fees,
    st.integers(0, 20),  # days after the previous step
    st.floats(0.05, 1.0),  # fraction of the holding to sell or move
)


def replay(
    steps: list[Step],
) -> tuple[list[InvestmentTransaction], dict[tuple[str, str], Decimal], Decimal]:
    """Valid transactions from random steps, the expected positions, and the basis paid."""
    txs: list[InvestmentTransaction] = []
    held: dict[tuple[str, str], Decimal] = {}
    paid = Decimal(0)
    on = START
    for n, (kind, account, symbol, qty, price, fee, gap, fraction) in enumerate(steps):
        on += dt.timedelta(days=gap)
        key = (account, symbol)
        have = held.get(key, Decimal(0))
        common = {"id": f"t{n}", "date": on, "symbol": symbol, "account_id": account}
        if kind == "buy" or not have:
            txs.append(
                InvestmentTransaction(
                    action=Action.BUY, quantity=qty, price=price, fees=fee, **common
                )
            )
            held[key] = have + qty
            paid += qty * price + fee
        elif kind == "split":
            txs.append(InvestmentTransaction(action=Action.SPLIT, ratio=Decimal(2), **common))
            held[key] = have * 2
        else:
            amount = min(
                have,
                max(Decimal("0.0001"), (have * Decimal(str(fraction))).quantize(Decimal("0.0001"))),
            )
            if kind == "sell":
                txs.append(
                    InvestmentTransaction(
                        action=Action.SELL,
                        quantity=amount,
                        price=price,
                        fees=min(fee, amount * price),
                        **common,
                    )
                )
            else:
                other = ACCOUNTS[1 - ACCOUNTS.index(account)]
                txs.append(
                    InvestmentTransaction(
                        action=Action.TRANSFER_OUT, quantity=amount, to_account=other, **common
                    )
                )
                held[(other, symbol)] = held.get((other, symbol), Decimal(0)) + amount
            held[key] = have - amount
    return txs, {k: v for k, v in held.items() if v}, paid


def liquidate(
    txs: list[InvestmentTransaction], held: dict[tuple[str, str], Decimal]
) -> list[InvestmentTransaction]:
    last = txs[-1].date + dt.timedelta(days=1)
    return txs + [
        InvestmentTransaction(
            id=f"close{n}",
            date=last,
            action=Action.SELL,
            symbol=symbol,
            account_id=account,
            quantity=qty,
            price=Decimal("101.37"),
        )
        for n, ((account, symbol), qty) in enumerate(sorted(held.items()))
    ]


methods = st.sampled_from([Method.FIFO, Method.LIFO, Method.HIFO, Method.AVERAGE])
rules = st.sampled_from([None, WashSaleRule(), WashSaleRule.from_groups([SYMBOLS])])
any_rules = rules | st.just(WashSaleRule.from_groups([SYMBOLS], tax_deferred_accounts=["joint"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(step, min_size=1, max_size=30), methods, any_rules)
def test_lots_always_reconcile(
    steps: list[Step], method: Method, rule: WashSaleRule | None
) -> None:
    txs, held, paid = replay(steps)
    ledger = build_ledger(txs, method, replacement_rule=rule)
    assert ledger.positions() == held  # sum of open lots == position, per account and symbol
    assert all(lot.quantity > 0 and lot.cost_basis >= 0 for lot in ledger.lots)
    recon = ledger.reconcile()
    assert recon.basis_in == paid
    assert recon.difference == 0  # realized + open basis == basis paid + wash adjustments
    sold = sum((t.quantity for t in txs if t.action is Action.SELL), Decimal(0))
    assert sum((r.quantity for r in ledger.realized), Decimal(0)) == sold
    proceeds = sum(
        (t.quantity * t.price - t.fees for t in txs if t.action is Action.SELL), Decimal(0)
    )
    assert sum((r.proceeds for r in ledger.realized), Decimal(0)) == proceeds
    if rule is None:
        assert not ledger.wash_sales
        assert all(not r.wash_disallowed for r in ledger.realized)
    for row in ledger.realized:
        assert 0 <= row.wash_disallowed <= max(-row.gain, Decimal(0))
    # A sold unit is replaced at most once; every replacement lot id is unique.
    replaced: dict[tuple[str, str], Decimal] = {}
    for wash in ledger.wash_sales:
        key = (wash.sale_id, wash.sold_lot_id)
        replaced[key] = replaced.get(key, Decimal(0)) + wash.quantity
    sold_units = {(r.sale_id, r.lot_id): r.quantity for r in ledger.realized}
    assert all(units <= sold_units[key] for key, units in replaced.items())
    ids = [w.replacement_lot_id for w in ledger.wash_sales]
    assert len(ids) == len(set(ids))
    assert len({lot.lot_id for lot in ledger.lots}) == len(ledger.lots)


@settings(max_examples=100, deadline=None)
@given(st.lists(step, min_size=1, max_size=25), rules)
def test_methods_agree_on_totals_when_all_is_sold(
    steps: list[Step], rule: WashSaleRule | None
) -> None:
    txs, held, paid = replay(steps)
    closed = liquidate(txs, held)
    totals = set()
    for method in (Method.FIFO, Method.LIFO, Method.HIFO, Method.AVERAGE):
        ledger = build_ledger(closed, method, replacement_rule=rule)
        assert ledger.lots == ()
        proceeds = sum((r.proceeds for r in ledger.realized), Decimal(0))
        # Every deferred loss landed in a lot that was later sold: nothing is lost or invented.
        assert ledger.realized_gain() == proceeds - paid
        totals.add((proceeds, ledger.realized_gain()))
    assert len(totals) == 1
