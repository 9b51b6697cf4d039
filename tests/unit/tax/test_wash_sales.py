"""The wash-sale rule, with IRS Publication 550 ("Wash Sales", "Holding Period") worked examples.

Publication 550, Investment Income and Expenses: a loss on stock sold is not deductible when
substantially identical stock is bought within 30 days before or after the sale; the disallowed
loss is added to the basis of the new stock, whose holding period includes that of the old stock.
When fewer or more shares are bought than sold, shares are matched in the order bought.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.investments import Action, InvestmentTransaction, Method, Term, build_ledger
from fin_infra.tax import WashSaleRule, wash_sale_ledger
from tests.unit.investments.builders import buy, day, sell, tx

D = Decimal


def test_pub_550_basic_example_basis_of_new_stock() -> None:
    # Pub. 550, "Wash Sales", Example 1: 100 shares bought for $1,000 and sold for $750; within
    # 30 days 100 shares bought again for $800. The $250 loss is not deductible; the new basis is
    # $800 + $250 = $1,050.
    ledger = wash_sale_ledger(_example_1())
    (row,) = ledger.realized
    assert (row.gain, row.wash_disallowed, row.reportable_gain) == (D(-250), D(250), 0)
    (lot,) = ledger.lots
    assert (lot.quantity, lot.cost_basis, lot.wash_adjustment) == (100, D(1050), D(250))
    (wash,) = ledger.wash_sales
    assert (wash.sale_id, wash.sold_lot_id, wash.replacement_lot_id) == ("loss", "old", "new/w1")
    # Selling the replacement later at $9 recognises the deferred loss: 900 - 1,050 = -150.
    later = wash_sale_ledger([*_example_1(), sell("2024-06-03", 100, 9, id="exit")])
    assert later.realized_gain(year=2024) == D(-150)
    assert later.realized_gain() == 900 - 1000 - 800 + 750


def _example_1() -> list[InvestmentTransaction]:
    """Pub. 550 Example 1 as transactions."""
    return [
        buy("2024-01-02", 100, 10, id="old"),
        sell("2024-03-01", 100, "7.50", id="loss"),
        buy("2024-03-20", 100, 8, id="new"),
    ]


def test_pub_550_more_stock_bought_than_sold_matches_earliest_purchases() -> None:
    # Pub. 550, "More or less stock bought than sold": 100 shares sold at a $1,000 loss after
    # buying 50 shares on each of the 4 days before the sale. The loss is disallowed against the
    # first two purchases (the first 100 shares bought); the later two keep their cost basis.
    ledger = wash_sale_ledger(
        [
            buy("2021-09-24", 100, 20, id="sept"),
            *(buy(f"2022-01-{d}", 50, 10, id=f"jan{d}") for d in (28, 29, 30, 31)),
            sell("2022-02-01", 100, 10, id="sale", lot_id="sept"),
        ]
    )
    assert ledger.realized[0].wash_disallowed == 1000
    by_id = {lot.lot_id: lot for lot in ledger.lots}
    assert {k: v.cost_basis for k, v in by_id.items()} == {
        "jan28/w1": D(1000),
        "jan29/w1": D(1000),
        "jan30": D(500),
        "jan31": D(500),
    }
    # Holding period tacked on: 130 days held (2021-09-24 to 2022-02-01) before each new lot.
    assert by_id["jan28/w1"].holding_start == day("2021-09-20")
    assert by_id["jan30"].holding_start == day("2022-01-30")


def test_fewer_shares_bought_than_sold_disallows_proportionally() -> None:
    # Pub. 550: when fewer replacement shares are bought than were sold, only the loss on the
    # matched shares is disallowed. 100 sold at a $3/share loss, 75 bought back: $225 disallowed.
    ledger = wash_sale_ledger(
        [
            buy("2024-01-02", 100, 25),
            sell("2024-02-01", 100, 22, id="s"),
            buy("2024-02-20", 75, "22.50", id="back"),
        ]
    )
    (row,) = ledger.realized
    assert (row.gain, row.wash_disallowed, row.reportable_gain) == (D(-300), D(225), D(-75))
    assert ledger.lots[0].cost_basis == D("1687.50") + 225


def test_partial_replacement_buy_splits_the_new_lot() -> None:
    ledger = wash_sale_ledger(
        [
            buy("2024-01-02", 10, 50, id="a"),
            sell("2024-02-01", 10, 40, id="s"),
            buy("2024-02-15", 25, 42, id="b"),
        ]
    )
    assert [(lot.lot_id, lot.quantity, lot.cost_basis) for lot in ledger.lots] == [
        ("b/w1", 10, D(420) + 100),
        ("b", 15, D(630)),
    ]
    assert ledger.position("XYZ") == 25


def test_tacked_holding_period_can_make_the_replacement_long_term() -> None:
    # Pub. 550, "Holding Period": the new stock's holding period includes the old stock's.
    txs = [
        buy("2022-06-01", 10, 100, id="old"),
        sell("2023-05-20", 10, 80, id="loss"),
        buy("2023-05-25", 10, 81, id="new"),
        sell("2023-06-10", 10, 90, id="exit"),
    ]
    with_rule = wash_sale_ledger(txs)
    assert with_rule.realized[1].term is Term.LONG  # held since 2022-06-06 after tacking
    assert with_rule.realized[1].acquired == day("2022-06-06")
    assert build_ledger(txs).realized[1].term is Term.SHORT


@pytest.mark.parametrize(("rebuy", "washed"), [("2024-03-31", True), ("2024-04-01", False)])
def test_window_is_thirty_days_after(rebuy: str, washed: bool) -> None:
    ledger = wash_sale_ledger(
        [buy("2024-01-02", 1, 10), sell("2024-03-01", 1, 8), buy(rebuy, 1, 8)]
    )
    assert bool(ledger.wash_sales) is washed


@pytest.mark.parametrize(("first", "washed"), [("2024-01-31", True), ("2024-01-30", False)])
def test_window_is_thirty_days_before(first: str, washed: bool) -> None:
    ledger = wash_sale_ledger(
        [
            buy("2023-06-01", 1, 10, id="old"),
            buy(first, 1, 9, id="recent"),
            sell("2024-03-01", 1, 8, lot_id="old"),
        ]
    )
    assert bool(ledger.wash_sales) is washed


def test_across_accounts_substantially_identical_groups_and_gains() -> None:
    txs = [
        buy("2024-01-02", 5, 100, "VFIAX", account_id="taxable"),
        sell("2024-02-01", 5, 90, "VFIAX", account_id="taxable", id="s"),
        buy("2024-02-05", 5, 91, "VOO", account_id="spouse-joint", id="r"),
    ]
    assert wash_sale_ledger(txs).wash_sales == ()  # different symbols by default
    ledger = wash_sale_ledger(txs, rule=WashSaleRule.from_groups([["VFIAX", "VOO"]]))
    (wash,) = ledger.wash_sales
    assert (wash.replacement_account_id, wash.disallowed) == ("spouse-joint", D(50))
    assert ledger.cost_basis("VOO") == 455 + 50
    gain = wash_sale_ledger(
        [buy("2024-01-02", 1, 10), sell("2024-02-01", 1, 12), buy("2024-02-02", 1, 12)]
    )
    assert gain.wash_sales == ()


def test_a_share_replaces_only_one_loss_and_not_its_own_lot() -> None:
    ledger = wash_sale_ledger(
        [
            buy("2024-01-02", 10, 10, id="a"),
            sell("2024-01-20", 4, 8, id="s1"),  # rest of lot a is no replacement for it
            buy("2024-01-25", 4, 8, id="b"),
            sell("2024-01-26", 6, 8, id="s2", lot_id="a"),
        ],
        Method.FIFO,
    )
    assert [(w.sale_id, w.replacement_lot_id, w.quantity) for w in ledger.wash_sales] == [
        ("s1", "b/w1", 4)
    ]
    assert ledger.realized[1].wash_disallowed == 0


def test_dividend_reinvestment_is_a_purchase() -> None:
    ledger = wash_sale_ledger(
        [
            buy("2024-01-02", 10, 10),
            sell("2024-03-01", 10, 8, id="s"),
            tx(Action.REINVEST, "2024-03-15", quantity="0.5", price="8", id="drip"),
        ]
    )
    assert ledger.realized[0].wash_disallowed == 1  # 0.5 of 10 units: 1/20 of the $20 loss
    assert ledger.lots[0].cost_basis == 5


def test_rule_validation() -> None:
    with pytest.raises(ValidationError):
        WashSaleRule(window_days=-1)
    with pytest.raises(ValidationError, match="two"):
        WashSaleRule.from_groups([["A", "B"], ["b", "C"]])
    assert WashSaleRule().group("us0378331005") == "us0378331005"  # an ISIN is kept as given


def test_earlier_purchase_partly_used_as_replacement_is_split() -> None:
    ledger = wash_sale_ledger(_partly_used())
    assert [
        (lot.lot_id, lot.quantity, lot.cost_basis, lot.holding_start) for lot in ledger.lots
    ] == [
        ("recent/w1", 30, D(360) + 300, day("2022-12-24")),  # the 423 days "old" was held
        ("recent", 20, D(240), day("2024-02-20")),
    ]
    # A later FIFO sale of 30 takes the replacement units, long-term by the tacked period.
    later = wash_sale_ledger([*_partly_used(), sell("2024-04-01", 30, 15, id="x")])
    assert (later.realized[-1].term, later.realized[-1].gain) == (Term.LONG, D(450) - 660)


def _partly_used() -> list[InvestmentTransaction]:
    """$300 loss on 30 units sold, 30 of 50 units bought 10 days before replace them."""
    return [
        buy("2023-01-03", 30, 20, id="old"),
        buy("2024-02-20", 50, 12, id="recent"),
        sell("2024-03-01", 30, 10, id="s", lot_id="old"),
    ]


def test_replacement_in_an_ira_disallows_without_basis() -> None:
    # Rev. Rul. 2008-5: a loss replaced in the owner's IRA is disallowed, and the IRA basis is
    # not increased. Sales inside the IRA are never wash sales themselves.
    rule = WashSaleRule(tax_deferred_accounts=frozenset({"ira"}))
    ledger = wash_sale_ledger(
        [
            buy("2024-01-02", 10, 50, id="a"),
            buy("2023-12-01", 10, 50, id="ira-old", account_id="ira"),
            sell("2024-02-01", 10, 40, id="s"),
            buy("2024-02-10", 10, 41, id="ira-new", account_id="ira"),
            sell("2024-02-12", 10, 30, id="ira-sale", account_id="ira", lot_id="ira-old"),
        ],
        rule=rule,
    )
    (wash,) = ledger.wash_sales
    assert (wash.replacement_lot_id, wash.disallowed, wash.basis_added) == (
        "ira-new/w1",
        100,
        False,
    )
    assert ledger.realized[0].reportable_gain == 0
    assert ledger.realized[1].wash_disallowed == 0  # the IRA's own loss is not a wash sale
    (lot,) = ledger.lots
    assert (lot.cost_basis, lot.holding_start) == (D(410), day("2024-02-10"))
    recon = ledger.reconcile()
    assert (recon.wash_adjustments, recon.difference) == (0, 0)
    later = wash_sale_ledger(
        [
            buy("2024-01-05", 5, 50, id="x", account_id="ira"),
            buy("2024-01-02", 5, 60, id="y"),
            sell("2024-01-10", 5, 40, lot_id="y"),
        ],
        rule=rule,
    )
    assert [(w.replacement_lot_id, w.basis_added) for w in later.wash_sales] == [("x/w1", False)]
    assert later.lots[0].cost_basis == 250
