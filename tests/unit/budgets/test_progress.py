"""Budget progress: spending, refunds, transfers, pending, projection, alerts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.budgets import BudgetAlert, budget_progress, carry_over
from fin_infra.errors import CurrencyMismatchError, ValidationError
from fin_infra.money import D
from tests.unit.budgets.builders import GROCERIES, JAN_1, JAN_31, make_budget, txn

MID = dt.date(2025, 1, 16)


def kinds(alerts: tuple[BudgetAlert, ...], category: str | None) -> list[tuple[str, object]]:
    return [(a.kind.value, a.threshold) for a in alerts if a.category == category]


def test_spent_remaining_percent_and_pace() -> None:
    report = budget_progress(
        make_budget(),
        [txn("-100", 3, "FOOD_AND_DRINK_GROCERIES"), txn("-20.50", 15, "FOOD_AND_DRINK_GROCERIES")],
        as_of=MID,
        category_map=GROCERIES,
    )
    food = report.categories["Groceries"]
    assert (food.budgeted, food.spent, food.remaining) == (D(600), D("120.50"), D("479.50"))
    assert food.percent_used == D("20.08")
    assert (report.days_elapsed, report.days_total) == (16, 31)
    assert food.projected_spend == D("233.47")  # 120.50 / 16 * 31, to the cent
    assert report.total.budgeted == D(800)
    assert report.total.spent == D("120.50")
    assert report.categories["Restaurants"].spent == 0
    assert report.alerts == ()


def test_refund_reduces_spending_and_can_exceed_it() -> None:
    budget = make_budget()
    report = budget_progress(
        budget,
        [txn("-80", 5, "FOOD_AND_DRINK_RESTAURANT"), txn("30", 6, "FOOD_AND_DRINK_RESTAURANT")],
        as_of=MID,
        category_map=GROCERIES,
    )
    assert report.categories["Restaurants"].spent == D(50)
    only_refund = budget_progress(
        budget, [txn("25", 6, "FOOD_AND_DRINK_RESTAURANT")], as_of=MID, category_map=GROCERIES
    )
    line = only_refund.categories["Restaurants"]
    assert (line.spent, line.remaining) == (D(-25), D(225))


def test_transfers_and_card_payments_are_not_spending_unless_mapped() -> None:
    budget = make_budget(categories={"Groceries": D(600), "Savings": D(500)})
    moves = [
        txn("-300", 2, "TRANSFER_OUT_ACCOUNT_TRANSFER"),
        txn("300", 2, "TRANSFER_IN_ACCOUNT_TRANSFER"),
        txn("-450", 4, "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT"),
    ]
    report = budget_progress(budget, moves, as_of=MID, category_map=GROCERIES)
    assert report.total.spent == 0
    assert report.unbudgeted_spent == 0
    saving = budget_progress(
        budget, moves, as_of=MID, category_map={"TRANSFER_OUT_ACCOUNT_TRANSFER": "Savings"}
    )
    assert saving.categories["Savings"].spent == D(300)


def test_unbudgeted_counts_outflows_outside_the_categories_only() -> None:
    report = budget_progress(
        make_budget(),
        [
            txn("-60", 3, "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES"),
            txn("3000", 1, "INCOME_WAGES"),
            txn("-10", 3, None),
            txn("-99", 3, None, currency="EUR"),  # another currency: not this budget's money
        ],
        as_of=MID,
        category_map=GROCERIES,
    )
    assert report.unbudgeted_spent == D(70)
    assert report.total.spent == 0


def test_categories_match_plaid_names_without_a_map() -> None:
    budget = make_budget(categories={"FOOD_AND_DRINK": D(500), "FOOD_AND_DRINK_GROCERIES": D(300)})
    report = budget_progress(
        budget,
        [txn("-40", 3, "FOOD_AND_DRINK_GROCERIES"), txn("-15", 3, "FOOD_AND_DRINK_RESTAURANT")],
        as_of=MID,
    )
    assert report.categories["FOOD_AND_DRINK_GROCERIES"].spent == D(40)  # detailed wins
    assert report.categories["FOOD_AND_DRINK"].spent == D(15)


def test_map_to_a_category_the_budget_lacks_counts_nowhere() -> None:
    report = budget_progress(
        make_budget(),
        [txn("-40", 3, "FOOD_AND_DRINK_GROCERIES")],
        as_of=MID,
        category_map={"FOOD_AND_DRINK_GROCERIES": "Food"},
    )
    assert report.total.spent == 0


def test_pending_counts_once_and_gives_way_to_its_posted_version() -> None:
    pending = txn("-42", 9, "FOOD_AND_DRINK_GROCERIES", id="p1", pending=True)
    posted = txn("-45", 10, "FOOD_AND_DRINK_GROCERIES", id="x1", pending_transaction_id="p1")
    still_pending = txn("-5", 11, "FOOD_AND_DRINK_GROCERIES", id="p2", pending=True)
    report = budget_progress(
        make_budget(),
        [pending, posted, posted, still_pending],
        as_of=MID,
        category_map=GROCERIES,
    )
    assert report.categories["Groceries"].spent == D(50)


def test_only_the_period_up_to_as_of_counts() -> None:
    outside = [
        txn("-10", 5, "FOOD_AND_DRINK_GROCERIES", date=dt.date(2024, 12, 31)),
        txn("-20", 5, "FOOD_AND_DRINK_GROCERIES", date=dt.date(2025, 2, 1)),
        txn("-40", 20, "FOOD_AND_DRINK_GROCERIES"),
    ]
    report = budget_progress(make_budget(), outside, as_of=MID, category_map=GROCERIES)
    assert report.total.spent == 0
    later = budget_progress(make_budget(), outside, as_of=JAN_31, category_map=GROCERIES)
    assert later.total.spent == D(40)


def test_pace_before_and_after_the_period() -> None:
    spend = [txn("-300", 31, "FOOD_AND_DRINK_GROCERIES")]
    before = budget_progress(make_budget(), spend, as_of=dt.date(2024, 12, 1))
    assert (before.days_elapsed, before.total.projected_spend) == (0, 0)
    after = budget_progress(make_budget(), spend, as_of=dt.date(2025, 3, 1), category_map=GROCERIES)
    assert after.days_elapsed == after.days_total == 31
    assert after.total.projected_spend == after.total.spent == D(300)


@pytest.mark.parametrize(
    ("spent", "expected"),
    [
        ("479.99", []),
        ("480", [("threshold", D(80))]),
        ("600", [("threshold", D(100))]),
        ("600.01", [("threshold", D(100)), ("overspent", None)]),
    ],
)
def test_threshold_and_overspend_alerts(spent: str, expected: list[tuple[str, object]]) -> None:
    budget = make_budget(categories={"Groceries": D(600), "Restaurants": D(5000)})
    report = budget_progress(
        budget,
        [txn(f"-{spent}", 1, "FOOD_AND_DRINK_GROCERIES")],
        as_of=JAN_31,
        category_map=GROCERIES,
    )
    assert kinds(report.alerts, "Groceries") == expected
    assert kinds(report.alerts, None) == []


def test_projected_overspend_is_an_early_warning() -> None:
    report = budget_progress(
        make_budget(),
        [txn("-50", 2, "FOOD_AND_DRINK_RESTAURANT")],
        as_of=dt.date(2025, 1, 5),
        category_map=GROCERIES,
        thresholds=[20],
    )
    line = report.categories["Restaurants"]
    assert line.projected_spend == D(310)
    assert kinds(report.alerts, "Restaurants") == [
        ("threshold", D(20)),
        ("projected_overspend", None),
    ]
    alert = report.alerts[0]
    assert (alert.spent, alert.budgeted, alert.percent_used) == (D(50), D(200), D(25))


@pytest.mark.parametrize("thresholds", [[0], [-5, 80]])
def test_thresholds_must_be_positive(thresholds: list[int]) -> None:
    with pytest.raises(ValidationError, match="positive"):
        budget_progress(make_budget(), [], as_of=MID, thresholds=thresholds)


def test_other_currency_spending_fails_loudly() -> None:
    with pytest.raises(CurrencyMismatchError, match="EUR"):
        budget_progress(
            make_budget(),
            [txn("-5", 3, "FOOD_AND_DRINK_GROCERIES", currency="EUR")],
            as_of=MID,
            category_map=GROCERIES,
        )


def test_carried_amounts_add_to_the_budget_and_roll_on() -> None:
    budget = make_budget(carried_over={"Groceries": D(-650), "Restaurants": D(25)})
    report = budget_progress(
        budget, [txn("-10", 3, "FOOD_AND_DRINK_GROCERIES")], as_of=MID, category_map=GROCERIES
    )
    food = report.categories["Groceries"]
    assert (food.budgeted, food.percent_used, food.remaining) == (D(-50), None, D(-60))
    assert kinds(report.alerts, "Groceries") == [("overspent", None)]
    assert report.categories["Restaurants"].budgeted == D(225)
    assert carry_over(report) == {"Groceries": D(-60), "Restaurants": D(225)}


names = st.sampled_from(sorted(GROCERIES))
amounts = st.decimals(min_value=-500, max_value=500, places=2, allow_nan=False)


@given(
    st.lists(st.tuples(amounts, st.integers(1, 31), names), max_size=30),
    st.dates(min_value=JAN_1, max_value=JAN_31),
)
def test_remaining_plus_spent_is_budgeted(
    rows: list[tuple[Decimal, int, str]], as_of: dt.date
) -> None:
    transactions = [txn(a, day, name) for a, day, name in rows]
    report = budget_progress(make_budget(), transactions, as_of=as_of, category_map=GROCERIES)
    for line in [*report.categories.values(), report.total]:
        assert line.remaining + line.spent == line.budgeted
    assert report.total.spent == sum(line.spent for line in report.categories.values())
    expected = -sum((a for a, day, _ in rows if day <= as_of.day), Decimal(0))
    assert report.total.spent == expected
    assert report.days_elapsed == as_of.day
