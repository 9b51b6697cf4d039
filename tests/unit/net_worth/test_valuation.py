"""compute_snapshot: sides, categories, holdings with quotes, FX, rounding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.errors import ValidationError
from fin_infra.money import D
from fin_infra.net_worth import NetWorthCategory, account_category, compute_snapshot
from fin_infra.normalization import FxRates, MissingFxRateError
from tests.unit.net_worth.builders import STAMP, account, holding, quote

DAY = dt.date(2025, 6, 30)


def test_accounts_land_on_their_side_and_category() -> None:
    snap = compute_snapshot(
        [
            account("chk", "depository", "1200.50"),
            account("sav", "depository", "5000"),
            account("ira", "investment", "20000"),
            account("home", "other", "350000", subtype="Real Estate"),
            account("art", "other", "900"),
            account("visa", "credit", "1500.25"),
            account("mortgage", "loan", "280000"),
        ],
        as_of=DAY,
    )
    assert snap.assets_breakdown == {
        "cash": D("6200.50"),
        "investments": D("20000.00"),
        "property": D("350000.00"),
        "other": D("900.00"),
    }
    assert snap.liabilities_breakdown == {"credit": D("1500.25"), "loan": D("280000.00")}
    assert (snap.total_assets, snap.total_liabilities) == (D("377100.50"), D("281500.25"))
    assert snap.net_worth == D("95600.25")
    assert (snap.as_of, snap.currency) == (DAY, "USD")


def test_negative_balances_switch_side() -> None:
    snap = compute_snapshot(
        [account("chk", "depository", "-75"), account("visa", "credit", "-20")], as_of=DAY
    )
    assert snap.assets_breakdown == {"cash": D("20.00")}
    assert snap.liabilities_breakdown == {"overdraft": D("75.00")}
    assert snap.net_worth == D("-55.00")


def test_categories_can_be_overridden_per_account() -> None:
    car = account("car", "other", "12000")
    assert account_category(car) is NetWorthCategory.OTHER
    assert account_category(car, {"car": "property"}) is NetWorthCategory.PROPERTY
    snap = compute_snapshot(
        [car, account("hsa", "depository", "300")],
        as_of=DAY,
        categories={"car": NetWorthCategory.PROPERTY, "hsa": "investments"},
    )
    assert snap.assets_breakdown == {"property": D("12000.00"), "investments": D("300.00")}
    with pytest.raises(ValueError, match="'boat'"):
        compute_snapshot([car], as_of=DAY, categories={"car": "boat"})


def test_holdings_are_valued_with_the_latest_quote_instead_of_the_balance() -> None:
    snap = compute_snapshot(
        [account("brk", "investment", "999999")],
        [holding("brk", "AAPL", "10"), holding("brk", "BND", "4.5")],
        [
            quote("AAPL", "150", stamp=STAMP - dt.timedelta(days=1)),
            quote("AAPL", "200.10"),
            quote("BND", "72.333"),
        ],
        as_of=DAY,
    )
    assert snap.assets_breakdown == {"investments": D("2326.50")}  # 2001 + 325.4985


def test_institution_price_is_the_fallback_and_a_missing_price_fails() -> None:
    priced = holding("brk", None, "3", institution_price="11.10")
    snap = compute_snapshot([account("brk", "investment", "0")], [priced], as_of=DAY)
    assert snap.total_assets == D("33.30")
    with pytest.raises(ValidationError, match="no quote for 'XYZ'"):
        compute_snapshot([], [holding("brk", "XYZ", "1")], as_of=DAY)


def test_holdings_of_accounts_not_passed_count_as_investments() -> None:
    snap = compute_snapshot(
        [], [holding("elsewhere", "VTI", "2")], [quote("VTI", "250")], as_of=DAY
    )
    assert snap.assets_breakdown == {"investments": D("500.00")}


def test_currencies_are_converted_and_a_missing_rate_fails_loudly() -> None:
    accounts = [
        account("eur", "depository", "1000", currency="EUR"),
        account("gbp", "loan", "100", currency="GBP"),
    ]
    fx = FxRates({("EUR", "USD"): "1.0857", ("GBP", "USD"): "1.2731"})
    snap = compute_snapshot(accounts, as_of=DAY, fx=fx)
    assert snap.assets_breakdown == {"cash": D("1085.70")}
    assert snap.liabilities_breakdown == {"loan": D("127.31")}
    in_eur = compute_snapshot(accounts, as_of=DAY, fx=fx, currency="EUR")
    assert in_eur.assets_breakdown == {"cash": D("1000.00")}
    assert in_eur.liabilities_breakdown == {"loan": D("117.26")}  # 100 * 1.2731 / 1.0857
    with pytest.raises(MissingFxRateError, match="GBP to USD"):
        compute_snapshot(accounts, as_of=DAY, fx=FxRates({("EUR", "USD"): "1.0857"}))
    with pytest.raises(MissingFxRateError, match="EUR to USD"):
        compute_snapshot(accounts, as_of=DAY)
    with pytest.raises(MissingFxRateError, match="EUR to USD"):
        compute_snapshot([], [holding("b", "SAP", "1")], [quote("SAP", "200", "EUR")], as_of=DAY)


def test_missing_balance_fails() -> None:
    with pytest.raises(ValidationError, match="'chk' has no current balance"):
        compute_snapshot([account("chk", "depository", None)], as_of=DAY)


def test_minor_units_follow_the_currency() -> None:
    snap = compute_snapshot(
        [account("a", "depository", "1000", currency="USD")],
        as_of=DAY,
        currency="JPY",
        fx=FxRates({("USD", "JPY"): "157.355"}),
    )
    assert snap.total_assets == D("157355")
    assert snap.net_worth.as_tuple().exponent == 0


balances = st.decimals(min_value=-(10**7), max_value=10**7, places=3)
types = st.sampled_from(["depository", "credit", "loan", "investment", "other"])


@given(st.lists(st.tuples(types, balances, st.booleans()), max_size=12))
def test_snapshots_always_add_up(rows: list[tuple[str, Decimal, bool]]) -> None:
    fx = FxRates({("EUR", "USD"): "1.0857"})
    accounts = [
        account(f"a{i}", kind, str(value), currency="EUR" if euro else "USD")
        for i, (kind, value, euro) in enumerate(rows)
    ]
    snap = compute_snapshot(accounts, as_of=DAY, fx=fx)
    assert snap.total_assets == sum(snap.assets_breakdown.values(), D(0))
    assert snap.total_liabilities == sum(snap.liabilities_breakdown.values(), D(0))
    assert snap.net_worth == snap.total_assets - snap.total_liabilities
    assert all(
        v >= 0 for v in [*snap.assets_breakdown.values(), *snap.liabilities_breakdown.values()]
    )
    exact = sum(
        (D(1) if a.is_liability else D(-1))
        * -(a.balances.current or 0)
        * (D("1.0857") if a.balances.currency == "EUR" else 1)
        for a in accounts
    )
    # Each breakdown line is rounded once: at most half a cent off per line.
    lines = len(snap.assets_breakdown) + len(snap.liabilities_breakdown)
    assert abs(snap.net_worth - exact) <= D("0.005") * lines
