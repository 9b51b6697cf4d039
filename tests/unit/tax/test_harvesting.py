"""Tax-loss harvesting: thresholds, estimated savings, wash-sale risk, replacements."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.investments import InvestmentTransaction, Term, build_ledger
from fin_infra.tax import PlannedBuy, TaxRates, WashSaleRule, harvest_candidates
from tests.unit.investments.builders import buy, day

D = Decimal
RATES = TaxRates(short_term=D("0.35"), long_term=D("0.15"))


def portfolio() -> list[InvestmentTransaction]:
    return [
        buy("2023-01-10", 10, 100, "VTI", id="vti-old"),  # long-term loss of 200 at 80
        buy("2024-05-01", 10, 90, "VTI", id="vti-new"),  # short-term loss of 100 at 80
        buy("2024-05-01", 5, 50, "QQQ", id="qqq"),  # gain: never a candidate
        buy("2024-05-02", 4, 30, "VXUS", id="vxus"),  # short-term loss of 20 at 25
    ]


PRICES = {"VTI": "80", "QQQ": "60", "VXUS": "25"}


def test_candidates_ranked_by_tax_saved_with_threshold() -> None:
    ledger = build_ledger(portfolio())
    found = harvest_candidates(ledger, PRICES, day("2024-07-01"), rates=RATES, min_loss=D(50))
    assert [(c.lot_id, c.loss, c.term, c.estimated_tax_saved) for c in found] == [
        ("vti-new", D(100), Term.SHORT, D("35.00")),
        ("vti-old", D(200), Term.LONG, D("30.00")),
    ]
    assert not any(c.wash_sale_risk for c in found)
    everything = harvest_candidates(ledger, PRICES, day("2024-07-01"), rates=RATES)
    assert [c.symbol for c in everything] == ["VTI", "VTI", "VXUS"]


def test_recent_and_planned_buys_put_units_at_risk() -> None:
    ledger = build_ledger([*portfolio(), buy("2024-06-20", 3, 81, "VTI", id="recent")])
    found = {
        c.lot_id: c
        for c in harvest_candidates(
            ledger,
            PRICES,
            day("2024-07-01"),
            rates=RATES,
            planned_buys=[PlannedBuy("vti", day("2024-07-15"), D(4))],
        )
    }
    # Earliest candidate first: vti-old takes the 3 recent units and 4 planned ones.
    old = found["vti-old"]
    assert (old.at_risk_quantity, old.conflicts) == (7, ("recent", "planned vti 2024-07-15"))
    assert old.estimated_tax_saved == D(200) * 3 / 10 * D("0.15")
    assert not found["vti-new"].wash_sale_risk
    assert found["recent"].loss == 3
    assert found["recent"].conflicts == ()


def test_replacements_are_never_substantially_identical() -> None:
    ledger = build_ledger(portfolio())
    rule = WashSaleRule.from_groups([["VTI", "VTSAX"]])
    found = harvest_candidates(
        ledger,
        PRICES,
        day("2024-07-01"),
        rates=RATES,
        rule=rule,
        replacements={"VTI": ["VTSAX", "vti", "ITOT", "SCHB"], "VXUS": ["IXUS"]},
    )
    assert {c.symbol: c.replacements for c in found} == {
        "VTI": ("ITOT", "SCHB"),
        "VXUS": ("IXUS",),
    }


def test_rates_are_fractions() -> None:
    with pytest.raises(ValidationError):
        TaxRates(short_term=D(35), long_term=D("0.15"))
    assert TaxRates(short_term="0.1", long_term=0).rate(Term.LONG) == 0  # type: ignore[arg-type]
