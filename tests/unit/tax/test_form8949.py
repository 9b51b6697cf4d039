"""Form 8949 rows: parts and boxes, code W with the adjustment, rounding at the edge, CSV/JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from fin_infra.errors import CurrencyMismatchError
from fin_infra.investments import InvestmentTransaction, build_ledger
from fin_infra.tax import COLUMNS, form_8949, form_8949_csv, form_8949_json, wash_sale_ledger
from tests.unit.investments.builders import buy, sell

D = Decimal


def year_2024() -> list[InvestmentTransaction]:
    return [
        buy("2022-05-02", 3, "10.005", "LT", id="lt"),
        buy("2024-01-02", 100, 10, id="old"),
        sell("2024-03-01", 100, "7.50", id="loss"),
        buy("2024-03-20", 100, 8, id="new"),
        sell("2024-08-01", 3, "20.0049", "LT", lot_id="lt", id="lt-sale"),
        sell("2023-12-01", 1, 12, "ABC", id="last-year"),
        buy("2023-11-01", 1, 10, "ABC"),
    ]


def test_rows_parts_boxes_and_wash_code() -> None:
    rows = form_8949(wash_sale_ledger(year_2024()), 2024)
    short, long_ = rows
    assert (short.part, short.box, short.code, short.adjustment) == ("I", "A", "W", D("250.00"))
    assert (short.proceeds, short.cost_basis, short.gain_or_loss) == (D("750.00"), D("1000.00"), 0)
    assert (short.description, short.date_acquired, short.date_sold) == (
        "100 sh. XYZ",
        "01/02/2024",
        "03/01/2024",
    )
    assert (long_.part, long_.box, long_.code) == ("II", "D", "")
    # Rounded at the edge, half up; (h) = (d) - (e) + (g) on the rounded columns.
    assert (long_.proceeds, long_.cost_basis, long_.gain_or_loss) == (
        D("60.01"),
        D("30.02"),
        D("29.99"),
    )
    noncovered = form_8949(wash_sale_ledger(year_2024()), 2024, reporting="noncovered", places=0)
    assert [(r.box, r.proceeds) for r in noncovered] == [("B", D(750)), ("E", D(60))]


def test_csv_and_json_round_trip() -> None:
    rows = form_8949(wash_sale_ledger(year_2024()), 2024)
    parsed = list(csv.DictReader(io.StringIO(form_8949_csv(rows))))
    assert tuple(parsed[0]) == COLUMNS
    assert parsed[0]["code"] == "W"
    assert [D(p["gain_or_loss"]) for p in parsed] == [r.gain_or_loss for r in rows]
    data = json.loads(form_8949_json(rows))
    assert data["rows"][1]["proceeds"] == "60.01"
    assert data["totals"] == {
        "I": {
            "proceeds": "750.00",
            "cost_basis": "1000.00",
            "adjustment": "250.00",
            "gain_or_loss": "0.00",
        },
        "II": {
            "proceeds": "60.01",
            "cost_basis": "30.02",
            "adjustment": "0.00",
            "gain_or_loss": "29.99",
        },
    }


def test_tax_deferred_accounts_left_out() -> None:
    ledger = build_ledger(
        [
            buy("2024-01-02", 1, 10, account_id="ira"),
            sell("2024-02-01", 1, 11, account_id="ira"),
            buy("2024-01-02", 2, 10),
            sell("2024-02-01", 2, 11),
        ]
    )
    rows = form_8949(ledger, 2024, exclude_accounts={"ira"})
    assert [r.description for r in rows] == ["2 sh. XYZ"]
    assert len(form_8949(ledger, 2024)) == 2


def test_only_usd_rows() -> None:
    ledger = build_ledger(
        [buy("2024-01-02", 1, 10, currency="EUR"), sell("2024-02-01", 1, 11, currency="EUR")]
    )
    with pytest.raises(CurrencyMismatchError, match="USD"):
        form_8949(ledger, 2024)
