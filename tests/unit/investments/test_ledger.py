"""The lot ledger: matching methods, fees, splits, transfers, income and typed errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fin_infra.errors import CurrencyMismatchError, ValidationError
from fin_infra.investments import (
    Action,
    IncomeKind,
    InsufficientQuantityError,
    InvestmentTransaction,
    LedgerError,
    Method,
    Term,
    UnknownLotError,
    build_ledger,
    holding_term,
)
from fin_infra.models import Holding
from tests.unit.investments.builders import buy, day, sell, tx

D = Decimal


def three_lots() -> list[InvestmentTransaction]:
    """10 @ 10, 10 @ 30, 10 @ 20: FIFO, LIFO and HIFO each pick a different lot first."""
    return [
        buy("2023-01-10", 10, 10, id="a"),
        buy("2023-02-10", 10, 30, id="b"),
        buy("2023-03-10", 10, 20, id="c"),
    ]


@pytest.mark.parametrize(
    ("method", "basis", "lots_left"),
    [
        (Method.FIFO, D(350), ["b", "c"]),  # sold 10 @ 10 + 5 @ 30 = 250 of the 600
        (Method.LIFO, D(250), ["a", "b"]),  # sold 10 @ 20 + 5 @ 30 = 350
        (Method.HIFO, D(200), ["a", "c"]),  # sold 10 @ 30 + 5 @ 20 = 400
    ],
)
def test_methods_pick_lots_in_their_order(
    method: Method, basis: Decimal, lots_left: list[str]
) -> None:
    ledger = build_ledger([*three_lots(), sell("2023-06-01", 15, 25, id="s")], method)
    assert ledger.cost_basis() == basis
    assert [lot.lot_id for lot in ledger.lots] == lots_left
    assert ledger.position("XYZ") == 15
    assert sum(r.cost_basis for r in ledger.realized) == 600 - basis
    assert ledger.reconcile().difference == 0


def test_average_cost_pools_basis_and_sells_oldest_units_first() -> None:
    ledger = build_ledger([*three_lots(), sell("2023-06-01", 15, 25, id="s")], "average")
    # Average unit basis is 600 / 30 = 20, whichever lots the units come from.
    assert [(r.lot_id, r.quantity, r.cost_basis) for r in ledger.realized] == [
        ("a", 10, 200),
        ("b", 5, 100),
    ]
    assert ledger.cost_basis() == 300
    assert all(lot.unit_basis == 20 for lot in ledger.lots)
    assert ledger.realized[0].acquired == day("2023-01-10")  # oldest units leave first


def test_specific_lot_sale_and_lot_errors() -> None:
    ledger = build_ledger(
        [*three_lots(), sell("2023-06-01", 4, 25, id="s", lot_id="c")], Method.SPECIFIC
    )
    assert [(r.lot_id, r.cost_basis) for r in ledger.realized] == [("c", 80)]
    assert ledger.position("XYZ") == 26
    with pytest.raises(UnknownLotError, match="'zz'"):
        build_ledger([*three_lots(), sell("2023-06-01", 1, 25, lot_id="zz")])
    with pytest.raises(UnknownLotError, match="lot_id"):
        build_ledger([*three_lots(), sell("2023-06-01", 1, 25)], Method.SPECIFIC)
    with pytest.raises(InsufficientQuantityError, match="holds 10"):
        build_ledger([*three_lots(), sell("2023-06-01", 11, 25, lot_id="a")])


def test_fees_fractional_shares_and_gain_terms() -> None:
    ledger = build_ledger(
        [
            buy("2023-03-15", "1.5", "100", fees="1.50", id="b"),
            sell("2024-03-15", "0.5", "120", fees="0.60", id="s1"),
            sell("2024-03-16", "0.25", "120", id="s2"),
        ]
    )
    first, second = ledger.realized
    assert (first.proceeds, first.cost_basis, first.gain) == (D("59.40"), D("50.50"), D("8.90"))
    assert first.term is Term.SHORT  # a year to the day is not more than a year
    assert second.term is Term.LONG
    assert second.cost_basis == D("25.25")
    assert ledger.position("XYZ") == D("0.75")
    assert ledger.cost_basis() == D("75.75")
    assert ledger.realized_gain(year=2024) == D("8.90") + D("4.75")
    assert ledger.realized_gain(term=Term.LONG) == D("4.75")


def test_holding_period_pub_550_example() -> None:
    # IRS Publication 550, "Holding Period": property bought February 5 and sold on February 5
    # of the next year is held one year, not more (short-term); sold February 6, long-term.
    assert holding_term(day("2023-02-05"), day("2024-02-05")) is Term.SHORT
    assert holding_term(day("2023-02-05"), day("2024-02-06")) is Term.LONG
    assert holding_term(day("2024-02-29"), day("2025-02-28")) is Term.SHORT
    assert holding_term(day("2024-02-29"), day("2025-03-01")) is Term.LONG


def test_split_changes_units_not_basis() -> None:
    ledger = build_ledger(
        [
            buy("2023-01-10", 10, 300, id="a"),
            buy("2023-02-10", 5, 200, id="b"),
            tx(Action.SPLIT, "2023-06-01", ratio=3),
            sell("2023-07-01", 31, 110, id="s"),
        ]
    )
    assert ledger.position("XYZ") == 14
    # FIFO: all 30 post-split units of lot a (basis 3000) and 1 of b's 15 (basis 1000 / 15).
    assert [r.cost_basis for r in ledger.realized] == [D(3000), D("66.666666666667")]
    assert ledger.cost_basis() == D("933.333333333333")
    assert ledger.reconcile().difference == 0
    reverse = build_ledger(
        [buy("2023-01-10", 100, 1, id="r"), tx(Action.SPLIT, "2023-02-01", ratio="0.1")]
    )
    assert (reverse.lots[0].quantity, reverse.lots[0].cost_basis) == (D(10), D(100))


def test_transfers_keep_basis_and_holding_period() -> None:
    ledger = build_ledger(
        [
            buy("2022-01-03", 10, 50, id="a", account_id="taxable"),
            tx(
                Action.TRANSFER_OUT,
                "2023-05-01",
                quantity=4,
                account_id="taxable",
                to_account="other",
            ),
            acats(id="acats"),
            tx(Action.TRANSFER_OUT, "2023-05-03", quantity=1, account_id="taxable"),
        ]
    )
    other = ledger.open_lots(account_id="other")
    # The older transferred-in lot sorts first: FIFO is by acquisition date.
    assert [(lot.lot_id, lot.quantity, lot.cost_basis) for lot in other] == [
        ("acats", 2, 90),
        ("a/t1", 4, 200),  # units split off lot a get their own id
    ]
    assert other[1].acquired == day("2022-01-03")
    assert ledger.position("XYZ", "taxable") == 5
    assert [lot.cost_basis for lot in ledger.transferred_out] == [D(50)]
    recon = ledger.reconcile()
    assert (recon.basis_in, recon.transferred_out_basis, recon.difference) == (D(590), D(50), 0)
    sold = build_ledger([acats(), sell("2023-05-04", 2, 60, account_id="other")])
    assert sold.realized[0].term is Term.LONG


def acats(**fields: object) -> InvestmentTransaction:
    """Two units arriving in account "other" with basis 90, bought in 2021 elsewhere."""
    return tx(
        Action.TRANSFER_IN,
        "2023-05-02",
        quantity=2,
        amount="90",
        account_id="other",
        acquired=day("2021-01-04"),
        **fields,
    )


def test_dividends_reinvestment_and_fees() -> None:
    ledger = build_ledger(
        [
            buy("2024-01-02", 10, 50),
            tx(Action.DIVIDEND, "2024-03-28", amount="4.20"),
            tx(Action.REINVEST, "2024-06-28", quantity="0.08", price="52.50"),
            tx(Action.FEE, "2024-12-31", amount="15"),
        ]
    )
    assert ledger.dividends(2024) == D("8.40")
    assert ledger.fees() == 15
    assert ledger.dividends(2023) == 0
    assert [i.kind for i in ledger.income] == [IncomeKind.DIVIDEND] * 2 + [IncomeKind.FEE]
    assert ledger.position("XYZ") == D("10.08")
    assert ledger.cost_basis() == D("504.20")


def test_transactions_are_replayed_in_date_order() -> None:
    txs = [sell("2023-06-01", 5, 12, id="s"), buy("2023-01-01", 5, 10, id="b")]
    assert build_ledger(txs).realized[0].gain == 10


def test_holdings_as_domain_models() -> None:
    ledger = build_ledger([buy("2024-01-02", 3, 10, account_id="ira"), buy("2024-01-03", 1, 20)])
    holdings = sorted(ledger.holdings(), key=lambda h: h.account_id)
    assert holdings == [
        Holding(
            account_id="default", security_id="XYZ", symbol="XYZ", quantity=D(1), cost_basis=D(20)
        ),
        Holding(account_id="ira", security_id="XYZ", symbol="XYZ", quantity=D(3), cost_basis=D(30)),
    ]
    assert ledger.positions() == {("default", "XYZ"): 1, ("ira", "XYZ"): 3}


def test_selling_more_than_held_or_nothing_held() -> None:
    with pytest.raises(InsufficientQuantityError, match="but 2 held"):
        build_ledger([buy("2024-01-02", 2, 10), sell("2024-01-03", "2.01", 10)])
    with pytest.raises(InsufficientQuantityError, match="none held"):
        build_ledger([sell("2024-01-03", 1, 10)])
    with pytest.raises(InsufficientQuantityError):
        build_ledger([buy("2024-01-02", 2, 10), sell("2024-01-03", 1, 10, account_id="x")])


@pytest.mark.parametrize(
    "fields",
    [
        {"quantity": "-1", "price": "1"},
        {"quantity": "0", "price": "1"},
        {"quantity": "1", "price": "-1"},
        {"quantity": "1", "price": "1", "fees": "-0.01"},
        {"quantity": 1.5, "price": "1"},
        {"quantity": "1", "price": "1", "currency": "XXY"},
    ],
)
def test_bad_transactions_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        tx(Action.BUY, "2024-01-02", **fields)


def test_bad_cash_split_and_transfer_fields() -> None:
    with pytest.raises(ValidationError, match="ratio"):
        tx(Action.SPLIT, "2024-01-02", ratio=0)
    with pytest.raises(ValidationError, match="amount"):
        tx(Action.DIVIDEND, "2024-01-02", amount="-1")
    with pytest.raises(ValidationError, match="acquired after"):
        tx(Action.TRANSFER_IN, "2024-01-02", quantity=1, acquired=dt.date(2024, 2, 1))
    with pytest.raises(ValidationError, match="id"):
        InvestmentTransaction(id="", date=day("2024-01-02"), action=Action.FEE, symbol="X")
    with pytest.raises(ValidationError, match="trade date"):
        InvestmentTransaction(id="x", date="2024-01-02", action="fee", symbol="X", amount=1)  # type: ignore[arg-type]


def test_duplicate_ids_and_currency_mixing_are_refused() -> None:
    with pytest.raises(LedgerError, match="duplicate"):
        build_ledger([buy("2024-01-02", 1, 1, id="x"), buy("2024-01-03", 1, 1, id="x")])
    with pytest.raises(CurrencyMismatchError, match="held in USD"):
        build_ledger([buy("2024-01-02", 1, 1), buy("2024-01-03", 1, 1, currency="EUR")])
    mixed = build_ledger([buy("2024-01-02", 1, 1), buy("2024-01-03", 1, 1, "SAP", currency="EUR")])
    assert mixed.cost_basis("SAP") == 1
    with pytest.raises(CurrencyMismatchError):
        mixed.cost_basis()
